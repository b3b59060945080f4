"""Text between the control room and a unit, either way: stored, streamed and audited.

A message from a unit (its device, or TAK GeoChat) reaches every workstation at once and is
unread until someone opens it; who read it first is shown everywhere. A reply reaches the
unit's device stream.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from controlroom.contract import documents as doc
from controlroom.contract.events import EventType as E
from controlroom.contract.events import MessageRead
from controlroom.hub.commands import UNITS, unit_named
from controlroom.hub.context import DeviceIdentity
from controlroom.hub.errors import not_found
from controlroom.hub.eventlog import event
from controlroom.hub.records import Row, message_doc
from controlroom.hub.writer import Tx
from controlroom.store.schema import Message
from controlroom.timeutil import now, to_iso

MESSAGES = Message.__table__


def send_message(callsign: str, text: str, actor: str, client: str):
    """From the control room to a unit's device."""

    def job(tx: Tx) -> doc.Message:
        unit = unit_named(tx, callsign)
        at = now()
        values: dict[str, Any] = dict(
            unit_id=unit.id,
            direction="to_unit",
            text=text,
            sender=actor,
            sent_at=at,
            via="control room",
            read_by=None,
            read_at=None,
        )
        message_id = tx.execute(insert(MESSAGES).values(**values)).inserted_primary_key[0]
        sent = message_doc(Row(dict(values, id=message_id)), callsign)
        tx.emit(event(E.MESSAGE_SENT, message_id, sent, at, to_unit=unit.id))
        tx.audit(actor, "message.send", f"unit:{callsign}", client, {"message_id": message_id})
        return sent

    return job


def message_from_unit(device: DeviceIdentity, text: str, client: str, via: str = "device"):
    """From an officer (``via`` their device or TAK GeoChat) to every workstation."""

    def job(tx: Tx) -> doc.Message:
        at = now()
        values: dict[str, Any] = dict(
            unit_id=device.unit_id,
            direction="from_unit",
            text=text,
            sender=device.callsign,
            sent_at=at,
            via=via,
            read_by=None,
            read_at=None,
        )
        message_id = tx.execute(insert(MESSAGES).values(**values)).inserted_primary_key[0]
        received = message_doc(Row(dict(values, id=message_id)), device.callsign)
        tx.emit(event(E.MESSAGE_RECEIVED, message_id, received, at))
        tx.audit(
            f"device:{device.callsign}",
            "message.send",
            "control room",
            client,
            {"message_id": message_id, "via": via},
        )
        return received

    return job


def mark_read(message_id: int, actor: str, client: str):
    """The first person to open a unit's message is named on every workstation."""

    def job(tx: Tx) -> MessageRead:
        row = tx.execute(
            select(MESSAGES, UNITS.c.callsign)
            .join(UNITS, UNITS.c.id == MESSAGES.c.unit_id)
            .where(MESSAGES.c.id == message_id)
            .with_for_update(of=MESSAGES)  # read on two workstations at once: read once
        ).first()
        if row is None:
            raise not_found(f"no message {message_id}")
        if row.read_at is not None:
            return MessageRead(
                id=message_id, callsign=row.callsign, by=row.read_by, at=to_iso(row.read_at)
            )
        at = now()
        tx.execute(
            update(MESSAGES).where(MESSAGES.c.id == message_id).values(read_by=actor, read_at=at)
        )
        read = MessageRead(id=message_id, callsign=row.callsign, by=actor, at=to_iso(at))
        tx.emit(event(E.MESSAGE_READ, message_id, read, at))
        tx.audit(actor, "message.read", f"message:{message_id}", client, {"callsign": row.callsign})
        return read

    return job


def history(
    engine: Engine, callsign: str | None = None, before: int | None = None, limit: int = 200
) -> list[doc.Message]:
    """Messages newest first, of one unit or all, before a message id (for paging back)."""
    with engine.connect() as connection:
        return recent(connection, callsign, before, limit)


def recent(
    connection: Connection, callsign: str | None = None, before: int | None = None, limit: int = 200
) -> list[doc.Message]:
    query = (
        select(MESSAGES, UNITS.c.callsign)
        .join(UNITS, UNITS.c.id == MESSAGES.c.unit_id)
        .order_by(MESSAGES.c.id.desc())
        .limit(limit)
    )
    if callsign is not None:
        query = query.where(UNITS.c.callsign == callsign)
    if before is not None:
        query = query.where(MESSAGES.c.id < before)
    return [message_doc(r, r.callsign) for r in connection.execute(query)]
