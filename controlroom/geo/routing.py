"""Routes on the road network: from one point to another, and from many points to one.

A point is snapped to the nearest road its mode may use. The stretch between the start and the road
is crossed at OFF_ROAD_MPS by car (out of a car park or a yard) and the one at the end on foot (the
officer leaves the car). A search is bounded by a cost limit that covers most routes and is widened
only if the target lies beyond it.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from controlroom.geo.geometry import haversine_m
from controlroom.geo.network import MODES, Network, Search
from controlroom.geo.once import once
from controlroom.geo.roads import RoadGraph, load_roads, step_lengths
from controlroom.geo.snap import Snap

WALK_MPS = 1.6  # an officer walking to a job
OFF_ROAD_MPS = 5.0  # a car between the road and where it stood
# A first search reaches this far (seconds by car, metres on foot) per metre of straight line.
REACH_PER_M = {"vehicle": 0.12, "foot": 1.5}
REACH_MIN = {"vehicle": 60.0, "foot": 200.0}


@dataclass(frozen=True, slots=True)
class Route:
    distance_m: float
    duration_s: float
    path: list[tuple[float, float]]  # (lat, lon) from the start to the end
    times: list[float]  # seconds from the start at each point of the path

    def as_dict(self) -> dict:
        return {
            "distance_m": round(float(self.distance_m), 1),
            "duration_s": round(float(self.duration_s), 1),
            "path": [[round(float(lat), 6), round(float(lon), 6)] for lat, lon in self.path],
        }


class Router:
    """Routing in every mode over one road graph; each mode's network is built on first use."""

    def __init__(self, graph: RoadGraph) -> None:
        self.graph = graph
        self._networks: dict[str, Network] = {}
        self._lock = threading.Lock()

    def network(self, mode: str) -> Network:
        with self._lock:  # built once, whichever thread asks first
            if mode not in self._networks:
                self._networks[mode] = Network(self.graph, mode)
            return self._networks[mode]

    def route(self, start: tuple[float, float], end: tuple[float, float], mode: str) -> Route:
        net = self.network(mode)
        a, b = net.snap(*start), net.snap(*end)
        straight = haversine_m(a.lat, a.lon, b.lat, b.lon)
        reach = REACH_MIN[mode] + REACH_PER_M[mode] * straight
        while True:
            search = net.search_from(a, reach)
            cost, via = arrival(net, search, b)
            if math.isfinite(cost) or math.isinf(reach):
                break
            reach = reach * 2 if reach < 8 * REACH_MIN[mode] + straight else math.inf
        if not math.isfinite(cost):  # cannot happen on one connected network; say so if it does
            raise ValueError("no route between these points")
        pieces = trace(net, search, b, via)
        return _timed(net, start, a, pieces, b, end)


def _timed(net: Network, start, a: Snap, pieces, b: Snap, end) -> Route:
    """The route through its pieces of road, each crossed at its edge's pace."""
    per_m = net.edge_cost / net.graph.edge_length
    if net.mode == "foot":
        per_m = per_m / WALK_MPS
    start_pace = OFF_ROAD_MPS if net.mode == "vehicle" else WALK_MPS
    path, cost = [start], [0.0]
    for points, edge in pieces:
        lats, lons = np.array([p[0] for p in points]), np.array([p[1] for p in points])
        path += points
        cost += [0.0] + (step_lengths(lats, lons) * per_m[edge]).tolist()
    path.append(end)
    lats, lons = np.array([p[0] for p in path]), np.array([p[1] for p in path])
    metres = step_lengths(lats, lons)
    seconds = np.array(cost[1:] + [0.0])
    seconds[0] = metres[0] / start_pace  # to the road, and from it at the end
    seconds[-1] = metres[-1] / WALK_MPS
    times = np.concatenate([[0.0], np.cumsum(seconds)])
    keep = np.concatenate([[True], metres > 0])  # joins between pieces repeat a point
    kept = [p for p, k in zip(path, keep.tolist(), strict=True) if k]
    return Route(float(metres.sum()), float(times[-1]), kept, times[keep].tolist())


def _fraction(net: Network, edge, along):
    return np.clip(along / net.graph.edge_length[edge], 0.0, 1.0)


def costs(net: Network, search: Search, edge: np.ndarray, along: np.ndarray):
    """Cost between the search's source and points on the network, and the node each route
    passes (-1 when it runs along the shared edge alone): to the source for a reversed search,
    from it otherwise."""
    g, c = net.graph, net.edge_cost[edge]
    f = _fraction(net, edge, along)
    to_v = (1 - f) * c + search.cost[g.edge_v[edge]]  # leave (or reach) the point by its last node
    to_u = f * c + search.cost[g.edge_u[edge]]
    # reversed: the point drives ahead to v; forward: the route arrives at u and drives ahead
    if search.reversed:
        by_v, by_u = (
            np.where(net.ahead_ok[edge], to_v, np.inf),
            np.where(net.back_ok[edge], to_u, np.inf),
        )
    else:
        by_v, by_u = (
            np.where(net.back_ok[edge], to_v, np.inf),
            np.where(net.ahead_ok[edge], to_u, np.inf),
        )
    best = np.minimum(by_v, by_u)
    via = np.where(by_v <= by_u, g.edge_v[edge], g.edge_u[edge])
    direct = _along_shared_edge(net, search, edge, along)
    shared = direct < best
    return np.where(shared, direct, best), np.where(shared, -1, via)


def _along_shared_edge(net: Network, search: Search, edge, along) -> np.ndarray:
    src = search.source
    gap = along - src.along_m  # > 0: the point is ahead of the source along the edge
    ahead = gap if not search.reversed else -gap  # travel along the edge's direction
    ok = np.where(ahead >= 0, net.ahead_ok[edge], net.back_ok[edge])
    cost = np.abs(gap) / net.graph.edge_length[edge] * net.edge_cost[edge]
    return np.where((edge == src.edge) & ok, cost, np.inf)


def arrival(net: Network, search: Search, point: Snap) -> tuple[float, int]:
    cost, via = costs(net, search, np.array([point.edge]), np.array([point.along_m]))
    return float(cost[0]), int(via[0])


def trace(net: Network, search: Search, point: Snap, via: int) -> list[tuple[list, int]]:
    """The route's pieces of road from start to end: (points, edge) each."""
    g, src = net.graph, search.source
    if via < 0:
        piece = g.piece(src.edge, src.along_m, point.along_m)
        return [(piece[::-1] if search.reversed else piece, src.edge)]
    chain = [via]
    while search.pred[chain[-1]] >= 0 and search.pred[chain[-1]] != net.forward.source:
        chain.append(int(search.pred[chain[-1]]))
    # chain runs from the point's node toward the source
    nodes = chain if search.reversed else chain[::-1]
    seed = nodes[-1] if search.reversed else nodes[0]
    at_source = (_end_piece(g, src, seed), src.edge)
    at_point = (_end_piece(g, point, via), point.edge)
    middle = _through(net, nodes)
    if search.reversed:  # from the point, through the nodes, to the source
        return [at_point, *middle, (at_source[0][::-1], src.edge)]
    return [at_source, *middle, (at_point[0][::-1], point.edge)]


def road_lengths(net: Network, search: Search, edge, along, via) -> np.ndarray:
    """Length along the roads of each point's route to (or from) the search's source, given the
    node each passes (from costs)."""
    g, src, pred = net.graph, search.source, search.pred
    tails: list[int] = []
    heads: list[int] = []
    owner: list[int] = []
    seed_m = np.zeros(len(via))
    for i, node in enumerate(via.tolist()):
        if node < 0:
            continue
        while pred[node] != net.forward.source:
            step = int(pred[node])
            tails.append(node if search.reversed else step)
            heads.append(step if search.reversed else node)
            owner.append(i)
            node = step
        seed_end = 0.0 if g.edge_u[src.edge] == node else float(g.edge_length[src.edge])
        seed_m[i] = abs(seed_end - src.along_m)
    middle = np.bincount(owner, net.forward.lengths(tails, heads), minlength=len(via))
    near_end = np.where(g.edge_u[edge] == via, 0.0, g.edge_length[edge])
    ends = np.abs(near_end - along) + seed_m
    return np.where(via < 0, np.abs(along - src.along_m), middle + ends)


def _end_piece(g: RoadGraph, snap: Snap, node: int) -> list:
    """The stretch of the snap's edge from the snapped point to one of its end nodes."""
    end = 0.0 if g.edge_u[snap.edge] == node else float(g.edge_length[snap.edge])
    return g.piece(snap.edge, snap.along_m, end)


def _through(net: Network, nodes: list[int]) -> list[tuple[list, int]]:
    g, pieces = net.graph, []
    for a, b in zip(nodes, nodes[1:], strict=False):
        edge = net.forward.arc(a, b)
        shape = g.shape(edge)
        pieces.append((shape if g.edge_u[edge] == a else shape[::-1], edge))
    return pieces


@once
def router() -> Router:
    """The router over the area's roads."""
    return Router(load_roads())


__all__ = ["MODES", "Route", "Router", "costs", "router"]
