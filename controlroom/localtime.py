"""Times as people in the force read them: local time (Europe/London, summer time included).

The wire and the store keep UTC; everything shown to a person goes through here, so no screen
slices a UTC string and shows 23:41 for what happened at 00:41 in July.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from controlroom.timeutil import parse_iso

FORCE_ZONE = ZoneInfo("Europe/London")


def local(moment: str | float | None) -> datetime | None:
    """An ISO 8601 string or epoch seconds as the force's local time (None if unreadable)."""
    if moment is None or moment == "":
        return None
    try:
        epoch = moment if isinstance(moment, int | float) else parse_iso(moment)
    except ValueError:
        return None
    return datetime.fromtimestamp(epoch, FORCE_ZONE)


def clock(moment: str | float | None, seconds: bool = True) -> str:
    """ "14:05:09" (or "14:05") in local time; "" when there is no time."""
    when = local(moment)
    if when is None:
        return ""
    return when.strftime("%H:%M:%S" if seconds else "%H:%M")


def day_and_clock(moment: str | float | None, now: float | None = None) -> str:
    """The clock alone for today, else "Mon 30 Nov 14:05" (local time both)."""
    when = local(moment)
    if when is None:
        return ""
    today = local(now if now is not None else datetime.now(FORCE_ZONE).timestamp())
    if today is not None and when.date() == today.date():
        return when.strftime("%H:%M:%S")
    return when.strftime("%a %d %b %H:%M")


def stamp(moment: str | float | None) -> str:
    """ "30 Nov 2026 14:05:09 GMT": a full local time with its zone, for records and exports."""
    when = local(moment)
    return "" if when is None else when.strftime("%d %b %Y %H:%M:%S %Z")
