"""Dispatch: grading, unit status by hand, silent-unit alerts, TAK groups, booking on and off."""

from __future__ import annotations

import orjson
from sqlalchemy import select, update

from controlroom.contract import documents as doc
from controlroom.contract.events import EventType as E
from controlroom.contract.events import UnitGroup, UnitSilent
from controlroom.hub.commands import (
    INCIDENTS,
    TASKS,
    UNITS,
    record_grading,
    set_status,
    unit_named,
    update_task,
)
from controlroom.hub.context import DeviceIdentity
from controlroom.hub.errors import ApiError, invalid, not_found
from controlroom.hub.eventlog import event
from controlroom.hub.records import Row, incident_doc, task_doc
from controlroom.hub.writer import Tx
from controlroom.timeutil import now, to_iso
from controlroom.vocabulary import COMMITTED_TO_INCIDENT, DEVICE_STATUSES, TASK_ENDS, UNIT_STATUS


def regrade_incident(
    incident_id: int, grade: str, thrive: dict, reason: str, actor: str, client: str
):
    def job(tx: Tx) -> doc.Incident:
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
        regraded = incident_doc(
            Row(dict(row._mapping, grade=grade, thrive=orjson.dumps(notes).decode())),
            regraded=doc.Regrade(from_=row.grade, to=grade, by=actor, reason=reason),
        )
        tx.emit(event(E.INCIDENT_REGRADED, incident_id, regraded, at, incident_id=incident_id))
        tx.audit(
            actor,
            "incident.regrade",
            f"incident:{incident_id}",
            client,
            {"from": row.grade, "to": grade},
            reason,
        )
        return regraded

    return job


def close_incident(incident_id: int, reason: str, actor: str, client: str):
    """Closing an incident cancels whatever tasks are still open on it."""

    def job(tx: Tx) -> doc.Incident:
        row = tx.execute(  # locked: closed once, however many hubs are asked at once
            select(INCIDENTS).where(INCIDENTS.c.id == incident_id).with_for_update()
        ).first()
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
        closed = incident_doc(Row(dict(row._mapping, status="closed", closed_at=at)), reason=reason)
        tx.emit(event(E.INCIDENT_CLOSED, incident_id, closed, at, incident_id=incident_id))
        tx.audit(actor, "incident.close", f"incident:{incident_id}", client, None, reason)
        return closed

    return job


def set_unit_status(callsign: str, status: str, reason: str, actor: str, client: str):
    if status not in UNIT_STATUS:
        raise invalid(f"status must be one of {', '.join(UNIT_STATUS.codes)}")

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
        alerted = []
        for unit in rows:
            # Claimed only while still silent and unalerted: another hub runs this check too,
            # and a ping through it may have come meanwhile (an UPDATE that waited on that
            # hub's row lock checks its condition again against what it committed).
            claimed = tx.execute(
                update(UNITS)
                .where(
                    UNITS.c.id == unit.id,
                    UNITS.c.stale_alerted.is_(False),
                    UNITS.c.last_seen < at - threshold_s,
                )
                .values(stale_alerted=True)
            )
            if claimed.rowcount != 1:
                continue
            alerted.append(unit.callsign)
            tasks = tx.execute(
                select(TASKS).where(TASKS.c.unit_id == unit.id, TASKS.c.state.not_in(TASK_ENDS))
            ).all()
            payload = UnitSilent(
                callsign=unit.callsign,
                status=unit.status,
                last_seen=to_iso(unit.last_seen),
                silent_s=round(at - unit.last_seen),
                tasks=[task_doc(t, unit.callsign) for t in tasks],
            )
            tx.emit(event(E.UNIT_SILENT, unit.callsign, payload, at))
        return alerted

    return job


def set_unit_group(unit_id: int, callsign: str, team: str | None, role: str | None):
    """A TAK client's team and role for its unit, stored and streamed when they change."""

    def job(tx: Tx) -> None:
        # The same group through two hubs at once: the second waits here and finds it set.
        unit = tx.execute(
            select(UNITS.c.team, UNITS.c.role).where(UNITS.c.id == unit_id).with_for_update()
        ).first()
        if unit is None or (unit.team, unit.role) == (team, role):
            return
        tx.execute(update(UNITS).where(UNITS.c.id == unit_id).values(team=team, role=role))
        payload = UnitGroup(callsign=callsign, team=team, role=role)
        tx.emit(event(E.UNIT_GROUP, callsign, payload, now()))

    return job


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
