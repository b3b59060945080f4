"""Dispatch: grading, unit status by hand, messages, emergencies and silent-unit alerts."""

from __future__ import annotations

import orjson
from sqlalchemy import and_, insert, select, update

from controlroom.hub.commands import (
    INCIDENTS,
    TASKS,
    UNITS,
    _Row,
    record_grading,
    set_status,
    unit_named,
    update_task,
)
from controlroom.hub.context import DeviceIdentity
from controlroom.hub.errors import ApiError, invalid, not_found
from controlroom.hub.eventlog import event
from controlroom.hub.records import incident_doc, task_doc
from controlroom.hub.writer import Tx
from controlroom.store.schema import Emergency, Message
from controlroom.timeutil import now, to_iso
from controlroom.vocabulary import COMMITTED_TO_INCIDENT, TASK_ENDS, UNIT_STATUSES

EMERGENCIES, MESSAGES = Emergency.__table__, Message.__table__


def regrade_incident(
    incident_id: int, grade: str, thrive: dict, reason: str, actor: str, client: str
):
    def job(tx: Tx) -> dict:
        row = tx.execute(select(INCIDENTS).where(INCIDENTS.c.id == incident_id)).first()
        if row is None:
            raise not_found(f"no incident {incident_id}")
        at = now()
        notes = dict(orjson.loads(row.thrive), **thrive)
        tx.execute(
            update(INCIDENTS)
            .where(INCIDENTS.c.id == incident_id)
            .values(grade=grade, thrive=orjson.dumps(notes).decode())
        )
        record_grading(tx, incident_id, grade, thrive, reason, actor, at)
        doc = incident_doc(
            _Row(dict(row._mapping, grade=grade, thrive=orjson.dumps(notes).decode()))
        )
        doc["regraded"] = {"from": row.grade, "to": grade, "by": actor, "reason": reason}
        tx.emit(event("incident.regraded", incident_id, doc, at, incident_id=incident_id))
        tx.audit(
            actor,
            "incident.regrade",
            f"incident:{incident_id}",
            client,
            {"from": row.grade, "to": grade},
            reason,
        )
        return doc

    return job


def close_incident(incident_id: int, reason: str, actor: str, client: str):
    """Closing an incident cancels whatever tasks are still open on it."""

    def job(tx: Tx) -> dict:
        row = tx.execute(select(INCIDENTS).where(INCIDENTS.c.id == incident_id)).first()
        if row is None:
            raise not_found(f"no incident {incident_id}")
        if row.status == "closed":
            return incident_doc(row)
        at = now()
        tx.execute(
            update(INCIDENTS)
            .where(INCIDENTS.c.id == incident_id)
            .values(status="closed", closed_at=at)
        )
        open_tasks = (
            tx.execute(
                select(TASKS.c.id).where(
                    TASKS.c.incident_id == incident_id, TASKS.c.state.not_in(TASK_ENDS)
                )
            )
            .scalars()
            .all()
        )
        for task_id in open_tasks:
            update_task(task_id, "cancelled", "incident closed", actor, client)(tx)
        doc = incident_doc(_Row(dict(row._mapping, status="closed", closed_at=at)))
        tx.emit(
            event(
                "incident.closed",
                incident_id,
                dict(doc, reason=reason),
                at,
                incident_id=incident_id,
            )
        )
        tx.audit(actor, "incident.close", f"incident:{incident_id}", client, None, reason)
        return doc

    return job


def set_unit_status(callsign: str, status: str, reason: str, actor: str, client: str):
    if status not in UNIT_STATUSES:
        raise invalid(f"status must be one of {', '.join(UNIT_STATUSES)}")

    def job(tx: Tx) -> dict:
        unit = unit_named(tx, callsign)
        set_status(tx, unit, status, now(), by=actor)
        tx.audit(
            actor,
            "unit.status",
            f"unit:{callsign}",
            client,
            {"from": unit.status, "to": status},
            reason,
        )
        return {"callsign": callsign, "status": status}

    return job


def send_message(callsign: str, text: str, actor: str, client: str):
    def job(tx: Tx) -> dict:
        unit = unit_named(tx, callsign)
        at = now()
        message_id = tx.execute(
            insert(MESSAGES).values(
                unit_id=unit.id, direction="to_unit", text=text, sender=actor, sent_at=at
            )
        ).inserted_primary_key[0]
        doc = {
            "id": message_id,
            "callsign": callsign,
            "direction": "to_unit",
            "text": text,
            "sender": actor,
            "sent_at": to_iso(at),
        }
        tx.emit(event("message.sent", message_id, doc, at, to_unit=unit.id))
        tx.audit(actor, "message.send", f"unit:{callsign}", client, {"message_id": message_id})
        return doc

    return job


def message_from_unit(device: DeviceIdentity, text: str, client: str, verified: bool = True):
    """`verified` False: it came from a source nobody authenticated (plain CoT), and says so."""

    def job(tx: Tx) -> dict:
        at = now()
        message_id = tx.execute(
            insert(MESSAGES).values(
                unit_id=device.unit_id,
                direction="from_unit",
                text=text,
                sender=f"device:{device.callsign}",
                sent_at=at,
            )
        ).inserted_primary_key[0]
        doc = {
            "id": message_id,
            "callsign": device.callsign,
            "direction": "from_unit",
            "text": text,
            "sender": device.callsign,
            "sent_at": to_iso(at),
            "verified": verified,
        }
        tx.emit(event("message.received", message_id, doc, at))
        tx.audit(
            f"device:{device.callsign}",
            "message.send",
            "control room",
            client,
            {"message_id": message_id, "verified": verified},
        )
        return doc

    return job


def emergency_doc(row, callsign: str) -> dict:
    return {
        "id": row.id,
        "callsign": callsign,
        "status": row.status,
        "source": row.source,
        "lat": row.lat,
        "lon": row.lon,
        "raised_at": to_iso(row.raised_at),
        "acknowledged_by": row.acknowledged_by,
        "acknowledged_at": to_iso(row.acknowledged_at),
        "ended_at": to_iso(row.ended_at),
        "ended_by": row.ended_by,
    }


def raise_emergency(
    device: DeviceIdentity, lat: float | None, lon: float | None, source: str, client: str
):
    """Latches: a second press while the alarm is still unacknowledged is the same emergency."""

    def job(tx: Tx) -> tuple[dict, bool]:
        current = tx.execute(
            select(EMERGENCIES).where(
                EMERGENCIES.c.unit_id == device.unit_id, EMERGENCIES.c.status == "raised"
            )
        ).first()
        if current is not None:
            return emergency_doc(current, device.callsign), False
        at = now()
        values = dict(
            unit_id=device.unit_id,
            status="raised",
            source=source,
            lat=lat,
            lon=lon,
            raised_at=at,
            acknowledged_by=None,
            acknowledged_at=None,
            ended_at=None,
            ended_by=None,
        )
        emergency_id = tx.execute(insert(EMERGENCIES).values(**values)).inserted_primary_key[0]
        doc = emergency_doc(_Row(dict(values, id=emergency_id)), device.callsign)
        tx.emit(event("emergency.raised", emergency_id, doc, at))
        tx.audit(
            f"device:{device.callsign}",
            "emergency.raise",
            f"emergency:{emergency_id}",
            client,
            {"source": source},
        )
        return doc, True

    return job


def _emergency(tx: Tx, emergency_id: int):
    row = tx.execute(
        select(EMERGENCIES, UNITS.c.callsign)
        .join(UNITS, UNITS.c.id == EMERGENCIES.c.unit_id)
        .where(EMERGENCIES.c.id == emergency_id)
    ).first()
    if row is None:
        raise not_found(f"no emergency {emergency_id}")
    return row


def acknowledge_emergency(emergency_id: int, actor: str, client: str):
    def job(tx: Tx) -> dict:
        row = _emergency(tx, emergency_id)
        if row.status != "raised":
            raise ApiError(
                409,
                "conflict",
                f"emergency {emergency_id} is already {row.status}"
                + (f" by {row.acknowledged_by}" if row.acknowledged_by else ""),
            )
        at = now()
        tx.execute(
            update(EMERGENCIES)
            .where(EMERGENCIES.c.id == emergency_id)
            .values(status="acknowledged", acknowledged_by=actor, acknowledged_at=at)
        )
        doc = emergency_doc(
            _Row(
                dict(row._mapping, status="acknowledged", acknowledged_by=actor, acknowledged_at=at)
            ),
            row.callsign,
        )
        tx.emit(event("emergency.acknowledged", emergency_id, doc, at))
        tx.audit(
            actor,
            "emergency.acknowledge",
            f"emergency:{emergency_id}",
            client,
            {"callsign": row.callsign},
        )
        return doc

    return job


def end_emergency(
    emergency_id: int | None, actor: str, client: str, device: DeviceIdentity | None = None
):
    """An operator resolves an emergency, or the device cancels its own (id None: its latest)."""

    def job(tx: Tx) -> dict:
        if device is not None:
            emergency_id_ = tx.execute(
                select(EMERGENCIES.c.id)
                .where(
                    and_(EMERGENCIES.c.unit_id == device.unit_id, EMERGENCIES.c.status != "ended")
                )
                .order_by(EMERGENCIES.c.id.desc())
                .limit(1)
            ).scalar()
            if emergency_id_ is None:
                raise not_found("this unit has no emergency to cancel")
        else:
            emergency_id_ = emergency_id
        row = _emergency(tx, emergency_id_)
        if row.status == "ended":
            return emergency_doc(row, row.callsign)
        at = now()
        tx.execute(
            update(EMERGENCIES)
            .where(EMERGENCIES.c.id == emergency_id_)
            .values(status="ended", ended_at=at, ended_by=actor)
        )
        doc = emergency_doc(
            _Row(dict(row._mapping, status="ended", ended_at=at, ended_by=actor)), row.callsign
        )
        kind = "emergency.cancelled" if device is not None else "emergency.resolved"
        tx.emit(event(kind, emergency_id_, doc, at))
        tx.audit(actor, kind, f"emergency:{emergency_id_}", client, {"callsign": row.callsign})
        return doc

    return job


def alert_silent_units(threshold_s: float):
    """Mark committed units whose device has gone quiet, once, and tell every workstation."""

    def job(tx: Tx) -> list[str]:
        at = now()
        rows = tx.execute(
            select(UNITS).where(
                UNITS.c.status.in_(COMMITTED_TO_INCIDENT),
                UNITS.c.stale_alerted.is_(False),
                UNITS.c.last_seen < at - threshold_s,
            )
        ).all()
        for unit in rows:
            tx.execute(update(UNITS).where(UNITS.c.id == unit.id).values(stale_alerted=True))
            tasks = tx.execute(
                select(TASKS).where(TASKS.c.unit_id == unit.id, TASKS.c.state.not_in(TASK_ENDS))
            ).all()
            payload = {
                "callsign": unit.callsign,
                "status": unit.status,
                "last_seen": to_iso(unit.last_seen),
                "silent_s": round(at - unit.last_seen),
                "tasks": [task_doc(t, unit.callsign) for t in tasks],
            }
            tx.emit(event("unit.silent", unit.callsign, payload, at))
        return [unit.callsign for unit in rows]

    return job


def set_unit_group(unit_id: int, callsign: str, team: str | None, role: str | None):
    """A TAK client's team and role for its unit, stored and streamed when they change."""

    def job(tx: Tx) -> None:
        unit = tx.execute(select(UNITS.c.team, UNITS.c.role).where(UNITS.c.id == unit_id)).first()
        if unit is None or (unit.team, unit.role) == (team, role):
            return
        tx.execute(update(UNITS).where(UNITS.c.id == unit_id).values(team=team, role=role))
        tx.emit(
            event("unit.group", callsign, {"callsign": callsign, "team": team, "role": role}, now())
        )

    return job


# What an officer may book from their own device: on (available), refreshments, off duty.
DEVICE_STATUSES = ("available", "refreshment", "off_duty")


def status_from_device(device: DeviceIdentity, status: str, client: str):
    """An officer books on, takes refreshments or books off; not while tasked (the task's
    lifecycle drives the status then, and a dispatcher must release the unit first)."""
    if status not in DEVICE_STATUSES:
        raise invalid(f"a device may set its status to {', '.join(DEVICE_STATUSES)} only")

    def job(tx: Tx) -> dict:
        unit = tx.execute(select(UNITS).where(UNITS.c.id == device.unit_id)).first()
        tasked = tx.execute(
            select(TASKS.c.id).where(
                TASKS.c.unit_id == device.unit_id, TASKS.c.state.not_in(TASK_ENDS)
            )
        ).first()
        if tasked is not None:
            raise ApiError(409, "conflict", f"{device.callsign} has an open task ({tasked.id})")
        set_status(tx, unit, status, now(), by=f"device:{device.callsign}")
        tx.audit(
            f"device:{device.callsign}",
            "unit.status",
            f"unit:{device.callsign}",
            client,
            {"from": unit.status, "to": status},
        )
        return {"callsign": device.callsign, "status": status}

    return job
