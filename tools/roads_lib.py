"""Build the routable road graph from the OSM roads GeoJSON (for derive_roads.py).

The roads come as LineStrings cut at tile edges. A vertex shared by two lines is a junction (the
tiles keep OSM's shared nodes at their exact tile coordinates); an end left alone within a metre
and a half of another road's vertex is joined to it (a tile seam or a near miss). Lines are split
at junctions, runs of pieces with the same attributes are chained back into one edge, and each
edge keeps its geometry (simplified to a metre) for drawing routes and moving simulated units.
"""

from __future__ import annotations

import gzip
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from controlroom.geo.roadclass import KIND_INDEX, KINDS, VEHICLE_KINDS, kind_of

SCALE = 1_000_000  # coordinates are kept as integer micro-degrees
SNAP_M = 1.5
SIMPLIFY_M = 1.0
M_PER_UDEG_LAT = 0.111_195
ONEWAY, VEHICLE, FOOT, BRIDGE, TUNNEL = 1, 2, 4, 8, 16

Key = tuple[int, int]  # (lon, lat) in micro-degrees


@dataclass
class Piece:
    keys: list[Key]
    attrs: tuple  # (kind, name, ref, oneway, brunnel)


def read_roads(path: Path) -> list[tuple[list[Key], tuple]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    out = []
    for f in features:
        p = f["properties"]
        kind = kind_of(p["class"], p["highway"], bool(p["ramp"]), p["service"])
        keys = [(round(x * SCALE), round(y * SCALE)) for x, y in f["geometry"]["coordinates"]]
        attrs = (kind, p["name"] or "", p["ref"] or "", bool(p["oneway"]), p["brunnel"] or "")
        out.append((keys, attrs))
    return out


def _metres(a: Key, b: Key) -> float:
    cos = math.cos(math.radians(a[1] / SCALE))
    return math.hypot((a[0] - b[0]) * cos, a[1] - b[1]) * M_PER_UDEG_LAT


def snap_loose_ends(lines: list[tuple[list[Key], tuple]]) -> int:
    """Join each line end that no other line touches to the nearest vertex within SNAP_M."""
    count: dict[Key, int] = defaultdict(int)
    for keys, _ in lines:
        for k in keys:
            count[k] += 1
    cell = 25  # micro-degrees: about 2.8 m of latitude
    grid: dict[Key, list[Key]] = defaultdict(list)
    for k in count:
        grid[(k[0] // cell, k[1] // cell)].append(k)
    snapped = 0
    for keys, _ in lines:
        for end in (0, -1):
            k = keys[end]
            if count[k] > 1:
                continue
            near = [
                o
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for o in grid[(k[0] // cell + dx, k[1] // cell + dy)]
                if o != k and o not in keys
            ]
            best = min(near, key=lambda o: _metres(k, o), default=None)
            if best is not None and _metres(k, best) <= SNAP_M:
                keys[end] = best
                count[best] += 1
                snapped += 1
    return snapped


def split_at_junctions(lines: list[tuple[list[Key], tuple]]) -> list[Piece]:
    count: dict[Key, int] = defaultdict(int)
    for keys, _ in lines:
        for k in keys:
            count[k] += 1
    pieces = []
    for keys, attrs in lines:
        run = [keys[0]]
        for k in keys[1:]:
            if k != run[-1]:
                run.append(k)
            if count[k] > 1 and len(run) > 1:
                pieces.append(Piece(run, attrs))
                run = [k]
        if len(run) > 1:
            pieces.append(Piece(run, attrs))
    return pieces


def chain_pieces(pieces: list[Piece]) -> list[Piece]:
    """Join pieces meeting end to end, alone at their meeting point, with the same attributes."""
    ends: dict[Key, list[tuple[int, int]]] = defaultdict(list)
    for i, p in enumerate(pieces):
        ends[p.keys[0]].append((i, 0))
        ends[p.keys[-1]].append((i, 1))

    def partner(i: int, key: Key, at: int) -> int | None:
        here = ends[key]
        if len(here) != 2:
            return None
        (a, sa), (b, sb) = here
        j, sj = (b, sb) if (a, sa) == (i, at) else (a, sa)
        if j == i or pieces[j].attrs != pieces[i].attrs:
            return None
        if pieces[i].attrs[3] and sj == at:  # one-way pieces must run on in the same direction
            return None
        return j

    done = [False] * len(pieces)
    chains = []
    for i in range(len(pieces)):
        if done[i]:
            continue
        done[i] = True
        keys = list(pieces[i].keys)
        keys = _extend(keys, pieces, done, partner, i, forward=True)
        keys = _extend(keys[::-1], pieces, done, partner, i, forward=False)[::-1]
        chains.append(Piece(keys, pieces[i].attrs))
    return chains


def _extend(keys, pieces, done, partner, first, forward: bool) -> list[Key]:
    """Grow keys at its last end through partners; keys run away from the first piece."""
    current, at = first, 1 if forward else 0
    while True:
        j = partner(current, keys[-1], at)
        if j is None or done[j]:
            return keys
        done[j] = True
        nxt = pieces[j].keys
        joined_at_start = nxt[0] == keys[-1]
        keys.extend((nxt if joined_at_start else nxt[::-1])[1:])
        current, at = j, 1 if joined_at_start else 0


def simplify(keys: list[Key], tol_m: float = SIMPLIFY_M) -> list[Key]:
    """Douglas-Peucker in local metres, keeping both ends."""
    if len(keys) < 3:
        return keys
    cos = math.cos(math.radians(keys[0][1] / SCALE))
    pts = [(k[0] * cos * M_PER_UDEG_LAT, k[1] * M_PER_UDEG_LAT) for k in keys]
    keep = [False] * len(keys)
    keep[0] = keep[-1] = True
    stack = [(0, len(keys) - 1)]
    while stack:
        lo, hi = stack.pop()
        (x1, y1), (x2, y2) = pts[lo], pts[hi]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = -1.0, lo
        for i in range(lo + 1, hi):
            x, y = pts[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else math.hypot(x - x1, y - y1)
            if d > best:
                best, index = d, i
        if best > tol_m:
            keep[index] = True
            stack += [(lo, index), (index, hi)]
    return [k for k, kept in zip(keys, keep, strict=True) if kept]


def _largest(labels: np.ndarray) -> int:
    return int(np.bincount(labels).argmax())


def usable_edges(u: np.ndarray, v: np.ndarray, kind: np.ndarray, oneway: np.ndarray, n: int):
    """Which edges lie in the largest strongly connected car network and the largest walkable
    network: a route found on them always exists both ways."""
    car = np.isin(kind, list(VEHICLE_KINDS))
    rows = np.concatenate([u[car], v[car & ~oneway]])
    cols = np.concatenate([v[car], u[car & ~oneway]])
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)).tocsr()
    _, labels = connected_components(graph, directed=True, connection="strong")
    main = _largest(labels)
    car &= (labels[u] == main) & (labels[v] == main)
    foot = np.array([KINDS[k].foot for k in kind])
    graph = coo_matrix((np.ones(foot.sum()), (u[foot], v[foot])), shape=(n, n)).tocsr()
    _, labels = connected_components(graph, directed=False)
    main = _largest(labels)
    foot &= (labels[u] == main) & (labels[v] == main)
    return car, foot


def build_graph(path: Path) -> dict[str, np.ndarray]:
    lines = read_roads(path)
    snapped = snap_loose_ends(lines)
    edges = chain_pieces(split_at_junctions(lines))
    print(f"roads: {len(lines)} lines, {snapped} loose ends joined, {len(edges)} edges")
    return pack(edges)


def _z_order(keys: list[Key]) -> list[int]:
    """Interleaved bits of the coordinates: neighbours on the ground get nearby numbers."""

    def spread(v: int) -> int:
        out = 0
        for bit in range(20):
            out |= ((v >> bit) & 1) << (2 * bit)
        return out

    return [spread((x >> 4) & 0xFFFFF) | spread((y >> 4) & 0xFFFFF) << 1 for x, y in keys]


def pack(edges: list[Piece]) -> dict[str, np.ndarray]:
    """The graph as compact arrays: nodes in z-order and edges sorted by their first node, so
    that coordinates and node numbers are stored as small differences."""
    ends = {k for e in edges for k in (e.keys[0], e.keys[-1])}
    order = sorted(ends, key=dict(zip(ends, _z_order(list(ends)), strict=True)).__getitem__)
    node_of = {k: i for i, k in enumerate(order)}
    edges = sorted(edges, key=lambda e: (node_of[e.keys[0]], node_of[e.keys[-1]]))
    names = sorted({text for e in edges for text in e.attrs[1:3] if text})
    name_id = {n: i for i, n in enumerate(names)}
    name_id[""] = -1
    u = np.array([node_of[e.keys[0]] for e in edges], np.int64)
    v = np.array([node_of[e.keys[-1]] for e in edges], np.int64)
    kind = np.array([KIND_INDEX[e.attrs[0]] for e in edges], np.uint8)
    oneway = np.array([e.attrs[3] for e in edges], bool)
    car, foot = usable_edges(u, v, kind, oneway, len(node_of))
    brunnel = np.array([e.attrs[4] for e in edges])
    flags = (
        oneway * ONEWAY
        + car * VEHICLE
        + foot * FOOT
        + (brunnel == "bridge") * BRIDGE
        + (brunnel == "tunnel") * TUNNEL
    ).astype(np.uint8)
    inner = [simplify(e.keys)[1:-1] for e in edges]
    # each shape point as its step from the one before, starting from the edge's first node
    steps = [
        (b[0] - a[0], b[1] - a[1])
        for e, s in zip(edges, inner, strict=True)
        for a, b in zip([e.keys[0], *s], s, strict=False)
    ]
    flat = np.array(steps, np.int64).reshape(-1, 2)
    nodes = np.array(order, np.int64)
    print(
        f"graph: {len(nodes)} nodes, {len(edges)} edges ({car.sum()} for vehicles, "
        f"{foot.sum()} on foot), {len(flat)} shape points between nodes"
    )
    return {
        "node_dlon": np.diff(nodes[:, 0], prepend=0).astype(np.int32),
        "node_dlat": np.diff(nodes[:, 1], prepend=0).astype(np.int32),
        "edge_du": np.diff(u, prepend=0).astype(np.int32),
        "edge_dv": (v - u).astype(np.int32),
        "edge_kind": kind,
        "edge_flags": flags,
        "edge_name": np.array([name_id[e.attrs[1]] for e in edges], np.int32),
        "edge_ref": np.array([name_id[e.attrs[2]] for e in edges], np.int32),
        "edge_inner": np.array([len(s) for s in inner], np.uint16),
        "inner_dlon": flat[:, 0].astype(np.int32),
        "inner_dlat": flat[:, 1].astype(np.int32),
        "names": np.frombuffer("\n".join(names).encode(), np.uint8),
    }
