"""Linking an amended capture again. The amendment takes the capture off the linked list in its
own transaction (so a crash before the linker gets to it loses nothing: the sweep finds it),
and the linker writes the new revision's mentions here, against the ones the capture had:

- a mention the new revision still makes (same kind, same name, mark or number) keeps its record
  and how it was linked, an analyst's confirmation included; its keys follow what it now says;
- a new mention is decided as any new capture's is;
- a mention the new revision no longer makes is withdrawn: it leaves its record (whose page no
  longer shows it), and the suggestions waiting on it are closed, on the record.

The capture's whole list of entities is streamed again (``capture.linked``), with an audit
record saying what was kept, added and withdrawn."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import insert, update

from controlroom.contract.entities import CaptureEntities
from controlroom.entities.mention import Mention
from controlroom.hub.entity_reads import capture_entities
from controlroom.hub.entity_rows import ENTITIES, KEYS, MENTIONS, OPEN, SUGGESTIONS, dumps, loads
from controlroom.hub.writer import Tx

WITHDRAWN = "withdrawn"  # mentions.link of a mention an amendment took back
CLOSED_NOTE = "the amended capture no longer says this"


def identity(kind: str, attributes: dict[str, Any]) -> str:
    """What makes two mentions in revisions of one capture the same mention."""
    main = {"person": "name", "vehicle": "vrm", "phone": "number"}.get(kind)
    value = str(attributes.get(main, "")) if main else dumps(attributes)
    return f"{kind}:{re.sub(r'[^0-9a-z]', '', value.lower())}"


def relink(tx: Tx, plan: Any, before: list[Any], at: float, write_new: Any) -> CaptureEntities:
    """Write ``plan`` (a linker Plan for the amended capture) against ``before``, the capture's
    mentions still standing; ``write_new(ordinal, mention, keys, decision)`` writes a new one.
    Returns the capture's entities as every workstation may see them."""
    standing: dict[str, list[Any]] = {}
    for row in before:
        standing.setdefault(identity(row.kind, loads(row.attributes)), []).append(row)
    counts = {"kept": 0, "added": 0, "withdrawn": 0}
    for ordinal, (m, keys, decision) in enumerate(
        zip(plan.mentions, plan.keys, plan.decisions, strict=True)
    ):
        same = standing.get(identity(m.kind, m.attributes))
        if same:
            _keep(tx, same.pop(0).id, ordinal, m, keys)
            counts["kept"] += 1
        else:
            write_new(ordinal, m, keys, decision)
            counts["added"] += 1
    for rows in standing.values():
        for row in rows:
            _withdraw(tx, row, at)
            counts["withdrawn"] += 1
    tx.audit(
        "hub:linker",
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


def _withdraw(tx: Tx, row: Any, at: float) -> None:
    tx.execute(
        update(SUGGESTIONS)
        .where(SUGGESTIONS.c.mention_id == row.id, SUGGESTIONS.c.status.in_(OPEN))
        .values(status="closed", decided_by="hub:linker", decided_at=at, note=CLOSED_NOTE)
    )
    tx.execute(
        update(MENTIONS).where(MENTIONS.c.id == row.id).values(entity_id=None, link=WITHDRAWN)
    )
    tx.execute(KEYS.delete().where(KEYS.c.mention_id == row.id))
    if row.entity_id is not None:
        tx.execute(update(ENTITIES).where(ENTITIES.c.id == row.entity_id).values(updated_at=at))
