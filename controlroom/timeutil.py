"""Times on the wire are ISO 8601 with a zone; in the store they are UTC epoch seconds."""

from __future__ import annotations

import time
from datetime import UTC, datetime


def now() -> float:
    return time.time()


def to_iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return (
        datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )


def parse_iso(text: str) -> float:
    """Parse an ISO 8601 time that names its zone; naive times are refused, not guessed."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"not an ISO 8601 time: {text!r}") from exc
    if value.tzinfo is None:
        raise ValueError(f"time has no zone: {text!r}")
    return value.timestamp()


def parse_iso_or_none(text: str | None) -> float | None:
    """The epoch seconds of an ISO 8601 time, or None for no time or one that does not parse
    (what a reader of other systems' data or the live stream keeps going with)."""
    if not text:
        return None
    try:
        return parse_iso(text)
    except ValueError:
        return None


def from_datetime(value: datetime) -> float:
    if value.tzinfo is None:
        raise ValueError("time has no zone")
    return value.timestamp()
