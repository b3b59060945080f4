"""The ranking as it was before the road network, for bench/recommend.py to compare against:
straight line to the nearest 24 candidates, then one Dijkstra over the 1,629-node street graph
made from police open-data street points (controlroom/geo/streets.py), with a detour factor
where that graph reaches neither end. Kept only to be measured."""

from __future__ import annotations

import heapq
import math

from controlroom.geo.streets import StreetGraph
from controlroom.recommend import M_PER_DEG, Recommendation, Unit
from controlroom.vocabulary import DEPLOYABLE

RESPONSE_SPEED = {"vehicle": 15.0, "mounted": 4.0, "cycle": 5.0, "foot": 1.6, "air": 50.0}
ROAD_DETOUR = 1.35
LEG_LIMIT_M = 600.0
GRAPH_TRUST = 2.5
ROUTED = 24


def recommend_before(
    units: list[Unit],
    lat: float,
    lon: float,
    now: float,
    stale_after_s: float,
    graph: StreetGraph | None = None,
    limit: int = 10,
) -> list[Recommendation]:
    cos = math.cos(math.radians(lat))
    fresh = [
        u
        for u in units
        if u.status in DEPLOYABLE
        and u.lat is not None
        and u.last_seen is not None
        and now - u.last_seen <= stale_after_s
    ]
    straight = {u.callsign: math.hypot(u.lat - lat, (u.lon - lon) * cos) * M_PER_DEG for u in fresh}
    # Best case for each: the straight line at its response speed.
    bound = heapq.nsmallest(
        max(ROUTED, limit), fresh, key=lambda u: straight[u.callsign] / _speed(u)
    )
    distances = _road_distances(graph, bound, lat, lon, straight)
    ranked = [
        Recommendation(
            u.callsign,
            distances[u.callsign][0] / _speed(u),
            distances[u.callsign][0],
            straight[u.callsign],
            u.status,
            u.mode,
            distances[u.callsign][1],
        )
        for u in bound
    ]
    ranked.sort(key=lambda r: (r.eta_s, r.callsign))
    return ranked[:limit]


def _speed(unit: Unit) -> float:
    return RESPONSE_SPEED.get(unit.mode, RESPONSE_SPEED["foot"])


def _road_distances(graph, units, lat, lon, straight) -> dict[str, tuple[float, bool]]:
    estimate = {u.callsign: (straight[u.callsign] * ROAD_DETOUR, False) for u in units}
    if graph is None or not units:
        return estimate
    target = graph.nearest(lat, lon)
    target_leg = graph.approx_m(target, lat, lon)
    if target_leg > LEG_LIMIT_M:
        return estimate
    starts = {}
    for u in units:
        node = graph.nearest(u.lat, u.lon)
        leg = graph.approx_m(node, u.lat, u.lon)
        if leg <= LEG_LIMIT_M:
            starts.setdefault(node, []).append((u.callsign, leg))
    along = _dijkstra(graph, target, set(starts))
    for node, members in starts.items():
        if node not in along:
            continue
        for callsign, leg in members:
            road = along[node] + (leg + target_leg) * ROAD_DETOUR
            # Far beyond any real detour, the sparse graph is missing a road: estimate instead.
            if road <= straight[callsign] * GRAPH_TRUST + 2 * LEG_LIMIT_M:
                estimate[callsign] = (road, True)
    return estimate


def _dijkstra(graph: StreetGraph, source: int, wanted: set[int]) -> dict[int, float]:
    """Distances from source, stopping once every wanted node is settled."""
    dist = {source: 0.0}
    settled: dict[int, float] = {}
    heap = [(0.0, source)]
    remaining = set(wanted)
    while heap and remaining:
        d, node = heapq.heappop(heap)
        if node in settled:
            continue
        settled[node] = d
        remaining.discard(node)
        for nxt, length in graph.adj[node]:
            nd = d + length
            if nd < dist.get(nxt, math.inf):
                dist[nxt] = nd
                heapq.heappush(heap, (nd, nxt))
    return {node: settled[node] for node in wanted if node in settled}
