"""An analyst's decisions on records: merge, split, and the answer to a suggestion. Each is one
writer job (the records, the decision kept with who, when and why, its event and its audit
record), and each can be undone: a merge by a split, a link by a split, "not the same" by a
merge."""

from __future__ import annotations

from sqlalchemy import select, update

from controlroom.contract.entities import EntityChange, Suggestion
from controlroom.contract.events import EventType as E
from controlroom.hub.entity_page import closure
from controlroom.hub.entity_rows import (
    CAPTURES,
    DECISIONS,
    ENTITIES,
    MENTIONS,
    OPEN,
    SUGGESTIONS,
    dumps,
    kept_back,
    loads,
    readable,
    resolve,
)
from controlroom.hub.errors import ApiError, not_found
from controlroom.hub.eventlog import event
from controlroom.hub.linkwrite import new_entity
from controlroom.hub.suggestions import suggestion_doc
from controlroom.hub.writer import Tx
from controlroom.timeutil import now


def _record(tx: Tx, entity_id: int, cleared: bool):
    """A live record the reader may see something of, or a 404 (the same for one that does
    not exist, so a reader not cleared learns nothing of restricted records)."""
    # Locked until the change commits: a merge or split of it through another hub waits.
    row = tx.execute(select(ENTITIES).where(ENTITIES.c.id == entity_id).with_for_update()).first()
    if row is not None and row.closed_at is not None and closure(tx.connection, entity_id, cleared):
        raise ApiError(410, "gone", f"entity {entity_id} was closed: nothing mentions it now")
    if row is None or not _mentions(tx, entity_id, cleared):
        raise not_found(f"no entity {entity_id}")
    if row.merged_into is not None:
        raise ApiError(
            409,
            "conflict",
            f"entity {entity_id} was merged into {resolve(tx.connection, entity_id)}",
        )
    return row


def _mentions(tx: Tx, entity_id: int, cleared: bool) -> list:
    rows = tx.execute(
        select(MENTIONS.c.id, MENTIONS.c.capture_id, CAPTURES.c.handling_code, CAPTURES.c.graded_at)
        .join(CAPTURES, CAPTURES.c.id == MENTIONS.c.capture_id)
        .where(MENTIONS.c.entity_id == entity_id)
        .order_by(MENTIONS.c.id)
    ).all()
    return [r for r in rows if readable(r, cleared)]


def _decision(
    tx: Tx,
    action: str,
    entity_id: int,
    other: int | None,
    moved: list[int],
    actor: str,
    at: float,
    note: str,
    suggestion: int | None = None,
) -> None:
    values = dict(
        action=action,
        entity_id=entity_id,
        other_id=other,
        moved=dumps(moved),
        actor=actor,
        at=at,
        note=note,
        suggestion_id=suggestion,
    )
    tx.execute(DECISIONS.insert().values(**values))


def _move(tx: Tx, mention_ids: list[int], to: int, at: float) -> None:
    tx.execute(
        update(MENTIONS)
        .where(MENTIONS.c.id.in_(mention_ids))
        .values(entity_id=to, link="confirmed")
    )
    tx.execute(update(ENTITIES).where(ENTITIES.c.id == to).values(updated_at=at))


def _restricted(rows: list) -> bool:
    return any(kept_back(r.handling_code, r.graded_at) for r in rows)


def merge(
    entity_id: int,
    other_id: int,
    actor: str,
    client: str,
    note: str,
    cleared: bool,
    suggestion: int | None = None,
):
    def job(tx: Tx) -> EntityChange:
        return merge_records(tx, entity_id, other_id, actor, client, note, cleared, suggestion)

    return job


def merge_records(
    tx: Tx,
    entity_id: int,
    other_id: int,
    actor: str,
    client: str,
    note: str,
    cleared: bool,
    suggestion: int | None = None,
) -> EntityChange:
    if entity_id == other_id:
        raise ApiError(422, "invalid", "an entity cannot be merged with itself")
    # both locked in one order, so two merges of the pair at once wait rather than deadlock
    tx.execute(
        select(ENTITIES.c.id)
        .where(ENTITIES.c.id.in_((entity_id, other_id)))
        .order_by(ENTITIES.c.id)
        .with_for_update()
    )
    keep, gone = _record(tx, entity_id, cleared), _record(tx, other_id, cleared)
    if keep.kind != gone.kind:
        raise ApiError(422, "invalid", f"a {gone.kind} cannot be merged into a {keep.kind}")
    moving = _mentions(tx, other_id, cleared=True)
    at = now()
    _move(tx, [m.id for m in moving], entity_id, at)
    tx.execute(
        update(ENTITIES)
        .where(ENTITIES.c.id == other_id)
        .values(merged_into=entity_id, updated_at=at)
    )
    _repoint_suggestions(tx, other_id, entity_id, actor, at)
    _decision(tx, "merge", entity_id, other_id, [m.id for m in moving], actor, at, note, suggestion)
    captures = sorted({m.capture_id for m in moving})
    change = EntityChange(action="merge", id=entity_id, other=other_id, captures=captures, by=actor)
    tx.emit(event(E.ENTITY_MERGED, entity_id, change, at, restricted=_restricted(moving)))
    tx.audit(
        actor,
        "entity.merge",
        f"entity:{entity_id}",
        client,
        {"other": other_id, "captures": captures},
        note,
    )
    return change


def _repoint_suggestions(tx: Tx, gone: int, keep: int, actor: str, at: float) -> None:
    """Suggestions about a merged record are about its survivor now; one between the two is
    settled by the merge."""
    for column in (SUGGESTIONS.c.entity_id, SUGGESTIONS.c.other_id):
        tx.execute(update(SUGGESTIONS).where(column == gone).values({column.name: keep}))
    tx.execute(
        update(SUGGESTIONS)
        .where(
            SUGGESTIONS.c.entity_id == keep,
            SUGGESTIONS.c.other_id == keep,
            SUGGESTIONS.c.status.in_(OPEN),
        )
        .values(status="linked", decided_by=actor, decided_at=at)
    )


def split(
    entity_id: int, capture_ids: list[str], actor: str, client: str, note: str, cleared: bool
):
    """The mentions in ``capture_ids`` leave the record for one of their own: the record they
    were merged from, when they are exactly what that merge brought, so merge then split
    restores both."""

    def job(tx: Tx) -> EntityChange:
        record = _record(tx, entity_id, cleared)
        mentions = _mentions(tx, entity_id, cleared)
        wanted = set(capture_ids)
        missing = wanted - {m.capture_id for m in mentions}
        if missing:
            raise ApiError(
                422,
                "invalid",
                f"entity {entity_id} is not mentioned in capture {sorted(missing)[0]}",
            )
        every = _mentions(tx, entity_id, cleared=True)
        moving = [m for m in every if m.capture_id in wanted]
        if len(moving) == len(every):
            raise ApiError(409, "conflict", "a split must leave the record at least one capture")
        at = now()
        target = _merged_from(tx, entity_id, [m.id for m in moving])
        if target is None:
            target = new_entity(tx, record.kind, at)
        else:
            tx.execute(update(ENTITIES).where(ENTITIES.c.id == target).values(merged_into=None))
        _move(tx, [m.id for m in moving], target, at)
        _decision(tx, "split", entity_id, target, [m.id for m in moving], actor, at, note)
        captures = sorted(wanted)
        change = EntityChange(
            action="split", id=entity_id, other=target, captures=captures, by=actor
        )
        tx.emit(event(E.ENTITY_SPLIT, entity_id, change, at, restricted=_restricted(moving)))
        tx.audit(
            actor,
            "entity.split",
            f"entity:{entity_id}",
            client,
            {"other": target, "captures": captures},
            note,
        )
        return change

    return job


def _merged_from(tx: Tx, entity_id: int, moving: list[int]) -> int | None:
    """The record a merge into ``entity_id`` brought exactly these mentions from, if any."""
    rows = tx.execute(
        select(DECISIONS.c.other_id, DECISIONS.c.moved)
        .where(DECISIONS.c.entity_id == entity_id, DECISIONS.c.action == "merge")
        .order_by(DECISIONS.c.id.desc())
    ).all()
    for other, moved in rows:
        if sorted(loads(moved)) == sorted(moving):
            still = tx.execute(
                select(ENTITIES.c.merged_into).where(ENTITIES.c.id == other)
            ).scalar()
            return other if still == entity_id else None
    return None


def decide(suggestion_id: int, decision: str, actor: str, client: str, note: str, cleared: bool):
    def job(tx: Tx) -> Suggestion:
        # Two analysts deciding it at once: the second waits here, then finds it decided.
        row = tx.execute(
            select(SUGGESTIONS).where(SUGGESTIONS.c.id == suggestion_id).with_for_update()
        ).first()
        if row is None or not _suggestion_readable(tx, suggestion_id, cleared):
            raise not_found(f"no suggestion {suggestion_id}")
        if row.status not in OPEN:
            raise ApiError(
                409,
                "conflict",
                f"suggestion {suggestion_id} is already {row.status}: merge or split to change it",
            )
        at = now()
        record = resolve(tx.connection, row.entity_id)
        if decision == "link":
            _link(tx, row, record, actor, client, note, cleared, at)
        elif decision == "not_same":
            _not_same(tx, row, record, actor, note, at)
        else:
            _decision(tx, "unsure", record, row.other_id, [], actor, at, note, row.id)
        status = {"link": "linked", "not_same": "not_same", "unsure": "unsure"}[decision]
        tx.execute(
            update(SUGGESTIONS)
            .where(SUGGESTIONS.c.id == row.id)
            .values(status=status, decided_by=actor, decided_at=at, note=note)
        )
        suggestion, restricted = suggestion_doc(tx.connection, row.id, cleared=True)
        tx.emit(event(E.ENTITY_DECIDED, row.id, suggestion, at, restricted=restricted))
        tx.audit(
            actor,
            "entity.decide",
            f"suggestion:{row.id}",
            client,
            {"decision": decision, "entity": record},
            note,
        )
        return suggestion

    return job


def _suggestion_readable(tx: Tx, suggestion_id: int, cleared: bool) -> bool:
    _, restricted = suggestion_doc(tx.connection, suggestion_id, cleared)
    return cleared or not restricted


def _link(
    tx: Tx, row, record: int, actor: str, client: str, note: str, cleared: bool, at: float
) -> None:
    if row.other_id is not None:
        merge_records(
            tx, record, resolve(tx.connection, row.other_id), actor, client, note, cleared, row.id
        )
        return
    mention = tx.execute(select(MENTIONS).where(MENTIONS.c.id == row.mention_id)).one()
    if mention.entity_id is not None:
        raise ApiError(
            409, "conflict", "this mention has been linked since: merge the records instead"
        )
    _move(tx, [mention.id], record, at)
    _decision(tx, "link", record, None, [mention.id], actor, at, note, row.id)
    tx.execute(
        update(SUGGESTIONS)
        .where(
            SUGGESTIONS.c.mention_id == mention.id,
            SUGGESTIONS.c.id != row.id,
            SUGGESTIONS.c.status.in_(OPEN),
        )
        .values(status="closed", decided_by=actor, decided_at=at)
    )


def _not_same(tx: Tx, row, record: int, actor: str, note: str, at: float) -> None:
    """Not this record: a waiting mention with nothing else suggested starts its own."""
    _decision(tx, "not_same", record, row.other_id, [], actor, at, note, row.id)
    if row.other_id is not None:
        return
    others = tx.execute(
        select(SUGGESTIONS.c.id).where(
            SUGGESTIONS.c.mention_id == row.mention_id,
            SUGGESTIONS.c.id != row.id,
            SUGGESTIONS.c.status.in_(OPEN),
        )
    ).first()
    mention = tx.execute(select(MENTIONS).where(MENTIONS.c.id == row.mention_id)).one()
    if others is None and mention.entity_id is None:
        _move(tx, [mention.id], new_entity(tx, mention.kind, at), at)
