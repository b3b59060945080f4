"""A record's page: everything the force holds on it that the reader may see (blocking)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, or_, select

from controlroom.contract import entities as doc
from controlroom.entities.claims import grade_of
from controlroom.hub.entity_reads import Seen, known_as, labels, seen_of
from controlroom.hub.entity_rows import (
    CAPTURES,
    DECISIONS,
    ENTITIES,
    MENTIONS,
    OPEN,
    SUGGESTIONS,
    loads,
    resolve,
    visible,
)
from controlroom.hub.suggestions import readable, suggestion_doc
from controlroom.timeutil import to_iso

OWNS = {"phone": "phone", "address": "address", "vehicle": "drives", "person": "mentioned with"}
OWNED_BY = {
    "phone": "phone of",
    "address": "address of",
    "vehicle": "driven by",
    "person": "mentioned with",
}
SHARED = {"phone": "shares phone", "address": "shares address"}
MAX_RELATED = 200


def entity_page(connection: Connection, entity_id: int, cleared: bool) -> doc.EntityPage | None:
    """The page of the record (following a merge to the record that holds it now); None when
    there is no such record or the reader may see none of its captures."""
    exists = connection.execute(select(ENTITIES.c.id).where(ENTITIES.c.id == entity_id)).first()
    if exists is None:
        return None
    record = resolve(connection, entity_id)
    seen = seen_of(connection, [record], cleared).get(record, [])
    if not seen:
        return None
    kind = seen[0].mention.kind
    label, best, found = known_as(kind, seen)
    claims = {
        name: [
            doc.Claim(
                value=c.value,
                grade=c.grade.text(),
                captures=c.captures,
                last_seen=to_iso(c.last_seen),
            )
            for c in cs
        ]
        for name, cs in found.items()
    }
    timeline = _timeline(seen)
    return doc.EntityPage(
        id=record,
        kind=kind,
        label=label,
        attributes=best,
        claims=claims,
        captures=[s.capture_id for s in reversed(timeline)],
        timeline=timeline,
        related=related(connection, record, seen, cleared),
        decisions=_decisions(connection, record, cleared),
        suggestions=_open_suggestions(connection, record, cleared),
    )


def _timeline(seen: list[Seen]) -> list[doc.Sighting]:
    by_capture: dict[str, doc.Sighting] = {}
    for s in seen:
        c = s.capture
        sighting = by_capture.get(c.id)
        if sighting is None:
            fields = loads(c.fields)
            grade = grade_of(fields).text()
            grading = f"{grade}-{c.handling_code}" if grade and c.handling_code else grade
            sighting = by_capture[c.id] = doc.Sighting(
                capture_id=c.id,
                kind=c.kind,
                at=to_iso(c.at) or "",
                lat=c.lat,
                lon=c.lon,
                summary=c.summary,
                grading=grading,
                handling_code=c.handling_code,
            )
        if s.mention.role not in sighting.roles:
            sighting.roles.append(s.mention.role)
    return list(by_capture.values())


def related(
    connection: Connection, record: int, seen: list[Seen], cleared: bool
) -> list[doc.Related]:
    """Records mentioned in the same captures (who drives which car, whose phone, whose
    address), and people who share this person's phone or address."""
    mine = {(s.capture.id, s.mention.ordinal): s.mention for s in seen}
    captures = sorted({c for c, _ in mine})
    links: dict[tuple[int, str], set[str]] = defaultdict(set)
    for other in _co_mentions(connection, captures, record):
        for (capture_id, ordinal), m in mine.items():
            if capture_id == other.capture_id:
                links[(other.entity_id, _via(m, other, ordinal))].add(capture_id)
    if seen[0].mention.kind == "person":
        for (entity_id, via), where in list(links.items()):
            if via in SHARED:
                for person, shared_in in _sharers(connection, entity_id, record, cleared).items():
                    links[(person, SHARED[via])].update(where | shared_in)
    named = labels(connection, sorted({e for e, _ in links}), cleared)
    out = [
        doc.Related(
            id=e, kind=_kind_of(connection, e), label=named[e][0], via=via, captures=sorted(where)
        )
        for (e, via), where in links.items()
        if e in named
    ]
    return sorted(out, key=lambda r: (-len(r.captures), r.via, r.id))[:MAX_RELATED]


def _via(mine: Any, other: Any, my_ordinal: int) -> str:
    if other.owner == my_ordinal:
        return OWNS[other.kind]
    if mine.owner is not None and mine.owner == other.ordinal:
        return OWNED_BY[mine.kind]
    return "mentioned with"


def _co_mentions(connection: Connection, captures: list[str], record: int) -> list[Any]:
    out: list[Any] = []
    for start in range(0, len(captures), 500):
        out += connection.execute(
            select(
                MENTIONS.c.capture_id,
                MENTIONS.c.entity_id,
                MENTIONS.c.kind,
                MENTIONS.c.owner,
                MENTIONS.c.ordinal,
            ).where(
                MENTIONS.c.capture_id.in_(captures[start : start + 500]),
                MENTIONS.c.entity_id.is_not(None),
                MENTIONS.c.entity_id != record,
            )
        ).all()
    return out


def _sharers(
    connection: Connection, shared: int, record: int, cleared: bool
) -> dict[int, set[str]]:
    """People (other than ``record``) whose phone or address is the record ``shared``."""
    owned = connection.execute(
        select(MENTIONS.c.capture_id, MENTIONS.c.owner)
        .join(CAPTURES, CAPTURES.c.id == MENTIONS.c.capture_id)
        .where(
            MENTIONS.c.entity_id == shared,
            MENTIONS.c.owner.is_not(None),
            visible(cleared),
        )
    ).all()
    out: dict[int, set[str]] = defaultdict(set)
    for capture_id, owner in owned:
        person = connection.execute(
            select(MENTIONS.c.entity_id).where(
                MENTIONS.c.capture_id == capture_id, MENTIONS.c.ordinal == owner
            )
        ).scalar()
        if person is not None and person != record:
            out[person].add(capture_id)
    return out


def _kind_of(connection: Connection, entity_id: int) -> str:
    return connection.execute(
        select(ENTITIES.c.kind).where(ENTITIES.c.id == entity_id)
    ).scalar_one()


def _decisions(connection: Connection, record: int, cleared: bool) -> list[doc.Decision]:
    rows = connection.execute(
        select(DECISIONS)
        .where(or_(DECISIONS.c.entity_id == record, DECISIONS.c.other_id == record))
        .order_by(DECISIONS.c.id)
    ).all()
    out: list[doc.Decision] = []
    for r in rows:
        moved = loads(r.moved) or []
        captures = _captures_of(connection, moved, cleared)
        if moved and not captures:
            continue  # it moved only what the reader may not see
        other = r.other_id if r.entity_id == record else r.entity_id
        out.append(
            doc.Decision(
                id=r.id,
                action=r.action,
                other=other,
                by=r.actor,
                at=to_iso(r.at),
                note=r.note,
                captures=captures,
            )
        )
    return out


def _captures_of(connection: Connection, mention_ids: list[int], cleared: bool) -> list[str]:
    if not mention_ids:
        return []
    rows = connection.execute(
        select(MENTIONS.c.capture_id)
        .join(CAPTURES, CAPTURES.c.id == MENTIONS.c.capture_id)
        .where(MENTIONS.c.id.in_(mention_ids[:1000]), visible(cleared))
        .distinct()
    )
    return sorted(rows.scalars())


def _open_suggestions(connection: Connection, record: int, cleared: bool) -> list[int]:
    ids = connection.execute(
        select(SUGGESTIONS.c.id)
        .where(
            or_(SUGGESTIONS.c.entity_id == record, SUGGESTIONS.c.other_id == record),
            SUGGESTIONS.c.status.in_(OPEN),
        )
        .order_by(SUGGESTIONS.c.id)
        .limit(50)
    ).scalars()
    return [i for i in ids if readable(*suggestion_doc(connection, i, cleared), cleared)]


def closure(connection: Connection, entity_id: int, cleared: bool) -> dict[str, Any] | None:
    """Why a record (or the one it was merged into) was closed, when the reader may know: the
    capture whose amendment closed it must be one they may see, else nothing is said (as for a
    record that never was)."""
    exists = connection.execute(select(ENTITIES.c.id).where(ENTITIES.c.id == entity_id)).first()
    if exists is None:
        return None
    record = resolve(connection, entity_id)
    row = connection.execute(
        select(
            ENTITIES.c.kind, ENTITIES.c.closed_at, ENTITIES.c.closed_capture, ENTITIES.c.closed
        ).where(ENTITIES.c.id == record)
    ).first()
    if row is None or row.closed_at is None or row.closed_capture is None:
        return None
    capture = connection.execute(
        select(CAPTURES.c.handling_code, CAPTURES.c.graded_at).where(
            CAPTURES.c.id == row.closed_capture, visible(cleared)
        )
    ).first()
    if capture is None:
        return None
    said = loads(row.closed)
    return {
        "id": record,
        "kind": row.kind,
        "closed_at": to_iso(row.closed_at),
        "why": said["why"],
        "capture": row.closed_capture,
        "revision": said["revision"],
        "by": "hub:linker",
    }
