"""Routes follow the roads: longer than the straight line, never absurdly so, one-way streets
obeyed by cars and not by officers on foot, and the quickest route found."""

from __future__ import annotations

import heapq
import random

import numpy as np
import pytest

from controlroom.geo.geometry import haversine_m
from controlroom.geo.roads import load_roads
from controlroom.geo.routing import router

HANLEY_BUS_STATION = (53.0237, -2.1755)
STOKE_STATION = (53.0079, -2.1809)
ROYAL_STOKE = (53.0033, -2.2136)
# Pall Mall, Hanley, is one-way (for cars) from A to B
PALL_MALL_A = (53.0242275, -2.17709675)
PALL_MALL_B = (53.0239485, -2.17631625)


@pytest.fixture(scope="module")
def roads():
    return router()


def _on_roads(roads, path, mode):
    lats, lons = np.array([p[0] for p in path[1:-1]]), np.array([p[1] for p in path[1:-1]])
    return roads.network(mode).index.snap_many(lats, lons)[4]


@pytest.mark.parametrize("mode", ["vehicle", "foot"])
@pytest.mark.parametrize(
    ("start", "end"),
    [(HANLEY_BUS_STATION, STOKE_STATION), (STOKE_STATION, ROYAL_STOKE)],
)
def test_a_route_follows_the_roads(roads, start, end, mode):
    route = roads.route(start, end, mode)
    straight = haversine_m(*start, *end)
    assert straight < route.distance_m < 2 * straight
    assert route.path[0] == start and route.path[-1] == end
    assert float(_on_roads(roads, route.path, mode).max()) < 1.0  # every point on a road
    along = sum(haversine_m(*a, *b) for a, b in zip(route.path, route.path[1:], strict=False))
    assert along == pytest.approx(route.distance_m, rel=0.02)
    pace = route.distance_m / route.duration_s
    assert (4 < pace < 25) if mode == "vehicle" else (1.0 < pace < 2.0)


def test_a_car_obeys_a_one_way_street_and_an_officer_on_foot_does_not(roads):
    ahead = roads.route(PALL_MALL_A, PALL_MALL_B, "vehicle")
    back = roads.route(PALL_MALL_B, PALL_MALL_A, "vehicle")
    walked = roads.route(PALL_MALL_B, PALL_MALL_A, "foot")
    assert ahead.distance_m < 80 and walked.distance_m < 80
    assert back.distance_m > 4 * ahead.distance_m  # round the block
    assert back.duration_s > 2 * ahead.duration_s


def _dijkstra(graph, costs, start_nodes: dict[int, float], goal: int, directed: np.ndarray):
    """Textbook Dijkstra over the edge list, to check the router against."""
    adj: dict[int, list[tuple[int, float]]] = {}
    for e in np.flatnonzero(np.isfinite(costs)).tolist():
        u, v = int(graph.edge_u[e]), int(graph.edge_v[e])
        adj.setdefault(u, []).append((v, costs[e]))
        if not directed[e]:
            adj.setdefault(v, []).append((u, costs[e]))
    dist = dict(start_nodes)
    heap = [(d, n) for n, d in start_nodes.items()]
    heapq.heapify(heap)
    while heap:
        d, n = heapq.heappop(heap)
        if n == goal:
            return d
        if d > dist.get(n, np.inf):
            continue
        for m, c in adj.get(n, ()):
            if d + c < dist.get(m, np.inf):
                dist[m] = d + c
                heapq.heappush(heap, (d + c, m))
    return np.inf


def test_the_quickest_route_between_junctions_matches_a_textbook_search(roads):
    graph, net = load_roads(), roads.network("vehicle")
    rng = random.Random(2)
    nodes = [int(n) for n in np.unique(graph.edge_u[net.ahead_ok])]
    near = [
        n for n in nodes if haversine_m(graph.node_lat[n], graph.node_lon[n], *STOKE_STATION) < 3000
    ]
    oneway = ~net.back_ok
    for _ in range(3):
        a, b = rng.sample(near, 2)
        expected = _dijkstra(graph, net.edge_cost, {a: 0.0}, b, oneway)
        start = (float(graph.node_lat[a]), float(graph.node_lon[a]))
        end = (float(graph.node_lat[b]), float(graph.node_lon[b]))
        route = roads.route(start, end, "vehicle")
        assert route.duration_s == pytest.approx(expected, abs=1.0)
