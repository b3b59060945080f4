"""Which deployable unit can reach an incident first.

Ranks by estimated time of arrival: along the street graph where the graph reaches both ends,
else by straight-line distance with a road detour factor, at the unit's response speed. Stale
units (no position within the threshold) are left out: a position nobody can vouch for is no
basis for sending someone. Only the units nearest in the best case are routed, so ranking a whole
force costs one bounded graph search.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

from controlroom.geo.geometry import EARTH_RADIUS_M
from controlroom.geo.streets import StreetGraph
from controlroom.vocabulary import DEPLOYABLE

M_PER_DEG = math.pi * EARTH_RADIUS_M / 180.0
# Response speeds (m/s): blue-light driving averaged over urban and rural roads; a brisk walk.
RESPONSE_SPEED = {"vehicle": 15.0, "mounted": 4.0, "cycle": 5.0, "foot": 1.6, "air": 50.0}
ROAD_DETOUR = 1.35  # roads are this much longer than the straight line, typically
LEG_LIMIT_M = 600.0  # farther than this from the graph, the graph says nothing useful
GRAPH_TRUST = 2.5  # a graph route longer than this times the straight line is missing a road
ROUTED = 24  # routed candidates; the rest cannot beat them even on a straight road


@dataclass(frozen=True, slots=True)
class Unit:
    callsign: str
    status: str
    mode: str
    lat: float | None
    lon: float | None
    last_seen: float | None


@dataclass(frozen=True, slots=True)
class Recommendation:
    callsign: str
    eta_s: float
    distance_m: float
    straight_m: float
    status: str
    mode: str
    routed: bool  # along the street graph, or estimated from the straight line

    def as_dict(self) -> dict:
        return {
            "callsign": self.callsign,
            "eta_s": round(self.eta_s),
            "distance_m": round(self.distance_m),
            "straight_m": round(self.straight_m),
            "status": self.status,
            "mode": self.mode,
            "routed": self.routed,
        }


def recommend(
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
    straight = {
        u.callsign: math.hypot((u.lat or 0.0) - lat, ((u.lon or 0.0) - lon) * cos) * M_PER_DEG
        for u in fresh
    }
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
    starts: dict[int, list[tuple[str, float]]] = {}
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
