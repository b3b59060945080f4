"""Limits on what the hub accepts, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    body_bytes: int = 1 << 20  # JSON bodies
    attachment_bytes: int = 25 << 20
    pings_per_batch: int = 1000
    future_skew_s: float = 300.0  # device clocks drift; more than this is a bad clock
    # A source nobody authenticated (plain CoT, OsmAnd) may not pin a unit's position ahead.
    untrusted_future_skew_s: float = 10.0
    past_age_s: float = 30 * 86400.0  # a device buffering a month offline is not a live report
    fields_bytes: int = 64 << 10
    # Failed sign-ins: beyond these within the window, sign-in answers 429 with Retry-After.
    signin_failures_per_account: int = 10
    signin_failures_per_address: int = 50
    signin_window_s: float = 900.0
    password_checks_waiting: int = 32  # more waiting than this: 429 at once, no hashing
    # Connections (controlroom.hub.connguard): deadlines in seconds, and the cap.
    header_timeout_s: float = 10.0  # a request's headers complete within this
    body_timeout_s: float = 30.0  # a body being received: at most this without a byte
    write_timeout_s: float = 30.0  # a response the client does not read: dropped after this
    max_connections: int = 1000  # and fewer when the descriptor limit is lower
    keep_alive_s: int = 5  # seconds an idle keep-alive connection is closed after this


LIMITS = Limits()
# How long the project's own clients reuse an idle connection: less than the hub keeps it, so
# a request is never sent on a connection the hub is closing at that moment (which fails with
# "server disconnected" on a request that never arrived).
CLIENT_IDLE_S = LIMITS.keep_alive_s - 1.0
