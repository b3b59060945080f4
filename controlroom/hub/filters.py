"""The filters the capture list, search and export share, read from a query string: a time
window and a drawn area, each refused with a 422 that says what is wrong."""

from __future__ import annotations

import math

from controlroom.hub.errors import invalid
from controlroom.timeutil import parse_iso

Bbox = tuple[float, float, float, float]  # west (min lon), south, east, north (max lat)


def moment(value: str | None, name: str) -> float | None:
    """An ISO 8601 time with its zone, as epoch seconds."""
    if value is None:
        return None
    try:
        return parse_iso(value)
    except (ValueError, OverflowError) as exc:
        raise invalid(f"{name}: {exc}") from exc


def window(since: str | None, until: str | None) -> tuple[float | None, float | None]:
    start, end = moment(since, "since"), moment(until, "until")
    if start is not None and end is not None and start > end:
        raise invalid("since must not be after until")
    return start, end


def bbox(text: str | None) -> Bbox | None:
    """W,S,E,N in degrees, on the earth: an inverted box or one beyond it is refused."""
    if text is None:
        return None
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError as exc:
        raise invalid("bbox is min_lon,min_lat,max_lon,max_lat") from exc
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise invalid("bbox values must be numbers")
    on_earth = all(-180 <= v <= 180 for v in (west, east)) and all(
        -90 <= v <= 90 for v in (south, north)
    )
    if not on_earth:
        raise invalid("bbox longitudes lie in -180..180 and latitudes in -90..90")
    if not (west <= east and south <= north):
        raise invalid("bbox minimums must not exceed its maximums")
    return west, south, east, north
