"""Helpers for derive_geodata.py: polygon simplification, the street graph, GPX statistics."""

from __future__ import annotations

import statistics
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from controlroom.geo.geometry import haversine_m, in_polygon, polygons_of

SAME_STREET_MAX_M = 1500.0
JUNCTION_MAX_M = 350.0
JUNCTIONS_PER_NODE = 3
DETOUR = 1.25  # a road between two points is longer than the straight line


def _dp(points: list, tol: float) -> list:
    """Douglas-Peucker on (x, y) tuples in degrees."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
    best, index = -1.0, 0
    for i in range(1, len(points) - 1):
        x, y = points[i]
        d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
        if d > best:
            best, index = d, i
    if best <= tol:
        return [points[0], points[-1]]
    return _dp(points[: index + 1], tol)[:-1] + _dp(points[index:], tol)


def simplify_ring(ring: list, tol: float) -> list:
    half = len(ring) // 2
    out = _dp(ring[: half + 1], tol)[:-1] + _dp(ring[half:], tol)
    if len(out) < 4:
        out = ring[:: max(1, len(ring) // 4)] + [ring[0]]
    return [[round(x, 5), round(y, 5)] for x, y in out]


def simplify_geometry(geometry: dict, tol: float) -> dict:
    polys = [[simplify_ring(r, tol) for r in poly] for poly in polygons_of(geometry)]
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


def point_in_any(lat: float, lon: float, collection: dict) -> bool:
    return any(
        in_polygon(lon, lat, poly)
        for f in collection["features"]
        for poly in polygons_of(f["geometry"])
    )


class _Components:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _dist(nodes: list, a: int, b: int) -> float:
    return haversine_m(nodes[a][0], nodes[a][1], nodes[b][0], nodes[b][1])


def _street_edges(nodes: list, names: list) -> set:
    """Chain points of one street: a minimum spanning tree of them, without long links."""
    by_name: dict[int, list[int]] = {}
    for i, node in enumerate(nodes):
        by_name.setdefault(node[2], []).append(i)
    edges = set()
    for members in by_name.values():
        pairs = sorted(
            (_dist(nodes, a, b), a, b) for i, a in enumerate(members) for b in members[i + 1 :]
        )
        comps = _Components(len(nodes))
        for d, a, b in pairs:
            if d <= SAME_STREET_MAX_M and comps.union(a, b):
                edges.add((a, b, 1.0))
    return edges


def _junction_edges(nodes: list) -> set:
    edges = set()
    for a in range(len(nodes)):
        near = sorted(
            (_dist(nodes, a, b), b)
            for b in range(len(nodes))
            if b != a and nodes[b][2] != nodes[a][2]
        )
        for d, b in near[:JUNCTIONS_PER_NODE]:
            if d <= JUNCTION_MAX_M or b == near[0][1]:
                edges.add((min(a, b), max(a, b), DETOUR))
    return edges


def _link_components(nodes: list, edges: set) -> set:
    """Main-road links: join separate clusters (towns) by their closest pairs (Kruskal)."""
    comps = _Components(len(nodes))
    for a, b, _ in edges:
        comps.union(a, b)
    pairs = sorted(
        (_dist(nodes, a, b), a, b)
        for a in range(len(nodes))
        for b in range(a + 1, len(nodes))
        if comps.find(a) != comps.find(b)
    )
    links = set()
    for _, a, b in pairs:
        if comps.union(a, b):
            links.add((a, b, DETOUR))
    return links


def build_street_graph(points: dict, districts: dict) -> dict:
    """points: (lat, lon) -> [street, count]. Returns nodes, street names and edges (metres)."""
    names = sorted({name for name, _ in points.values()})
    index = {name: i for i, name in enumerate(names)}
    nodes = [[lat, lon, index[name]] for (lat, lon), (name, _) in sorted(points.items())]
    edges = _street_edges(nodes, names) | _junction_edges(nodes)
    edges |= _link_components(nodes, edges)
    best: dict[tuple[int, int], float] = {}
    for a, b, factor in edges:
        key = (min(a, b), max(a, b))
        best[key] = min(best.get(key, 1e18), _dist(nodes, a, b) * factor)
    edge_rows = [[a, b, round(max(length, 1.0), 1)] for (a, b), length in sorted(best.items())]
    return {"names": names, "nodes": nodes, "edges": edge_rows}


def _track_points(gpx_text: str) -> list[tuple[float, float, float]]:
    root = ET.fromstring(gpx_text.encode())
    out = []
    for pt in root.iter():
        if not pt.tag.endswith("trkpt"):
            continue
        when = next((c.text for c in pt if c.tag.endswith("time")), None)
        if when:
            ts = datetime.fromisoformat(when.replace("Z", "+00:00")).timestamp()
            out.append((float(pt.get("lat")), float(pt.get("lon")), ts))
    return out


def gps_profile(gpx_text: str) -> dict:
    """Speed and jitter figures from a recorded track."""
    pts = _track_points(gpx_text)
    speeds, still, intervals = [], [], []
    for (la1, lo1, t1), (la2, lo2, t2) in zip(pts, pts[1:], strict=False):
        dt = t2 - t1
        if dt <= 0:
            continue
        d = haversine_m(la1, lo1, la2, lo2)
        intervals.append(dt)
        (speeds if d / dt >= 0.5 else still).append(d / dt if d / dt >= 0.5 else d)
    speeds.sort()
    return {
        "points": len(pts),
        "median_interval_s": round(statistics.median(intervals), 1),
        "median_speed_mps": round(statistics.median(speeds), 2),
        "p90_speed_mps": round(speeds[int(len(speeds) * 0.9)], 2),
        "stationary_jitter_m": round(statistics.median(still) if still else 3.0, 2),
    }
