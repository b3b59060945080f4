"""Limits on what the hub accepts, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    body_bytes: int = 1 << 20  # JSON bodies
    attachment_bytes: int = 25 << 20
    pings_per_batch: int = 1000
    future_skew_s: float = 300.0  # device clocks drift; more than this is a bad clock
    past_age_s: float = 30 * 86400.0  # a device buffering a month offline is not a live report
    fields_bytes: int = 64 << 10


LIMITS = Limits()
