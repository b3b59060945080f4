"""Snapping points to the nearest road: which edge, how far along it, and how far off it.

A k-d tree holds points every SPACING_M along every segment of the edges one may use; the few
nearest of them name candidate segments, and the point is projected onto each exactly. Many points
(every unit of the force) are snapped in one vectorised call.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from controlroom.geo.geometry import offset
from controlroom.geo.roads import M_PER_DEG, RoadGraph

SPACING_M = 25.0
CANDIDATES = 8


@dataclass(frozen=True, slots=True)
class Snap:
    """A point's place on the road network."""

    edge: int
    along_m: float  # from the edge's first node
    lat: float  # the point on the road
    lon: float
    off_m: float  # from the given point to the road


class RoadIndex:
    """Nearest point on the edges where `usable` is true."""

    def __init__(self, graph: RoadGraph, usable: np.ndarray) -> None:
        self.graph = graph
        self.cos = graph.cos_lat
        offsets = graph.shape_offset
        seg_start = np.arange(offsets[-1] - 1)
        ends = offsets[1:] - 1
        keep = np.ones(len(seg_start), bool)
        keep[ends[:-1]] = False  # the step from one edge's last point to the next edge's first
        edge_of = np.repeat(np.arange(graph.edges), np.diff(offsets))[:-1]
        keep &= usable[edge_of]
        self.seg = seg_start[keep]
        self.seg_edge = edge_of[keep]
        x, y = self._xy(graph.shape_lat, graph.shape_lon)
        self.x0, self.y0 = x[self.seg], y[self.seg]
        self.x1, self.y1 = x[self.seg + 1], y[self.seg + 1]
        self.seg_along = graph.shape_along[self.seg]
        self.seg_length = graph.shape_along[self.seg + 1] - self.seg_along
        length = np.hypot(self.x1 - self.x0, self.y1 - self.y0)
        pieces = np.maximum(1, np.ceil(length / SPACING_M)).astype(np.int64)
        owner = np.repeat(np.arange(len(self.seg)), pieces)
        rank = np.arange(len(owner)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
        t = (rank + 0.5) / pieces[owner]
        px = self.x0[owner] + (self.x1[owner] - self.x0[owner]) * t
        py = self.y0[owner] + (self.y1[owner] - self.y0[owner]) * t
        self.owner = owner
        self.tree = cKDTree(np.column_stack([px, py]))

    def _xy(self, lat, lon):
        return np.asarray(lon) * self.cos * M_PER_DEG, np.asarray(lat) * M_PER_DEG

    def snap_many(self, lats, lons, candidates: int = CANDIDATES) -> tuple[np.ndarray, ...]:
        """(edge, along_m, lat, lon, off_m) arrays, one entry per point. With one candidate the
        segment is the one nearest SPACING_M apart, which is fast and within metres of exact."""
        px, py = self._xy(lats, lons)
        k = min(candidates, len(self.owner))
        _, near = self.tree.query(np.column_stack([px, py]), k=k)
        segs = self.owner[np.atleast_2d(near).reshape(len(px), k)]
        x0, y0, x1, y1 = self.x0[segs], self.y0[segs], self.x1[segs], self.y1[segs]
        dx, dy = x1 - x0, y1 - y0
        span = dx * dx + dy * dy
        qx, qy = px[:, None], py[:, None]
        t = np.clip(((qx - x0) * dx + (qy - y0) * dy) / np.where(span > 0, span, 1.0), 0.0, 1.0)
        sx, sy = x0 + t * dx, y0 + t * dy
        off = np.hypot(qx - sx, qy - sy)
        best = np.argmin(off, axis=1)
        rows = np.arange(len(px))
        seg = segs[rows, best]
        t_best = t[rows, best]
        along = self.seg_along[seg] + t_best * self.seg_length[seg]
        lat = sy[rows, best] / M_PER_DEG
        lon = sx[rows, best] / (self.cos * M_PER_DEG)
        return self.seg_edge[seg], along, lat, lon, off[rows, best]

    def points_around(
        self, lat: float, lon: float, radius_m: float, count: int, rng: random.Random
    ) -> list[tuple[float, float]]:
        """Points on the roads near random spots within radius_m of a point, as (lat, lon)."""
        spots = []
        for _ in range(count):
            metres, angle = radius_m * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
            spots.append(offset(lat, lon, metres * math.cos(angle), metres * math.sin(angle)))
        lats = np.array([s[0] for s in spots])
        lons = np.array([s[1] for s in spots])
        _, _, on_lat, on_lon, _ = self.snap_many(lats, lons, candidates=1)
        return list(zip(on_lat.tolist(), on_lon.tolist(), strict=True))

    def snap(self, lat: float, lon: float) -> Snap:
        edge, along, slat, slon, off = self.snap_many(np.array([lat]), np.array([lon]))
        return Snap(int(edge[0]), float(along[0]), float(slat[0]), float(slon[0]), float(off[0]))
