"""Plain geometry on WGS84 coordinates: distances, bearings, rings and polygons."""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_M = 6_371_008.8

# A GeoJSON-style polygon: a list of rings, each a list of (lon, lat); ring 0 is the outside.
Ring = list[tuple[float, float]]
Polygon = list[Ring]


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0


def offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    """The point north_m and east_m metres away (small offsets only)."""
    dlat = math.degrees(north_m / EARTH_RADIUS_M)
    dlon = math.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(lat))))
    return lat + dlat, lon + dlon


def in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        if (y2 > lat) != (y1 > lat) and lon < (x1 - x2) * (lat - y2) / (y1 - y2) + x2:
            inside = not inside
        x1, y1 = x2, y2
    return inside


def in_polygon(lon: float, lat: float, polygon: Polygon) -> bool:
    if not in_ring(lon, lat, polygon[0]):
        return False
    return not any(in_ring(lon, lat, hole) for hole in polygon[1:])


def polygons_of(geometry: dict) -> list[Polygon]:
    """The polygons of a GeoJSON Polygon or MultiPolygon geometry, as tuples."""
    coords = geometry["coordinates"]
    parts = [coords] if geometry["type"] == "Polygon" else coords
    return [[[(x, y) for x, y in ring] for ring in poly] for poly in parts]


def bbox_of(polygons: list[Polygon]) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of the outer rings."""
    xs = [x for poly in polygons for x, _ in poly[0]]
    ys = [y for poly in polygons for _, y in poly[0]]
    return min(xs), min(ys), max(xs), max(ys)


def raster(polygons: list[Polygon], bbox, cell_deg: float) -> np.ndarray:
    """Which cells of a grid over bbox (rows by latitude from the south, columns by longitude
    from the west) have their centre inside the polygons: scanlines, even-odd per polygon."""
    x0, y0, x1, y1 = bbox
    rows, cols = int((y1 - y0) / cell_deg) + 1, int((x1 - x0) / cell_deg) + 1
    grid = np.zeros((rows, cols), bool)
    centres_y = y0 + (np.arange(rows) + 0.5) * cell_deg
    centres_x = x0 + (np.arange(cols) + 0.5) * cell_deg
    for polygon in polygons:
        inside = np.zeros((rows, cols), bool)
        for ring in polygon:
            xs, ys = np.array([p[0] for p in ring]), np.array([p[1] for p in ring])
            xa, ya = np.roll(xs, 1), np.roll(ys, 1)
            spans = (ys > centres_y[:, None]) != (ya > centres_y[:, None])  # rows x edges
            with np.errstate(divide="ignore", invalid="ignore"):
                at = xs + (centres_y[:, None] - ys) * (xa - xs) / (ya - ys)
            for r in np.flatnonzero(spans.any(axis=1)).tolist():
                crossings = np.sort(at[r, spans[r]])
                inside[r] ^= (np.searchsorted(crossings, centres_x) % 2) == 1
        grid |= inside
    return grid
