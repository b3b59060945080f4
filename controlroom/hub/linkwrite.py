"""Writing what the linker decided for a capture: one job for the writer, so the mentions,
any new records, the suggestions, their events and the audit record land together or not at
all."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import insert, select, update

from controlroom.contract.entities import CaptureEntities, EntityLink, MentionRef
from controlroom.contract.events import EventType as E
from controlroom.entities.decide import LINK, NEW, SUGGEST, Decision, Scored
from controlroom.entities.mention import Mention
from controlroom.hub.entity_reads import quoted_captures
from controlroom.hub.entity_rows import (
    CAPTURES,
    ENTITIES,
    KEYS,
    LINKED,
    MENTIONS,
    SUGGESTIONS,
    dumps,
    kept_back,
    resolve,
    search_text,
)
from controlroom.hub.eventlog import event
from controlroom.hub.relink import WITHDRAWN, relink
from controlroom.hub.suggestions import open_between, suggestion_doc
from controlroom.hub.writer import Tx
from controlroom.timeutil import now

LINKER = "hub:linker"


@dataclass(slots=True)
class Plan:
    """What the linker decided for one capture, to be written by the writer."""

    capture_id: str
    at: float
    restricted: bool  # the capture is kept from roles not cleared (entity_rows.restricted)
    revision: int = 1  # the capture's revision planned for
    mentions: list[Mention] = field(default_factory=list)
    keys: list[set[str]] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


def reasons_json(decision_reasons) -> str:
    return dumps([{"text": r.text, "mention": r.mention} for r in decision_reasons])


def write_links(plan: Plan):
    def job(tx: Tx) -> CaptureEntities | None:
        done = tx.execute(
            select(LINKED.c.capture_id).where(LINKED.c.capture_id == plan.capture_id)
        ).first()
        if done is not None:
            return None  # another hub process, or an earlier attempt, linked it
        # as the capture stands now: it may have been graded or made C since it was planned
        state = tx.execute(
            select(CAPTURES.c.handling_code, CAPTURES.c.graded_at, CAPTURES.c.revision)
            .where(CAPTURES.c.id == plan.capture_id)
            .with_for_update()  # an amendment or grading through another hub waits for this
        ).one()
        if state.revision != plan.revision:
            return None  # amended since it was planned: the linker plans it again
        plan.restricted = kept_back(state.handling_code, state.graded_at)
        at = now()
        tx.execute(
            insert(LINKED).values(
                capture_id=plan.capture_id, linked_at=at, mentions=len(plan.mentions)
            )
        )
        hidden = _restricted_support(tx, plan)
        before = standing_mentions(tx, plan.capture_id)
        if before:  # an amended capture linked before

            def write_new(
                ordinal: int, m: Mention, keys: set[str], decision: Decision, record: int | None
            ) -> None:
                _write_mention(tx, plan, ordinal, m, keys, decision, at, hidden, record)

            again = relink(tx, plan, before, at, write_new)
            again.quoting = quoted_captures(tx.connection, plan.capture_id, plan.restricted)
            tx.emit(event(E.CAPTURE_LINKED, plan.capture_id, again, at, restricted=plan.restricted))
            return again
        links: list[EntityLink] = []
        counts = {NEW: 0, LINK: 0, SUGGEST: 0}
        for ordinal, (m, keys, decision) in enumerate(
            zip(plan.mentions, plan.keys, plan.decisions, strict=True)
        ):
            counts[decision.action] += 1
            links += _write_mention(tx, plan, ordinal, m, keys, decision, at, hidden)
        restricted = plan.restricted
        quoting = quoted_captures(tx.connection, plan.capture_id, restricted)
        linked = CaptureEntities(capture_id=plan.capture_id, entities=links, quoting=quoting)
        tx.emit(event(E.CAPTURE_LINKED, plan.capture_id, linked, at, restricted=restricted))
        detail = {"mentions": len(plan.mentions), **counts}
        tx.audit(LINKER, "capture.link", f"capture:{plan.capture_id}", "hub", detail)
        return linked

    return job


def standing_mentions(tx: Tx, capture_id: str) -> list:
    """The capture's mentions an earlier revision made, not withdrawn since."""
    return tx.execute(
        select(MENTIONS).where(MENTIONS.c.capture_id == capture_id, MENTIONS.c.link != WITHDRAWN)
    ).all()


def _restricted_support(tx: Tx, plan: Plan) -> set[int]:
    """The mentions behind this plan's reasons that are in restricted captures: the stream
    carries no reason they support (a cleared reader reads them through the API)."""
    support = {
        r.mention
        for d in plan.decisions
        for r in [*d.reasons, *(x for s in d.suggestions for x in s.reasons)]
        if r.mention is not None
    }
    if not support:
        return set()
    rows = tx.execute(
        select(MENTIONS.c.id, CAPTURES.c.handling_code, CAPTURES.c.graded_at)
        .join(CAPTURES, CAPTURES.c.id == MENTIONS.c.capture_id)
        .where(MENTIONS.c.id.in_(sorted(support)))
    )
    return {r.id for r in rows if kept_back(r.handling_code, r.graded_at)}


def _streamed(reasons, hidden: set[int]) -> list[str]:
    return [r.text for r in reasons if r.mention not in hidden]


def _write_mention(
    tx: Tx,
    plan: Plan,
    ordinal: int,
    m: Mention,
    keys: set[str],
    d: Decision,
    at: float,
    hidden: set[int],
    reopened: int | None = None,
) -> list[EntityLink]:
    """Write one mention as decided; ``reopened``, a closed record it starts again (relink)."""
    entity_id: int | None = None
    if d.action == NEW:
        entity_id = reopened if reopened is not None else new_entity(tx, m.kind, at)
    elif d.action == LINK and d.entity_id is not None:
        entity_id = resolve(tx.connection, d.entity_id)
        tx.execute(update(ENTITIES).where(ENTITIES.c.id == entity_id).values(updated_at=at))
    row = {
        "capture_id": plan.capture_id,
        "ordinal": ordinal,
        "kind": m.kind,
        "role": m.role,
        "path": m.path[:64],
        "owner": m.owner,
        "attributes": dumps(m.attributes),
        "written": m.written,
        "search": search_text(m),
        "entity_id": entity_id,
        "link": {NEW: "new", LINK: "auto", SUGGEST: "pending"}[d.action],
        "score": d.score,
        "reasons": reasons_json(d.reasons),
        "at": plan.at,
        "linked_at": at,
    }
    mention_id = tx.execute(insert(MENTIONS).values(**row)).inserted_primary_key[0]
    if keys:
        tx.execute(insert(KEYS), [{"key": k[:120], "mention_id": mention_id} for k in sorted(keys)])
    ref = MentionRef(path=m.path, written=m.written)
    links = []
    if entity_id is not None:
        text = _streamed(d.reasons, hidden)
        links.append(
            EntityLink(
                id=entity_id,
                kind=m.kind,
                label=m.label,
                linked="auto",
                score=d.score,
                reasons=text,
                mentions=[ref],
            )
        )
    for s in d.suggestions:
        suggestion = _suggest(tx, plan, mention_id, m, entity_id, s, at)
        if suggestion is not None:
            links.append(
                EntityLink(
                    id=suggestion[0],
                    kind=m.kind,
                    label=suggestion[1],
                    linked="suggested",
                    score=s.score,
                    reasons=_streamed(s.reasons, hidden),
                    mentions=[ref],
                    suggestion=suggestion[2],
                )
            )
    return links


def new_entity(tx: Tx, kind: str, at: float) -> int:
    return tx.execute(
        insert(ENTITIES).values(kind=kind, created_at=at, updated_at=at)
    ).inserted_primary_key[0]


def _suggest(
    tx: Tx, plan: Plan, mention_id: int, m: Mention, linked_to: int | None, s: Scored, at: float
) -> tuple[int, str, int] | None:
    """A suggestion: the record ``s`` for a waiting mention, or (when the mention was linked)
    ``s`` as a possible duplicate of the record it was linked to. Returns (record, its label
    as this capture's evidence shows it, suggestion id)."""
    record = resolve(tx.connection, s.entity_id)
    if linked_to is not None and (
        record == linked_to or open_between(tx.connection, record, linked_to)
    ):
        return None
    values = {
        "mention_id": mention_id,
        "other_id": linked_to,
        "entity_id": record,
        "kind": m.kind,
        "score": s.score,
        "reasons": reasons_json(s.reasons),
        "status": "pending",
        "created_at": at,
        "note": "",
    }
    suggestion_id = tx.execute(insert(SUGGESTIONS).values(**values)).inserted_primary_key[0]
    doc, restricted = suggestion_doc(tx.connection, suggestion_id, cleared=True)
    restricted = restricted or plan.restricted
    tx.emit(event(E.ENTITY_SUGGESTED, suggestion_id, doc, at, restricted=restricted))
    if not plan.restricted:  # capture.linked goes to every workstation
        doc, _ = suggestion_doc(tx.connection, suggestion_id, cleared=False)
    return record, doc.record.label or m.label, suggestion_id
