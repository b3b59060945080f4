"""The street graph: nearest node by a grid index, and shortest routes by A*."""

from __future__ import annotations

import functools
import heapq
import json
import math

from controlroom.geo.area import read_geodata
from controlroom.geo.geometry import EARTH_RADIUS_M

CELL_DEG = 0.01  # grid cell of about 1.1 km by 0.7 km
M_PER_DEG = math.pi * EARTH_RADIUS_M / 180.0


class StreetGraph:
    """Nodes are points on named streets; edges carry their length in metres."""

    def __init__(self, names: list[str], nodes: list, edges: list) -> None:
        self.lat = [n[0] for n in nodes]
        self.lon = [n[1] for n in nodes]
        self.street = [names[n[2]] for n in nodes]
        self.adj: list[list[tuple[int, float]]] = [[] for _ in nodes]
        for a, b, length in edges:
            self.adj[a].append((b, length))
            self.adj[b].append((a, length))
        self._cos = math.cos(math.radians(sum(self.lat) / len(self.lat)))
        self._grid: dict[tuple[int, int], list[int]] = {}
        for i in range(len(nodes)):
            self._grid.setdefault(self._cell(self.lat[i], self.lon[i]), []).append(i)

    def __len__(self) -> int:
        return len(self.lat)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return int(math.floor(lat / CELL_DEG)), int(math.floor(lon / CELL_DEG))

    def approx_m(self, a: int, lat: float, lon: float) -> float:
        """Equirectangular distance from node a to a point: fast and close at town scale."""
        dy = self.lat[a] - lat
        dx = (self.lon[a] - lon) * self._cos
        return math.hypot(dx, dy) * M_PER_DEG

    def nearest(self, lat: float, lon: float) -> int:
        """The node closest to a point, searching grid rings outward."""
        cy, cx = self._cell(lat, lon)
        best, best_d = -1, math.inf
        for ring in range(0, 400):
            for i in self._ring_nodes(cy, cx, ring):
                d = self.approx_m(i, lat, lon)
                if d < best_d:
                    best, best_d = i, d
            # a node in a farther ring is at least ring * cell size away
            if best >= 0 and best_d <= ring * CELL_DEG * self._cos * M_PER_DEG:
                return best
        return best

    def _ring_nodes(self, cy: int, cx: int, ring: int):
        for y in range(cy - ring, cy + ring + 1):
            for x in range(cx - ring, cx + ring + 1):
                if max(abs(y - cy), abs(x - cx)) == ring:
                    yield from self._grid.get((y, x), ())

    def within(self, lat: float, lon: float, radius_m: float) -> list[int]:
        """Nodes within radius_m of a point."""
        cy, cx = self._cell(lat, lon)
        rings = int(radius_m / (CELL_DEG * self._cos * M_PER_DEG)) + 1
        return [
            i
            for ring in range(rings + 1)
            for i in self._ring_nodes(cy, cx, ring)
            if self.approx_m(i, lat, lon) <= radius_m
        ]

    def route(self, start: int, goal: int) -> list[int]:
        """The shortest path of node ids from start to goal (A*); [start] when equal."""
        return _route(self, start, goal)

    def length_m(self, path: list[int]) -> float:
        return sum(dict(self.adj[a])[b] for a, b in zip(path, path[1:], strict=False))


@functools.lru_cache(maxsize=20_000)
def _route_cached(graph_id: int, start: int, goal: int) -> tuple[int, ...]:
    return tuple(_astar(_GRAPHS[graph_id], start, goal))


_GRAPHS: dict[int, StreetGraph] = {}


def _route(graph: StreetGraph, start: int, goal: int) -> list[int]:
    _GRAPHS.setdefault(id(graph), graph)
    return list(_route_cached(id(graph), start, goal))


def _astar(graph: StreetGraph, start: int, goal: int) -> list[int]:
    glat, glon = graph.lat[goal], graph.lon[goal]
    # edges are never shorter than the straight line, so this heuristic is admissible
    h = [0.0] * len(graph)
    dist = {start: 0.0}
    came: dict[int, int] = {}
    heap = [(graph.approx_m(start, glat, glon) * 0.99, start)]
    done = set()
    while heap:
        _, node = heapq.heappop(heap)
        if node == goal:
            break
        if node in done:
            continue
        done.add(node)
        for nxt, length in graph.adj[node]:
            nd = dist[node] + length
            if nd < dist.get(nxt, math.inf):
                dist[nxt], came[nxt] = nd, node
                h[nxt] = h[nxt] or graph.approx_m(nxt, glat, glon) * 0.99
                heapq.heappush(heap, (nd + h[nxt], nxt))
    path = [goal]
    while path[-1] != start:
        path.append(came[path[-1]])
    return path[::-1]


@functools.cache
def load_streets() -> StreetGraph:
    data = json.loads(read_geodata("streets.json.gz"))
    return StreetGraph(data["names"], data["nodes"], data["edges"])


def street_lines(names: list[str], nodes: list, edges: list) -> dict:
    """The graph as GeoJSON for drawing: one MultiLineString per street name."""
    by_street: dict[str, list] = {}
    for a, b, _length in edges:
        street = names[nodes[a][2]] if nodes[a][2] == nodes[b][2] else ""
        by_street.setdefault(street, []).append(
            [[nodes[a][1], nodes[a][0]], [nodes[b][1], nodes[b][0]]]
        )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "name": street,
                    "highway": "primary"
                    if street[:1] in "AM" and street[1:2].isdigit()
                    else "street",
                },
                "geometry": {"type": "MultiLineString", "coordinates": lines},
            }
            for street, lines in by_street.items()
        ],
    }
