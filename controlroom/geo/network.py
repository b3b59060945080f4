"""One travel mode's road network as compressed sparse rows, ready for Dijkstra.

Vehicles use the car kinds of road, each way unless one-way, costed in seconds at the kind's speed
(controlroom.geo.roadclass); officers on foot use every walkable way in both directions, costed in
metres (steps count double). The network is held forward (to route from a point) and reversed (to
find how long every node takes to reach a point: the one search that ranks every unit).
Each matrix has one spare row, the source: its arcs are set for each search to the two ends of the
edge the point lies on, costed by how far along it the point is.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from controlroom.geo.roadclass import KINDS
from controlroom.geo.roads import FOOT, ONEWAY, VEHICLE, RoadGraph
from controlroom.geo.snap import RoadIndex, Snap

MODES = ("vehicle", "foot")


@dataclass
class Search:
    """The result of one Dijkstra: cost from (or to) the source point for every node."""

    cost: np.ndarray
    pred: np.ndarray
    reversed: bool
    source: Snap


class Arcs:
    """Directed arcs as a CSR matrix with a source row at the end, and the edge of each arc."""

    def __init__(self, n: int, tail, head, cost, edge, edge_length: np.ndarray) -> None:
        order = np.lexsort((cost, head, tail))
        tail, head, cost, edge = tail[order], head[order], cost[order], edge[order]
        first = np.ones(len(tail), bool)  # of parallel arcs keep the cheapest
        first[1:] = (tail[1:] != tail[:-1]) | (head[1:] != head[:-1])
        tail, head, cost, edge = tail[first], head[first], cost[first], edge[first]
        counts = np.bincount(tail, minlength=n + 1)
        counts[n] = 2
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        indices = np.concatenate([head, [0, 0]]).astype(np.int32)
        data = np.concatenate([cost, [1.0, 1.0]]).astype(np.float64)
        self.matrix = csr_matrix((data, indices, indptr), shape=(n + 1, n + 1))
        self.tail = np.concatenate([tail, [n, n]]).astype(np.int32)
        self.edge = np.concatenate([edge, [-1, -1]]).astype(np.int32)
        self.edge_length = edge_length
        self.source = n
        self._lock = threading.Lock()

    def search(self, seeds: list[tuple[int, float]], limit: float) -> tuple[np.ndarray, ...]:
        """Costs and predecessors from the seeds (node, starting cost), up to limit."""
        pairs = (seeds * 2)[:2]
        with self._lock:
            self.matrix.indices[-2:] = [node for node, _ in pairs]
            self.matrix.data[-2:] = [max(cost, 1e-9) for _, cost in pairs]
            cost, pred = dijkstra(
                self.matrix,
                directed=True,
                indices=self.source,
                return_predecessors=True,
                limit=limit,
            )
        return cost, pred

    def lengths(self, tails: list[int], heads: list[int]) -> np.ndarray:
        """Length of the edge of each arc tail -> head (all at once)."""
        if not tails:
            return np.zeros(0)
        tail, head = np.asarray(tails), np.asarray(heads)
        lo, hi = self.matrix.indptr[tail], self.matrix.indptr[tail + 1]
        width = hi - lo
        slot = (
            np.repeat(lo, width)
            + np.arange(width.sum())
            - np.repeat(np.cumsum(width) - width, width)
        )
        owner = np.repeat(np.arange(len(tail)), width)
        hit = self.matrix.indices[slot] == head[owner]
        found = np.full(len(tail), -1)
        found[owner[hit]] = self.edge[slot[hit]]
        return self.edge_length[found]

    def arc(self, tail: int, head: int) -> int:
        """The edge of the arc from tail to head."""
        lo, hi = self.matrix.indptr[tail], self.matrix.indptr[tail + 1]
        row = self.matrix.indices[lo:hi]
        return int(self.edge[lo + int(np.flatnonzero(row == head)[0])])


class Network:
    """A travel mode's network: costs, the two directions of search and the snapping index."""

    def __init__(self, graph: RoadGraph, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"no travel mode {mode!r}")
        self.graph, self.mode = graph, mode
        usable = graph.allows(VEHICLE if mode == "vehicle" else FOOT)
        length = graph.edge_length
        if mode == "vehicle":
            speed = np.array([k.vehicle_kmh / 3.6 for k in KINDS])[graph.edge_kind]
            self.edge_cost = np.where(usable, length / np.maximum(speed, 1e-3), np.inf)
            oneway = graph.allows(ONEWAY)
        else:
            factor = np.array([k.foot_cost for k in KINDS])[graph.edge_kind]
            self.edge_cost = np.where(usable, length * factor, np.inf)
            oneway = np.zeros(graph.edges, bool)
        self.ahead_ok = usable  # may go from the edge's first node to its last
        self.back_ok = usable & ~oneway
        e_fwd, e_back = np.flatnonzero(self.ahead_ok), np.flatnonzero(self.back_ok)
        tail = np.concatenate([graph.edge_u[e_fwd], graph.edge_v[e_back]])
        head = np.concatenate([graph.edge_v[e_fwd], graph.edge_u[e_back]])
        edge = np.concatenate([e_fwd, e_back])
        cost = self.edge_cost[edge]
        self.forward = Arcs(len(graph), tail, head, cost, edge, length)
        self.backward = Arcs(len(graph), head, tail, cost, edge, length)
        self.index = RoadIndex(graph, usable)

    def snap(self, lat: float, lon: float) -> Snap:
        return self.index.snap(lat, lon)

    def _fraction(self, snap: Snap) -> float:
        return min(1.0, max(0.0, snap.along_m / float(self.graph.edge_length[snap.edge])))

    def search_from(self, source: Snap, limit: float = np.inf) -> Search:
        """Cost from the source point to every node."""
        e, f = source.edge, self._fraction(source)
        c, seeds = float(self.edge_cost[e]), []
        if self.ahead_ok[e]:
            seeds.append((int(self.graph.edge_v[e]), (1 - f) * c))
        if self.back_ok[e]:
            seeds.append((int(self.graph.edge_u[e]), f * c))
        cost, pred = self.forward.search(seeds, limit)
        return Search(cost, pred, False, source)

    def search_to(self, target: Snap, limit: float = np.inf) -> Search:
        """Cost from every node to the target point (the reversed network)."""
        e, f = target.edge, self._fraction(target)
        c, seeds = float(self.edge_cost[e]), []
        if self.ahead_ok[e]:
            seeds.append((int(self.graph.edge_u[e]), f * c))
        if self.back_ok[e]:
            seeds.append((int(self.graph.edge_v[e]), (1 - f) * c))
        cost, pred = self.backward.search(seeds, limit)
        return Search(cost, pred, True, target)
