"""Parameters as the hub reads them: times, free text kept in the audit, and the ids and
names in paths."""

from __future__ import annotations

import re
import uuid

from controlroom.hub.errors import invalid, not_found
from controlroom.timeutil import parse_iso

# What a device may name an attachment (checked on upload).
ATTACHMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


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


def capture_key(text: str) -> str:
    """A capture id from a path, as the store keeps it (ids are UUIDs the devices make): an
    id that is not one names no capture (404), whatever bytes it holds."""
    try:
        return str(uuid.UUID(text))
    except ValueError as exc:
        raise not_found(f"no capture {text[:80]!r}") from exc


def attachment_name(text: str) -> str:
    """An attachment name from a path; one a device could not have stored names none (404)."""
    if not ATTACHMENT_NAME.match(text):
        raise not_found(f"no attachment {text[:80]!r}")
    return text
