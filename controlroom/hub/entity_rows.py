"""What the hub's entity code shares: the tables, which captures a reader may see, and how a
merged record is followed to the one that holds its mentions now."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, select, true

from controlroom.entities.mention import Mention as Said
from controlroom.hub.capture_fields import is_restricted
from controlroom.store.entity_tables import (
    Entity,
    EntityDecision,
    LinkedCapture,
    Mention,
    MentionKey,
    Suggestion,
)
from controlroom.store.schema import Capture

ENTITIES, MENTIONS, KEYS = Entity.__table__, Mention.__table__, MentionKey.__table__
SUGGESTIONS, DECISIONS = Suggestion.__table__, EntityDecision.__table__
LINKED, CAPTURES = LinkedCapture.__table__, Capture.__table__
OPEN = ("pending", "unsure")  # suggestions still waiting for a decision
# One rule for what is restricted, shared with the capture paths.
__all__ = ["is_restricted"]


def open_capture() -> Any:
    """Captures any operational role may read: no handling code, or P (anything else, C or a
    value that cannot be read, is restricted)."""
    return CAPTURES.c.handling_code.is_(None) | (CAPTURES.c.handling_code == "P")


def visible(cleared: bool) -> Any:
    """The captures a reader may see: every one when cleared for C."""
    return true() if cleared else open_capture()


def readable(code: str | None, cleared: bool) -> bool:
    return cleared or not is_restricted(code)


def resolve(connection: Connection, entity_id: int) -> int:
    """The record that holds a (possibly merged) record's mentions now."""
    seen = set()
    while entity_id not in seen:
        seen.add(entity_id)
        merged = connection.execute(
            select(ENTITIES.c.merged_into).where(ENTITIES.c.id == entity_id)
        ).scalar()
        if merged is None:
            return entity_id
        entity_id = merged
    return entity_id


def search_text(m: Said) -> str:
    """What entity search matches a mention by (lower case, normalised)."""
    a = m.attributes
    if m.kind == "person":
        parts = [a.get("name", ""), *a.get("aka", ()), a.get("dob", "")]
    elif m.kind == "vehicle":
        parts = [a["vrm"], *(a.get(k, "") for k in ("colour", "make", "model"))]
    elif m.kind == "phone":
        parts = [a["number"]]
    else:
        parts = [a.get("key", ""), *a.get("places", ()), a.get("postcode", "")]
    return " ".join(p.lower() for p in parts if p)[:200]


def loads(text: str | None) -> Any:
    return orjson.loads(text) if text else None


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()
