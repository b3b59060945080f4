"""Query parameters as the hub reads them: times, and free text that is kept in the audit."""

from __future__ import annotations

from controlroom.hub.errors import invalid
from controlroom.timeutil import parse_iso


def query_time(value: str | None, name: str) -> float | None:
    """An ISO 8601 time (with its zone) given as parameter `name`; 422 when it is not one."""
    if value is None:
        return None
    try:
        return parse_iso(value)
    except ValueError as exc:
        raise invalid(f"{name}: {exc}") from exc


def stated(text: str) -> str:
    """Free text as the audit keeps it: printable, trimmed (422 for control characters)."""
    if any(ord(ch) < 32 and ch not in "\t\n" for ch in text):
        raise invalid("text may not hold control characters")
    return text.strip()
