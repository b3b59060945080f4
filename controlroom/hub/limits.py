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
    summary_chars: int = 2000
    fields_bytes: int = 64 << 10
    # Failed sign-ins: beyond these within the window, sign-in answers 429 with Retry-After.
    signin_failures_per_account: int = 10
    signin_failures_per_address: int = 50
    signin_window_s: float = 900.0
    password_checks_waiting: int = 32  # more waiting than this: 429 at once, no hashing


LIMITS = Limits()
