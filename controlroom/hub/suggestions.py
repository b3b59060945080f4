"""Suggestions as the review queue shows them (blocking reads)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, or_, select

from controlroom.contract import entities as doc
from controlroom.hub.entity_reads import labels, reasons_shown, visible_mentions
from controlroom.hub.entity_rows import (
    CAPTURES,
    DECISIONS,
    MENTIONS,
    OPEN,
    SUGGESTIONS,
    kept_back,
    loads,
    open_capture,
    resolve,
)
from controlroom.timeutil import to_iso


def open_between(connection: Connection, a: int, b: int) -> bool:
    """Whether a suggestion about records a and b is waiting, or an analyst has judged them
    different (not the same, or split apart): the linker does not ask again."""
    pair = or_(
        and_(SUGGESTIONS.c.entity_id == a, SUGGESTIONS.c.other_id == b),
        and_(SUGGESTIONS.c.entity_id == b, SUGGESTIONS.c.other_id == a),
    )
    status = SUGGESTIONS.c.status.in_((*OPEN, "not_same"))
    if connection.execute(select(SUGGESTIONS.c.id).where(pair, status).limit(1)).first():
        return True
    apart = or_(
        and_(DECISIONS.c.entity_id == a, DECISIONS.c.other_id == b),
        and_(DECISIONS.c.entity_id == b, DECISIONS.c.other_id == a),
    )
    judged = DECISIONS.c.action.in_(("split", "not_same"))
    found = connection.execute(select(DECISIONS.c.id).where(apart, judged).limit(1)).first()
    return found is not None


def suggestion_doc(
    connection: Connection, suggestion_id: int, cleared: bool
) -> tuple[doc.Suggestion, bool]:
    """The suggestion as ``cleared`` (or not) may read it, and whether any of it comes from a
    restricted capture."""
    row = connection.execute(select(SUGGESTIONS).where(SUGGESTIONS.c.id == suggestion_id)).one()
    return _doc(connection, row, cleared)


def _doc(connection: Connection, row: Any, cleared: bool) -> tuple[doc.Suggestion, bool]:
    mention = connection.execute(
        select(MENTIONS, CAPTURES.c.handling_code, CAPTURES.c.graded_at)
        .join(CAPTURES, CAPTURES.c.id == MENTIONS.c.capture_id)
        .where(MENTIONS.c.id == row.mention_id)
    ).first()
    record = resolve(connection, row.entity_id)
    other = resolve(connection, row.other_id) if row.other_id is not None else None
    records = [record] + ([other] if other is not None else [])
    seen = labels(connection, records, cleared)
    reasons = loads(row.reasons)
    support = {r.get("mention") for r in reasons}
    visible = visible_mentions(connection, support, cleared)
    restricted = (
        (mention is not None and kept_back(mention.handling_code, mention.graded_at))
        or visible_mentions(connection, support, False) != {m for m in support if m is not None}
        or _any_restricted(connection, records)
    )
    label, captures = seen.get(record, ("", []))
    candidate = doc.SuggestionSide(label="")
    if other is not None:
        other_label, other_captures = seen.get(other, ("", []))
        candidate = doc.SuggestionSide(entity=other, label=other_label, captures=other_captures)
    elif mention is not None:
        written = loads(mention.attributes).get("label") or mention.written
        candidate = doc.SuggestionSide(
            label=written,
            captures=[mention.capture_id],
            capture_id=mention.capture_id,
            path=mention.path,
        )
    suggestion = doc.Suggestion(
        id=row.id,
        kind=row.kind,
        status=row.status,
        score=round(row.score, 4),
        reasons=reasons_shown(reasons, visible),
        record=doc.SuggestionSide(entity=record, label=label, captures=captures),
        candidate=candidate,
        created_at=to_iso(row.created_at),
        decided_by=row.decided_by,
        decided_at=to_iso(row.decided_at),
        note=row.note,
    )
    return suggestion, restricted


def _any_restricted(connection: Connection, records: list[int]) -> bool:
    """Whether any mention of these records is in a restricted capture."""
    query = (
        select(MENTIONS.c.id)
        .join(CAPTURES, CAPTURES.c.id == MENTIONS.c.capture_id)
        .where(MENTIONS.c.entity_id.in_(records), ~open_capture())
        .limit(1)
    )
    return connection.execute(query).first() is not None


def readable(suggestion: doc.Suggestion, restricted: bool, cleared: bool) -> bool:
    """A reader not cleared sees only suggestions that draw on nothing restricted."""
    return cleared or not restricted


def queue(connection: Connection, status: str, cleared: bool, limit: int) -> list[doc.Suggestion]:
    """Suggestions in a state (the open ones: pending first, then unsure), oldest first."""
    statuses = OPEN if status == "open" else (status,)
    rows = connection.execute(
        select(SUGGESTIONS)
        .where(SUGGESTIONS.c.status.in_(statuses))
        .order_by(SUGGESTIONS.c.status, SUGGESTIONS.c.id)
        .limit(limit * 2 if not cleared else limit)
    ).all()
    out = []
    for row in rows:
        suggestion, restricted = _doc(connection, row, cleared)
        if readable(suggestion, restricted, cleared):
            out.append(suggestion)
    return out[:limit]
