"""A position reported through an interop protocol, as the writer's ping row.

The same checks as the device API: the point in range, the time no more than the allowed skew
ahead (a few seconds only, for a source nobody authenticated) or age behind; optional values
outside their range are left out rather than refusing the position (a TAK client's 9999999
'unknown' accuracy, a negative course).
"""

from __future__ import annotations

import math

from controlroom.hub.limits import LIMITS

_RANGES = ((0.0, 100_000.0), (0.0, 350.0), (0.0, 360.0), (0.0, 100.0))


def ping_row(
    at: float,
    lat: float | None,
    lon: float | None,
    received: float,
    accuracy_m: float | None = None,
    speed_mps: float | None = None,
    heading_deg: float | None = None,
    battery_pct: float | None = None,
    future_skew_s: float = LIMITS.future_skew_s,
) -> tuple | None:
    """(at, lat, lon, accuracy, speed, heading, battery), or None when it cannot be stored
    (`future_skew_s`: how far ahead of `received` the time may be)."""
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    if not (received - LIMITS.past_age_s <= at <= received + future_skew_s):
        return None
    extras = (accuracy_m, speed_mps, heading_deg, battery_pct)
    checked = (_within(v, low, high) for v, (low, high) in zip(extras, _RANGES, strict=True))
    return (at, lat, lon, *checked)


def _within(value: float | None, low: float, high: float) -> float | None:
    if value is None or not math.isfinite(value) or not low <= value <= high:
        return None
    return float(value)
