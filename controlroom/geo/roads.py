"""The road network of the force area, from OpenStreetMap (resources/geodata/roads.npz).

Made once by tools/derive_roads.py. Nodes are junctions and road ends; each edge is one stretch of
road between two nodes with its kind (controlroom.geo.roadclass), name, road number, whether it is
one-way (from its first node to its last) and its shape. Routing, snapping a point to the nearest
road and reverse geocoding all read this one graph.
"""

from __future__ import annotations

import io
import math
import re
from importlib import resources

import numpy as np

from controlroom.geo.geometry import EARTH_RADIUS_M
from controlroom.geo.once import once
from controlroom.geo.roadclass import KINDS

ROADS_FILE = "roads.npz"
ONEWAY, VEHICLE, FOOT, BRIDGE, TUNNEL = 1, 2, 4, 8, 16
M_PER_DEG = math.pi * EARTH_RADIUS_M / 180.0
SCALE = 1e-6  # stored coordinates are micro-degrees
ROAD_NUMBER = re.compile(r"[ABM]\d{1,4}(\(M\))?")  # refs that name a road (not a bus or a gate)


class RoadGraph:
    """Arrays indexed by node or edge; shapes run from edge_u to edge_v, both included."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.node_lon = np.cumsum(arrays["node_dlon"], dtype=np.int64) * SCALE
        self.node_lat = np.cumsum(arrays["node_dlat"], dtype=np.int64) * SCALE
        self.edge_u = np.cumsum(arrays["edge_du"], dtype=np.int64).astype(np.int32)
        self.edge_v = (self.edge_u + arrays["edge_dv"]).astype(np.int32)
        self.edge_kind = arrays["edge_kind"]
        self.edge_flags = arrays["edge_flags"]
        self.edge_name = arrays["edge_name"]
        self.edge_ref = arrays["edge_ref"]
        self.names = bytes(arrays["names"]).decode().split("\n")
        numbered = np.array([bool(ROAD_NUMBER.fullmatch(n)) for n in self.names] + [False])
        self.named = (self.edge_name >= 0) | numbered[self.edge_ref]  # -1 reads the False
        self._shapes(arrays["edge_inner"].astype(np.int64), arrays)
        self.cos_lat = math.cos(math.radians(float(np.median(self.node_lat))))

    def _shapes(self, inner: np.ndarray, arrays: dict[str, np.ndarray]) -> None:
        """Full shapes (first node, the points between, last node) in one flat array."""
        count = inner + 2
        self.shape_offset = np.concatenate([[0], np.cumsum(count)])
        first, last = self.shape_offset[:-1], self.shape_offset[1:] - 1
        edge_of_inner = np.repeat(np.arange(len(inner)), inner)
        start = np.repeat(np.cumsum(inner) - inner, inner)  # each point's edge's first point
        slots = first[edge_of_inner] + 1 + np.arange(len(edge_of_inner)) - start
        coords = []
        for steps, node in (
            (arrays["inner_dlon"], self.node_lon),
            (arrays["inner_dlat"], self.node_lat),
        ):
            out = np.empty(int(self.shape_offset[-1]))
            out[first], out[last] = node[self.edge_u], node[self.edge_v]
            run = np.cumsum(steps.astype(np.int64))
            before = np.where(start > 0, run[np.maximum(start - 1, 0)], 0)
            base = np.rint(node[self.edge_u][edge_of_inner] / SCALE).astype(np.int64)
            out[slots] = (base + run - before) * SCALE
            coords.append(out)
        self.shape_lon, self.shape_lat = coords
        lon, lat = coords
        seg = step_lengths(lat, lon)
        seg[last[:-1]] = 0.0  # no length from one edge's last point to the next edge's first
        along = np.concatenate([[0.0], np.cumsum(seg)])
        self.shape_along = along - np.repeat(along[first], count)
        self.edge_length = np.maximum(self.shape_along[last], 0.5)

    def __len__(self) -> int:
        return len(self.node_lat)

    @property
    def edges(self) -> int:
        return len(self.edge_u)

    def allows(self, flag: int) -> np.ndarray:
        return (self.edge_flags & flag) != 0

    def street(self, edge: int) -> str:
        """The edge's street name, or its road number, or ""."""
        if self.edge_name[edge] >= 0:
            return self.names[self.edge_name[edge]]
        ref = self.ref(edge)
        return ref if ROAD_NUMBER.fullmatch(ref) else ""

    def ref(self, edge: int) -> str:
        return self.names[self.edge_ref[edge]] if self.edge_ref[edge] >= 0 else ""

    def kind(self, edge: int) -> str:
        return KINDS[self.edge_kind[edge]].name

    def shape(self, edge: int) -> list[tuple[float, float]]:
        """(lat, lon) points from the edge's first node to its last."""
        a, b = self.shape_offset[edge], self.shape_offset[edge + 1]
        return list(zip(self.shape_lat[a:b].tolist(), self.shape_lon[a:b].tolist(), strict=True))

    def point_along(self, edge: int, metres: float) -> tuple[float, float, float]:
        """(lat, lon, heading degrees) at a distance from the edge's first node."""
        a, b = int(self.shape_offset[edge]), int(self.shape_offset[edge + 1])
        along = self.shape_along[a:b]
        i = int(np.clip(np.searchsorted(along, metres, side="right") - 1, 0, b - a - 2))
        span = float(along[i + 1] - along[i])
        f = 0.0 if span <= 0 else min(1.0, max(0.0, (metres - float(along[i])) / span))
        lat0, lon0 = float(self.shape_lat[a + i]), float(self.shape_lon[a + i])
        lat1, lon1 = float(self.shape_lat[a + i + 1]), float(self.shape_lon[a + i + 1])
        heading = math.degrees(math.atan2((lon1 - lon0) * self.cos_lat, lat1 - lat0)) % 360.0
        return lat0 + (lat1 - lat0) * f, lon0 + (lon1 - lon0) * f, heading

    def piece(self, edge: int, start_m: float, end_m: float) -> list[tuple[float, float]]:
        """The edge's shape between two distances from its first node, in that order."""
        lo, hi = sorted((start_m, end_m))
        a, b = int(self.shape_offset[edge]), int(self.shape_offset[edge + 1])
        along = self.shape_along[a:b]
        inside = [i for i in range(b - a) if lo < along[i] < hi]
        points = [self.point_along(edge, lo)[:2]]
        points += [(float(self.shape_lat[a + i]), float(self.shape_lon[a + i])) for i in inside]
        points.append(self.point_along(edge, hi)[:2])
        return points if start_m <= end_m else points[::-1]


def step_lengths(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Metres from each point to the next (equirectangular: exact enough at street scale)."""
    return np.hypot(np.diff(lon) * np.cos(np.radians(lat[:-1])), np.diff(lat)) * M_PER_DEG


def read_roads() -> dict[str, np.ndarray]:
    data = resources.files("resources").joinpath("geodata", ROADS_FILE).read_bytes()
    with np.load(io.BytesIO(data)) as archive:
        return {name: archive[name] for name in archive.files}


@once
def load_roads() -> RoadGraph:
    return RoadGraph(read_roads())
