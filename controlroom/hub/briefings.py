"""The writer's jobs for the sergeant's briefing: build a pack (proposed from what the hub
holds), edit its draft, record an officer's acknowledgement, audit each read, and offer a
published pack a change. Publishing is in ``controlroom.hub.briefing_publish``. Each job writes
its rows, its event and its audit record in one transaction."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import Connection, insert, select, update

from controlroom.contract.briefings import (
    Briefing,
    BriefingAcknowledged,
    BriefingArea,
    BriefingItem,
    BriefingOffer,
    BriefingSaved,
)
from controlroom.contract.events import EventType as E
from controlroom.hub.briefing_guard import guarded
from controlroom.hub.briefing_input import BriefingChangeIn, items_of, marking_of, shift_of, team_of
from controlroom.hub.briefing_proposal import propose
from controlroom.hub.briefing_reads import (
    BRIEFINGS,
    RECEIPTS,
    UNITS,
    briefing_doc,
    briefing_row,
    callsigns_of,
    encode,
    in_audience,
    items_from,
    version_row,
)
from controlroom.hub.context import DeviceIdentity
from controlroom.hub.errors import ApiError, invalid
from controlroom.hub.eventlog import event
from controlroom.hub.writer import Tx
from controlroom.timeutil import now, to_iso


def _text(value: Any) -> str:
    return encode(value).decode()


def _saved(tx: Tx, row_id: int, title: str, version: int, actor: str, items: int) -> None:
    state = "published" if version else "draft"
    saved = BriefingSaved(
        id=row_id, title=title, version=version, state=state, by=actor, items=items
    )
    tx.emit(event(E.BRIEFING_SAVED, row_id, saved, now()))


def proposal(
    connection: Connection,
    area: BriefingArea,
    shift: tuple[float, float],
    team: str | list[str],
) -> list[BriefingItem]:
    """What the hub proposes for the pack, read before the writer is asked (it reads much of
    the store, and the writer must not wait on that): blocking, run in a worker thread."""
    callsigns = callsigns_of(connection, team)
    found = propose(connection, area, shift[0], shift[1], callsigns, team)
    return [msgspec.structs.replace(item, proposed=True) for item in found]


def create(
    title: str,
    area: BriefingArea,
    shift: tuple[float, float],
    team: str | list[str],
    marking: str,
    proposed: list[BriefingItem],
    actor: str,
    client: str,
):
    """``POST /briefings``: a draft holding the items proposed for it."""

    def job(tx: Tx) -> Briefing:
        items = guarded(tx, proposed)
        at = now()
        briefing_id = tx.execute(
            insert(BRIEFINGS).values(
                title=title, area=_text(area), shift_start=shift[0], shift_end=shift[1],
                team=_text(team), marking=marking, items=_text(items), version=0, edits=0,
                created_by=actor, created_at=at, updated_at=at,
            )
        ).inserted_primary_key[0]  # fmt: skip
        _saved(tx, briefing_id, title, 0, actor, len(items))
        detail = {"title": title, "team": team, "proposed": [i.id for i in items]}
        tx.audit(actor, "briefing.create", f"briefing:{briefing_id}", client, detail)
        return briefing_doc(tx.connection, briefing_row(tx.connection, briefing_id))

    return job


def edit(briefing_id: int, change: BriefingChangeIn, actor: str, client: str):
    """``PATCH /briefings/{id}``: the draft's items replaced whole (order kept), and whatever
    else the change names. Checked before the writer is asked."""
    items = items_of(change.items) if change.items is not None else None
    fixed: dict[str, Any] = {}
    if change.title is not None:
        fixed["title"] = change.title
    if change.team is not None:
        fixed["team"] = _text(team_of(change.team))
    if change.marking is not None:
        fixed["marking"] = marking_of(change.marking)
    if items is None and not fixed and change.shift_start is None and change.shift_end is None:
        raise invalid("give items, or something else of the briefing to change")

    def job(tx: Tx) -> Briefing:
        row = briefing_row(tx.connection, briefing_id)
        values = dict(fixed)  # this run's own: a job may be run again after a failed batch
        if change.shift_start is not None or change.shift_end is not None:
            start = change.shift_start or to_iso(row.shift_start) or ""
            end = change.shift_end or to_iso(row.shift_end) or ""
            values["shift_start"], values["shift_end"] = shift_of(start, end)
        if items is not None:
            values["items"] = _text(guarded(tx, items))
        at = now()
        tx.execute(
            update(BRIEFINGS)
            .where(BRIEFINGS.c.id == briefing_id)
            .values(edits=BRIEFINGS.c.edits + 1, updated_at=at, **values)  # not lost to a race
        )
        count = len(items) if items is not None else len(items_from(row.items))
        _saved(tx, briefing_id, values.get("title", row.title), row.version, actor, count)
        detail = {k: v for k, v in values.items() if k != "items"}
        if items is not None:
            detail["items"] = [i.id for i in items]
        tx.audit(actor, "briefing.edit", f"briefing:{briefing_id}", client, detail)
        return briefing_doc(tx.connection, briefing_row(tx.connection, briefing_id))

    return job


def acknowledge(
    briefing_id: int, version: int, item_ids: list[str], device: DeviceIdentity, client: str
):
    """``POST /device/briefings/{id}/ack``: the first of a version is its read; later ones add
    the items acknowledged. Returns the receipt."""

    def job(tx: Tx) -> BriefingAcknowledged:
        row = _readable(tx, briefing_id, device)
        if version > row.version:
            raise invalid(f"briefing {briefing_id} has no version {version} yet")
        known = {item.id for item in items_from(version_row(tx.connection, row.id, version).items)}
        for item_id in item_ids:
            if item_id not in known:
                raise invalid(f"item {item_id[:64]} is not in version {version}")
        at, callsign = now(), device.callsign
        key = (
            (RECEIPTS.c.briefing_id == row.id)
            & (RECEIPTS.c.version == version)
            & (RECEIPTS.c.callsign == callsign)
        )
        held = tx.execute(select(RECEIPTS).where(key).with_for_update()).first()
        before = msgspec.json.decode(held.items) if held else []
        acked = before + [i for i in dict.fromkeys(item_ids) if i not in before]
        if held is None:
            tx.execute(
                insert(RECEIPTS).values(
                    briefing_id=row.id, version=version, callsign=device.callsign,
                    read_at=at, items=_text(acked), updated_at=at,
                )
            )  # fmt: skip
        elif acked != before:
            tx.execute(update(RECEIPTS).where(key).values(items=_text(acked), updated_at=at))
        receipt = BriefingAcknowledged(
            id=row.id,
            callsign=device.callsign,
            version=version,
            read_at=to_iso(held.read_at if held else at) or "",
            items_acknowledged=acked,
        )
        if held is None or acked != before:
            tx.emit(event(E.BRIEFING_ACKNOWLEDGED, row.id, receipt, at))
        detail = {"version": version, "items": item_ids, "first": held is None}
        target = f"briefing:{row.id}"
        tx.audit(f"device:{callsign}", "briefing.acknowledge", target, client, detail)
        return receipt

    return job


def _readable(tx: Tx, briefing_id: int, device: DeviceIdentity) -> Any:
    """The pack, when this device's unit is in its audience; else as if there were none."""
    row = briefing_row(tx.connection, briefing_id)
    unit_team = tx.execute(select(UNITS.c.team).where(UNITS.c.id == device.unit_id)).scalar()
    if not in_audience(tx.connection, row, device.callsign, unit_team):
        raise ApiError(404, "not_found", f"no briefing {briefing_id}")
    return row


def read(actor: str, targets: list[tuple[int, int]], client: str, action: str = "briefing.read"):
    """An audit record per pack read, with the version read (0: the draft)."""

    def job(tx: Tx) -> None:
        if not targets:  # a list read, or a device with no pack to read
            tx.audit(actor, action, "briefings", client, {"found": 0})
        for briefing_id, version in targets:
            tx.audit(actor, action, f"briefing:{briefing_id}", client, {"version": version})

    return job


def offer(change: BriefingOffer, actor: str, client: str):
    """A change offered to a published pack's sergeant (``briefing.offered``)."""

    def job(tx: Tx) -> BriefingOffer:
        row = briefing_row(tx.connection, change.id)
        if not row.version:
            raise invalid(f"briefing {change.id} is not published: nothing to offer")
        tx.emit(event(E.BRIEFING_OFFERED, row.id, change, now()))
        detail = {"change": change.change, "reason": change.reason, "item": change.item_id}
        tx.audit(actor, "briefing.offer", f"briefing:{row.id}", client, detail)
        return change

    return job
