"""What a capture's fields may hold, checked before the capture is stored.

- Nesting is bounded: a document deeper than :data:`MAX_DEPTH` cannot be stored, streamed or
  shown, so it is refused at the door rather than failing later.
- A handling code, where one is given, is exactly ``P`` or ``C`` once case and surrounding
  space are set aside; anything else is refused. A code is never read as "unrestricted" by
  mistake: :func:`is_restricted` treats every value but "none given" and ``P`` as restricted.
"""

from __future__ import annotations

from typing import Any

from controlroom.hub.wire import Rejected

MAX_DEPTH = 32
HANDLING_CODES = ("P", "C")
OPEN_CODES = (None, "P")


def check_depth(value: Any, limit: int = MAX_DEPTH) -> None:
    """Refuse `value` when its objects and arrays nest more than `limit` levels deep."""
    level: list[Any] = [value]
    depth = 1
    while level:
        level = [child for item in level for child in _children(item)]
        depth += bool(level)
        if depth > limit:
            raise Rejected("invalid", f"fields nest more than {limit} levels deep")


def _children(item: Any) -> list[Any]:
    if isinstance(item, dict):
        return [v for v in item.values() if isinstance(v, dict | list)]
    if isinstance(item, list):
        return [v for v in item if isinstance(v, dict | list)]
    return []


def handling_code(fields: dict) -> str | None:
    """The capture's handling code, normalised (None when none is given); refuses any value
    that is not P or C, so that nothing meant as C is ever stored as open."""
    raw = fields.get("handling_code")
    if raw is None:
        return None
    code = raw.strip().upper() if isinstance(raw, str) else None
    if code not in HANDLING_CODES:
        raise Rejected("invalid", f"handling_code {raw!r} is not one of P or C")
    return code


def checked_fields(fields: dict) -> tuple[dict, str | None]:
    """The fields as they will be stored (the handling code normalised) and that code."""
    check_depth(fields)
    code = handling_code(fields)
    if code is not None and fields["handling_code"] != code:
        fields = dict(fields, handling_code=code)
    return fields, code


def is_restricted(code: str | None) -> bool:
    """Only captures with no handling code, or P, are open; anything else is restricted."""
    return code not in OPEN_CODES
