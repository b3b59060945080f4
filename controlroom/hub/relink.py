"""Linking an amended capture again. The amendment takes the capture off the linked list in its
own transaction (so a crash before the linker gets to it loses nothing: the sweep finds it),
and the linker writes the new revision's mentions here, against the ones the capture had:

- a mention the new revision still makes (same kind, same name, mark or number) keeps its record
  and how it was linked, an analyst's confirmation included; its keys follow what it now says;
- a new mention is decided as any new capture's is;
- a mention the new revision no longer makes is withdrawn: it leaves its record (whose page no
  longer shows it), and the suggestions waiting on it are closed, on the record;
- a record that withdrawal leaves with no mention at all is closed: not found by search, its
  page answering 410 with why and by which capture's revision, the suggestions about it closed,
  ``entity.closed`` streamed and an audit record kept;
- a closed record comes back when the capture that closed it says the same thing again and the
  linker would otherwise start a record for it (``entity.reopened``): undoing the amendment
  undoes the closing. Said by another capture, or linked elsewhere, it stays closed: a new
  mention is decided as any other is (its keys went with the withdrawn mention).

The capture's whole list of entities is streamed again (``capture.linked``), with an audit
record saying what was kept, added, withdrawn, closed and reopened."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, insert, or_, select, update

from controlroom.contract.entities import CaptureEntities, EntityClosed
from controlroom.contract.events import EventType as E
from controlroom.entities.decide import NEW
from controlroom.entities.mention import Mention
from controlroom.hub.entity_reads import capture_entities
from controlroom.hub.entity_rows import (
    ENTITIES,
    KEYS,
    MENTIONS,
    OPEN,
    SUGGESTIONS,
    dumps,
    loads,
    resolve,
)
from controlroom.hub.eventlog import event
from controlroom.hub.writer import Tx
from controlroom.timeutil import to_iso

WITHDRAWN = "withdrawn"  # mentions.link of a mention an amendment took back
CLOSED_NOTE = "the amended capture no longer says this"
RECORD_CLOSED = "its only mention was taken back by an amendment"
RECORD_GONE = "the record it was about was closed"
LINKER = "hub:linker"


def identity(kind: str, attributes: dict[str, Any]) -> str:
    """What makes two mentions in revisions of one capture the same mention."""
    main = {"person": "name", "vehicle": "vrm", "phone": "number"}.get(kind)
    value = str(attributes.get(main, "")) if main else dumps(attributes)
    return f"{kind}:{re.sub(r'[^0-9a-z]', '', value.lower())}"


def relink(tx: Tx, plan: Any, before: list[Any], at: float, write_new: Any) -> CaptureEntities:
    """Write ``plan`` (a linker Plan for the amended capture) against ``before``, the capture's
    mentions still standing; ``write_new(ordinal, mention, keys, decision, record)`` writes a
    new one (into ``record`` when it reopens a closed one, else as decided). Returns the
    capture's entities as every workstation may see them."""
    standing: dict[str, list[Any]] = {}
    for row in before:
        standing.setdefault(identity(row.kind, loads(row.attributes)), []).append(row)
    closed = _closed_by(tx, plan.capture_id)
    counts = {"kept": 0, "added": 0, "withdrawn": 0, "closed": 0, "reopened": 0}
    for ordinal, (m, keys, decision) in enumerate(
        zip(plan.mentions, plan.keys, plan.decisions, strict=True)
    ):
        said = identity(m.kind, m.attributes)
        same = standing.get(said)
        if same:
            _keep(tx, same.pop(0).id, ordinal, m, keys)
            counts["kept"] += 1
            continue
        record = closed.pop(said, None) if decision.action == NEW else None
        if record is not None:
            _reopen(tx, record, plan, at)
            counts["reopened"] += 1
        write_new(ordinal, m, keys, decision, record.id if record is not None else None)
        counts["added"] += 1
    for rows in standing.values():
        for row in rows:
            counts["closed"] += _withdraw(tx, row, plan, at)
            counts["withdrawn"] += 1
    tx.audit(
        LINKER,
        "capture.relink",
        f"capture:{plan.capture_id}",
        "hub",
        {"mentions": len(plan.mentions), **counts},
    )
    return capture_entities(tx.connection, plan.capture_id, cleared=plan.restricted)


def _keep(tx: Tx, mention_id: int, ordinal: int, m: Mention, keys: set[str]) -> None:
    tx.execute(
        update(MENTIONS)
        .where(MENTIONS.c.id == mention_id)
        .values(
            ordinal=ordinal,
            role=m.role,
            path=m.path[:64],
            owner=m.owner,
            attributes=dumps(m.attributes),
            written=m.written,
        )
    )
    tx.execute(KEYS.delete().where(KEYS.c.mention_id == mention_id))
    if keys:
        tx.execute(insert(KEYS), [{"key": k[:120], "mention_id": mention_id} for k in sorted(keys)])


def _withdraw(tx: Tx, row: Any, plan: Any, at: float) -> int:
    """Take the mention back; close its record when nothing else mentions it (1 if closed)."""
    tx.execute(
        update(SUGGESTIONS)
        .where(SUGGESTIONS.c.mention_id == row.id, SUGGESTIONS.c.status.in_(OPEN))
        .values(status="closed", decided_by=LINKER, decided_at=at, note=CLOSED_NOTE)
    )
    tx.execute(
        update(MENTIONS).where(MENTIONS.c.id == row.id).values(entity_id=None, link=WITHDRAWN)
    )
    tx.execute(KEYS.delete().where(KEYS.c.mention_id == row.id))
    if row.entity_id is None:
        return 0
    record = resolve(tx.connection, row.entity_id)
    tx.execute(update(ENTITIES).where(ENTITIES.c.id == record).values(updated_at=at))
    left = tx.execute(
        select(func.count()).select_from(MENTIONS).where(MENTIONS.c.entity_id == record)
    ).scalar()
    if left:
        return 0
    said = identity(row.kind, loads(row.attributes))
    detail = {"identity": said, "label": _label(row), "revision": plan.revision}
    detail["why"] = RECORD_CLOSED
    tx.execute(
        update(ENTITIES)
        .where(ENTITIES.c.id == record)
        .values(closed_at=at, closed_capture=plan.capture_id, closed=dumps(detail))
    )
    about = or_(SUGGESTIONS.c.entity_id == record, SUGGESTIONS.c.other_id == record)
    tx.execute(
        update(SUGGESTIONS)
        .where(about, SUGGESTIONS.c.status.in_(OPEN))
        .values(status="closed", decided_by=LINKER, decided_at=at, note=RECORD_GONE)
    )
    closing = _closing(record, row.kind, detail, plan, at, reopened=False)
    tx.emit(event(E.ENTITY_CLOSED, str(record), closing, at, restricted=plan.restricted))
    said_why = {"capture": plan.capture_id, "revision": plan.revision, "why": RECORD_CLOSED}
    tx.audit(LINKER, "entity.close", f"entity:{record}", "hub", said_why)
    return 1


def _label(row: Any) -> str:
    return str(row.written or "")[:200]


def _closing(
    record: int, kind: str, detail: dict, plan: Any, at: float, reopened: bool
) -> EntityClosed:
    return EntityClosed(
        id=record,
        kind=kind,
        label=detail["label"],
        capture=plan.capture_id,
        revision=plan.revision,
        why=detail["why"] if not reopened else "the amended capture says it again",
        at=to_iso(at) or "",
        by=LINKER,
        reopened=reopened,
    )


def _closed_by(tx: Tx, capture_id: str) -> dict[str, Any]:
    """The records an earlier revision of this capture closed, by what they were about."""
    rows = tx.execute(
        select(ENTITIES.c.id, ENTITIES.c.kind, ENTITIES.c.closed).where(
            ENTITIES.c.closed_capture == capture_id, ENTITIES.c.closed_at.is_not(None)
        )
    ).all()
    return {loads(r.closed)["identity"]: r for r in rows}


def _reopen(tx: Tx, record: Any, plan: Any, at: float) -> None:
    tx.execute(
        update(ENTITIES)
        .where(ENTITIES.c.id == record.id)
        .values(closed_at=None, closed_capture=None, closed=None, updated_at=at)
    )
    closing = _closing(record.id, record.kind, loads(record.closed), plan, at, reopened=True)
    tx.emit(event(E.ENTITY_REOPENED, str(record.id), closing, at, restricted=plan.restricted))
    tx.audit(LINKER, "entity.reopen", f"entity:{record.id}", "hub",
             {"capture": plan.capture_id, "revision": plan.revision})  # fmt: skip
