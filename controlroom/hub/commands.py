"""Changes to the store. Each builds a job for the writer: the change, its events and its audit
record happen in one transaction."""

from __future__ import annotations

from collections.abc import Callable

import orjson
from sqlalchemy import Connection, and_, insert, select, update

from controlroom.contract import documents as doc
from controlroom.contract.events import CaptureAttachment, UnitStatusChange
from controlroom.contract.events import EventType as E
from controlroom.hub.context import DeviceIdentity
from controlroom.hub.dissemination import withheld
from controlroom.hub.errors import ApiError, not_found
from controlroom.hub.eventlog import event
from controlroom.hub.records import (
    Row,
    attachment_doc,
    incident_doc,
    task_doc,
    task_incident,
)
from controlroom.hub.writer import Tx
from controlroom.store.schema import Attachment, Capture, Incident, IncidentGrading, Task, Unit
from controlroom.timeutil import now
from controlroom.vocabulary import TASK_ENDS, TASK_ORDER

UNITS, CAPTURES = Unit.__table__, Capture.__table__
ATTACHMENTS, TASKS, INCIDENTS = Attachment.__table__, Task.__table__, Incident.__table__
GRADINGS = IncidentGrading.__table__


def unit_named(tx: Tx, callsign: str):
    """The unit row with this call sign, or a 404 naming it."""
    unit = tx.execute(select(UNITS).where(UNITS.c.callsign == callsign)).first()
    if unit is None:
        raise not_found(f"no unit with call sign {callsign}")
    return unit


def attachment_acceptable(
    engine, device: DeviceIdentity, capture_id: str, name: str, sha256: str
) -> None:
    """Refuse an upload before its bytes are received: the capture must be this unit's, and
    the name free or holding these same bytes (blocking: run in a thread)."""
    with engine.connect() as connection:
        _check_attachment(connection, device, capture_id, name, sha256)


def _check_attachment(connection, device: DeviceIdentity, capture_id: str, name: str, sha256: str):
    """The capture's handling code and the attachment already stored under `name` (if any)."""
    capture = connection.execute(
        select(CAPTURES.c.unit_id, CAPTURES.c.handling_code, CAPTURES.c.graded_at).where(
            CAPTURES.c.id == capture_id
        )
    ).first()
    if capture is None or capture.unit_id != device.unit_id:
        raise not_found(f"capture {capture_id} has not been received from this unit")
    existing = connection.execute(
        select(ATTACHMENTS).where(
            and_(ATTACHMENTS.c.capture_id == capture_id, ATTACHMENTS.c.name == name)
        )
    ).first()
    if existing is not None and existing.sha256 != sha256:
        raise ApiError(409, "conflict", f"attachment {name} exists with other content")
    return capture, existing


def store_attachment(
    device: DeviceIdentity,
    capture_id: str,
    meta: dict,
    client: str,
    place: Callable[[Connection], None],
):
    """Attachments are evidence: a name once stored never changes its bytes. `place` puts
    the received bytes into the store, in the job's transaction; it runs only once the row is
    written."""

    def job(tx: Tx) -> tuple[doc.Attachment, bool]:
        capture, existing = _check_attachment(
            tx.connection, device, capture_id, meta["name"], meta["sha256"]
        )
        if existing is not None:
            return attachment_doc(existing), False
        tx.execute(insert(ATTACHMENTS).values(capture_id=capture_id, stored_at=now(), **meta))
        place(tx.connection)
        tx.emit(
            event(
                E.CAPTURE_ATTACHMENT,
                capture_id,
                CaptureAttachment(capture_id=capture_id, **meta),
                now(),
                restricted=withheld(capture),
            )
        )
        tx.audit(
            f"device:{device.callsign}",
            "attachment.store",
            f"capture:{capture_id}/{meta['name']}",
            client,
            {"sha256": meta["sha256"]},
        )
        return attachment_doc(Row(meta)), True

    return job


def audit_only(actor: str, action: str, target: str, client: str, detail=None, reason=""):
    def job(tx: Tx) -> None:
        tx.audit(actor, action, target, client, detail, reason)

    return job


def create_incident(values: dict, actor: str, client: str):
    def job(tx: Tx) -> doc.Incident:
        at = now()
        row = dict(
            values,
            status="open",
            raised_at=at,
            raised_by=actor,
            closed_at=None,
            thrive=orjson.dumps(values.get("thrive") or {}).decode(),
        )
        incident_id = tx.execute(insert(INCIDENTS).values(**row)).inserted_primary_key[0]
        created = incident_doc(Row(dict(row, id=incident_id)))
        tx.emit(event(E.INCIDENT_CREATED, incident_id, created, at, incident_id=incident_id))
        record_grading(
            tx, incident_id, values["grade"], values.get("thrive") or {}, "raised", actor, at
        )
        tx.audit(
            actor, "incident.create", f"incident:{incident_id}", client, {"grade": values["grade"]}
        )
        return created

    return job


UNIT_STATUS_FOR_TASK = {
    "sent": "assigned",
    "acknowledged": "assigned",
    "en_route": "en_route",
    "on_scene": "on_scene",
    "completed": "available",
    "declined": "available",
    "cancelled": "available",
}


def create_task(
    callsign: str, incident_id: int | None, kind: str, note: str, actor: str, client: str
):
    def job(tx: Tx) -> doc.Task:
        unit = unit_named(tx, callsign)
        incident = None
        if incident_id is not None:
            # Shared-locked to commit: a close through another hub waits for this task, so it
            # cancels it rather than leaving it open on a closed incident.
            incident = tx.execute(
                select(INCIDENTS).where(INCIDENTS.c.id == incident_id).with_for_update(read=True)
            ).first()
            if incident is None:
                raise not_found(f"no incident {incident_id}")
            if incident.status != "open":
                raise ApiError(409, "conflict", f"incident {incident_id} is closed")
        at = now()
        row = dict(
            incident_id=incident_id,
            unit_id=unit.id,
            kind=kind,
            state="sent",
            note=note,
            created_by=actor,
            created_at=at,
            updated_at=at,
        )
        task_id = tx.execute(insert(TASKS).values(**row)).inserted_primary_key[0]
        # The officer's device needs to know where to go and what for.
        where = task_incident(incident) if incident is not None else None
        created = task_doc(Row(dict(row, id=task_id)), callsign, where)
        tx.emit(
            event(E.TASK_CREATED, task_id, created, at, to_unit=unit.id, incident_id=incident_id)
        )
        _follow_task(tx, unit, "sent", at)
        tx.audit(
            actor,
            "task.create",
            f"task:{task_id}",
            client,
            {"callsign": callsign, "incident_id": incident_id, "kind": kind},
        )
        return created

    return job


def task_transition_allowed(current: str, new: str, by_device: bool) -> bool:
    if current in TASK_ENDS or new == current:
        return False
    if new == "cancelled":
        return not by_device
    if new == "declined":
        return current in ("sent", "acknowledged")
    return new in TASK_ORDER and TASK_ORDER.index(new) > TASK_ORDER.index(current)


def update_task(
    task_id: int,
    state: str,
    note: str,
    actor: str,
    client: str,
    device: DeviceIdentity | None = None,
):
    def job(tx: Tx) -> doc.Task:
        # Locked to commit: a transition through another hub checks against this one's result.
        task = tx.execute(select(TASKS).where(TASKS.c.id == task_id).with_for_update()).first()
        if task is None or (device is not None and task.unit_id != device.unit_id):
            raise not_found(f"no task {task_id} for this unit")
        if not task_transition_allowed(task.state, state, device is not None):
            raise ApiError(
                409, "conflict", f"task {task_id} cannot go from {task.state} to {state}"
            )
        at = now()
        tx.execute(update(TASKS).where(TASKS.c.id == task_id).values(state=state, updated_at=at))
        unit = tx.execute(select(UNITS).where(UNITS.c.id == task.unit_id)).first()
        values = dict(task._mapping, state=state, updated_at=at, note=note or task.note)
        updated = task_doc(Row(values), unit.callsign)
        tx.emit(
            event(
                E.TASK_UPDATED, task_id, updated, at, to_unit=unit.id, incident_id=task.incident_id
            )
        )
        _follow_task(tx, unit, state, at)
        tx.audit(
            actor,
            "task.update",
            f"task:{task_id}",
            client,
            {"from": task.state, "to": state, "note": note},
        )
        return updated

    return job


def record_grading(
    tx: Tx, incident_id: int, grade: str, thrive: dict, reason: str, actor: str, at: float
) -> None:
    tx.execute(
        insert(GRADINGS).values(
            incident_id=incident_id,
            grade=grade,
            thrive=orjson.dumps(thrive).decode(),
            reason=reason,
            graded_by=actor,
            graded_at=at,
        )
    )


def _follow_task(tx: Tx, unit, task_state: str, at: float) -> None:
    """The unit's status follows its most advanced open task; with none left it is available."""
    open_states = (
        tx.execute(
            select(TASKS.c.state).where(TASKS.c.unit_id == unit.id, TASKS.c.state.not_in(TASK_ENDS))
        )
        .scalars()
        .all()
    )
    if open_states:
        furthest = max(open_states, key=TASK_ORDER.index)
        status = UNIT_STATUS_FOR_TASK[furthest]
    else:
        status = UNIT_STATUS_FOR_TASK[task_state]
    set_status(tx, unit, status, at)


def set_status(tx: Tx, unit, status: str, at: float, by: str | None = None) -> None:
    if unit.status == status:
        return
    tx.execute(update(UNITS).where(UNITS.c.id == unit.id).values(status=status))
    payload = UnitStatusChange(callsign=unit.callsign, status=status, was=unit.status, by=by)
    tx.emit(event(E.UNIT_STATUS, unit.callsign, payload, at))
