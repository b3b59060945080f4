"""What the hub's entity code shares: the tables, which captures a reader may see, and how a
merged record is followed to the one that holds its mentions now."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, select, true

from controlroom.entities.mention import Mention as Said
from controlroom.hub.dissemination import FULL, full_condition, visibility
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


def kept_back(handling_code: str | None, graded_at: object) -> bool:
    """Whether roles not cleared for C are kept from what a capture's fields say: it is C (or
    a code that cannot be read), or it has been graded, when they see only its sanitised text
    (controlroom.hub.dissemination; one rule with the capture paths). `graded_at`: when it
    was graded (a time, or its ISO text), None if never."""
    return visibility(handling_code, graded_at is not None) != FULL


def open_capture() -> Any:
    """SQL: the captures any operational role may read in full."""
    return full_condition()


def visible(cleared: bool) -> Any:
    """The captures a reader may see: every one when cleared for C."""
    return true() if cleared else open_capture()


def readable(row: Any, cleared: bool) -> bool:
    """Whether a reader may see a capture row (its handling code and when it was graded)."""
    return cleared or not kept_back(row.handling_code, row.graded_at)


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
