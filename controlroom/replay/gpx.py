"""A GPX file as one list of timed points, ready to replay.

Reads track points; a file with no track falls back to its routes, then to its waypoints.
Segments (and several tracks) are joined in file order; empty ones are skipped. Any GPX
namespace (1.0, 1.1, none), a byte-order mark, and XML declarations in any encoding are
accepted. Times that are missing, unreadable or out of order (GPS units with no fix write
1901 or repeat times) are replaced by the time it takes to cover the distance from the previous
point at ``fallback_speed_mps``, so every replay moves forward; a pause longer than a minute
(between tracks recorded on different days) is cut to a minute.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from controlroom.timeutil import parse_iso_or_none

EARTH_RADIUS_M = 6_371_000.0
FALLBACK_SPEED_MPS = 1.5  # walking pace, for routes and points without usable times
MIN_STEP_S = 1.0
MAX_PAUSE_S = 60.0


class GpxError(ValueError):
    """The file is not GPX we can replay; the message says why."""


@dataclass(frozen=True, slots=True)
class TrackPoint:
    lat: float
    lon: float
    offset_s: float  # seconds since the first point
    speed_mps: float | None = None


def read_track(path: Path, fallback_speed_mps: float = FALLBACK_SPEED_MPS) -> list[TrackPoint]:
    data = Path(path).read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise GpxError(f"{path}: not XML ({exc})") from None
    raw = _points(root, "trkpt") or _points(root, "rtept") or _points(root, "wpt")
    if not raw:
        raise GpxError(f"{path}: no track, route or waypoint with a position")
    return _timed(raw, fallback_speed_mps)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _points(root: ET.Element, name: str) -> list[tuple[float, float, float | None, float | None]]:
    out = []
    for element in root.iter():
        if _local(element.tag) != name:
            continue
        try:
            lat, lon = float(element.get("lat", "")), float(element.get("lon", ""))
        except (TypeError, ValueError):
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        children = {_local(child.tag): (child.text or "").strip() for child in element.iter()}
        out.append(
            (lat, lon, parse_iso_or_none(children.get("time")), _number(children.get("speed")))
        )
    return out


def _number(text: str | None) -> float | None:
    try:
        value = float(text or "")
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _timed(raw: list, fallback_speed_mps: float) -> list[TrackPoint]:
    """Offsets from the recorded times where they move forward; long pauses (between tracks
    recorded on different days) are cut to ``MAX_PAUSE_S``."""
    lat, lon, at, speed = raw[0]
    points = [TrackPoint(lat, lon, 0.0, speed)]
    anchor = (at, 0.0) if at is not None else None  # a recorded time and its offset
    for lat, lon, at, speed in raw[1:]:
        last = points[-1]
        walked = max(MIN_STEP_S, distance_m(last.lat, last.lon, lat, lon) / fallback_speed_mps)
        step = walked
        if at is not None and anchor is not None:
            recorded = anchor[1] + (at - anchor[0]) - last.offset_s
            if recorded > 0:
                step = min(recorded, MAX_PAUSE_S)
        offset = last.offset_s + step
        if at is not None and (anchor is None or at > anchor[0]):
            anchor = (at, offset)
        points.append(TrackPoint(lat, lon, offset, speed))
    return points


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def shifted(points: list[TrackPoint], lat: float, lon: float) -> list[TrackPoint]:
    """The track moved so that it starts at (lat, lon), keeping its shape and size on the
    ground: north-south offsets in degrees as they are, east-west ones rescaled by latitude."""
    first = points[0]
    scale = math.cos(math.radians(first.lat)) / max(math.cos(math.radians(lat)), 1e-6)
    return [
        TrackPoint(
            lat + (p.lat - first.lat),
            _wrap(lon + (p.lon - first.lon) * scale),
            p.offset_s,
            p.speed_mps,
        )
        for p in points
    ]


def _wrap(lon: float) -> float:
    return lon if -180.0 <= lon <= 180.0 else (lon + 180.0) % 360.0 - 180.0
