"""Decoding what devices send with the contract's structs (``controlroom.contract.requests``):
their constraints are the range checks. What a struct cannot say is checked here: a time
relative to when it arrived, and a capture id that must be a UUID."""

from __future__ import annotations

import uuid

import msgspec

from controlroom.contract.requests import CaptureIn, PingBatch, PingIn
from controlroom.hub.limits import LIMITS
from controlroom.timeutil import parse_iso


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
    except (msgspec.DecodeError, RecursionError) as exc:  # nested past the decoder's depth
        raise Rejected("invalid", f"body is not a ping batch: {exc}") from exc


def _refused(exc: Exception) -> Rejected:
    """A constraint of the contract not met is out of range; anything else is invalid."""
    text = str(exc)
    out_of_range = isinstance(exc, msgspec.ValidationError) and ("<=" in text or ">=" in text)
    return Rejected("out_of_range" if out_of_range else "invalid", text)


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


def decode_ping(raw: msgspec.Raw, received: float) -> tuple:
    """One ping as a row tuple (at, lat, lon, accuracy, speed, heading, battery)."""
    try:
        ping = _ping_decoder.decode(raw)
    except (msgspec.DecodeError, RecursionError) as exc:  # nested past the decoder's depth
        raise _refused(exc) from exc
    return (
        check_time(ping.at, received),
        ping.lat,
        ping.lon,
        ping.accuracy_m,
        ping.speed_mps,
        ping.heading_deg,
        ping.battery_pct,
    )


def decode_capture(body: bytes, received: float) -> tuple[CaptureIn, float]:
    try:
        capture = _capture_decoder.decode(body)
    except (msgspec.DecodeError, RecursionError) as exc:  # nested past the decoder's depth
        raise _refused(exc) from exc
    try:
        capture.id = str(uuid.UUID(capture.id))
    except ValueError as exc:
        raise Rejected("invalid", f"id {capture.id!r} is not a UUID") from exc
    return capture, check_time(capture.at, received)
