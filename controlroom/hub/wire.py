"""Shapes of what devices send, decoded with msgspec on the hot path and range-checked here."""

from __future__ import annotations

import math
import uuid

import msgspec

from controlroom.hub.limits import LIMITS
from controlroom.timeutil import parse_iso
from controlroom.vocabulary import CAPTURE_KINDS


class PingIn(msgspec.Struct, forbid_unknown_fields=False):
    lat: float
    lon: float
    at: str
    accuracy_m: float | None = None
    speed_mps: float | None = None
    heading_deg: float | None = None
    battery_pct: float | None = None


class PingBatch(msgspec.Struct):
    pings: list[msgspec.Raw]


class CaptureIn(msgspec.Struct):
    id: str
    kind: str
    at: str
    lat: float
    lon: float
    summary: str = ""
    fields: dict = msgspec.field(default_factory=dict)


class Rejected(Exception):
    """One item of a batch is not acceptable; the message says why."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


_ping_decoder = msgspec.json.Decoder(PingIn)
_batch_decoder = msgspec.json.Decoder(PingBatch)
_capture_decoder = msgspec.json.Decoder(CaptureIn)


def decode_batch(body: bytes) -> list[msgspec.Raw]:
    try:
        return _batch_decoder.decode(body).pings
    except (msgspec.DecodeError, RecursionError) as exc:
        raise Rejected("invalid", f"body is not a ping batch: {exc}") from exc


def check_position(lat: float, lon: float) -> None:
    if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise Rejected("out_of_range", f"lat {lat} is outside -90..90")
    if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise Rejected("out_of_range", f"lon {lon} is outside -180..180")


def check_time(text: str, received: float) -> float:
    try:
        at = parse_iso(text)
    except ValueError as exc:
        raise Rejected("invalid_time", str(exc)) from exc
    if at > received + LIMITS.future_skew_s:
        raise Rejected("future_time", f"at {text} is more than {LIMITS.future_skew_s:.0f} s ahead")
    if at < received - LIMITS.past_age_s:
        raise Rejected(
            "stale_time", f"at {text} is older than {LIMITS.past_age_s / 86400:.0f} days"
        )
    return at


def _optional(value: float | None, low: float, high: float, name: str) -> float | None:
    if value is None:
        return None
    if not (math.isfinite(value) and low <= value <= high):
        raise Rejected("out_of_range", f"{name} {value} is outside {low}..{high}")
    return value


def decode_ping(raw: msgspec.Raw, received: float) -> tuple:
    """One ping as a row tuple (at, lat, lon, accuracy, speed, heading, battery)."""
    try:
        ping = _ping_decoder.decode(raw)
    except (msgspec.DecodeError, RecursionError) as exc:
        raise Rejected("invalid", str(exc)) from exc
    check_position(ping.lat, ping.lon)
    return (
        check_time(ping.at, received),
        ping.lat,
        ping.lon,
        _optional(ping.accuracy_m, 0.0, 100_000.0, "accuracy_m"),
        _optional(ping.speed_mps, 0.0, 350.0, "speed_mps"),
        _optional(ping.heading_deg, 0.0, 360.0, "heading_deg"),
        _optional(ping.battery_pct, 0.0, 100.0, "battery_pct"),
    )


def decode_capture(body: bytes, received: float) -> tuple[CaptureIn, float]:
    try:
        capture = _capture_decoder.decode(body)
    except (msgspec.DecodeError, RecursionError) as exc:
        raise Rejected("invalid", str(exc)) from exc
    try:
        capture.id = str(uuid.UUID(capture.id))
    except ValueError as exc:
        raise Rejected("invalid", f"id {capture.id!r} is not a UUID") from exc
    if capture.kind not in CAPTURE_KINDS:
        raise Rejected("invalid", f"kind {capture.kind!r} is not one of {', '.join(CAPTURE_KINDS)}")
    if len(capture.summary) > LIMITS.summary_chars:
        raise Rejected("too_large", f"summary is longer than {LIMITS.summary_chars} characters")
    check_position(capture.lat, capture.lon)
    return capture, check_time(capture.at, received)
