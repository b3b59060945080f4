"""Helpers for derive_geodata.py: polygon simplification, GPX statistics."""

from __future__ import annotations

import statistics
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from controlroom.geo.geometry import haversine_m, in_polygon, polygons_of


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
