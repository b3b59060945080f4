"""Reads of the store for the control room (blocking: called in a worker thread)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import msgspec
from sqlalchemy import Connection, Engine, and_, func, select

from controlroom.contract import documents as doc
from controlroom.hub.dissemination import for_role, open_condition, row_visibility
from controlroom.hub.emergencies import EMERGENCIES
from controlroom.hub.messages import recent
from controlroom.hub.records import (
    attachment_doc,
    capture_doc,
    emergency_doc,
    incident_doc,
    ping_doc,
    task_doc,
    unit_doc,
)
from controlroom.store.schema import Attachment, Capture, Event, Incident, Ping, Task, Unit
from controlroom.vocabulary import OPEN_TASK_STATES

UNITS, PINGS, CAPTURES = Unit.__table__, Ping.__table__, Capture.__table__
ATTACHMENTS, TASKS, INCIDENTS, EVENTS = (
    Attachment.__table__,
    Task.__table__,
    Incident.__table__,
    Event.__table__,
)


@dataclass
class CaptureFilter:
    kind: str | None = None
    statuses: tuple[str, ...] = ()  # review states, any of them
    since: float | None = None
    until: float | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    limit: int = 200
    include_restricted: bool = False  # the reader is cleared for C (and sees all of a capture)
    officer: str | None = None  # the call sign of the unit that captured it


def snapshot(
    engine: Engine, include_restricted: bool, recent_captures: int = 200, recent_messages: int = 300
) -> dict:
    """Current state and the seq it reflects, read from one snapshot of the store so the two
    agree: REPEATABLE READ on PostgreSQL (under READ COMMITTED each statement would see what
    committed since the seq was read); on SQLite one read transaction is one snapshot."""
    with _one_snapshot(engine) as connection:
        seq = connection.execute(select(func.max(EVENTS.c.seq))).scalar() or 0
        units = [unit_doc(r) for r in connection.execute(select(UNITS).order_by(UNITS.c.callsign))]
        incidents = [
            incident_doc(r)
            for r in connection.execute(
                select(INCIDENTS).where(INCIDENTS.c.status == "open").order_by(INCIDENTS.c.id)
            )
        ]
        tasks = _tasks(connection, TASKS.c.state.in_(OPEN_TASK_STATES))
        captures = _captures(
            connection, CaptureFilter(limit=recent_captures, include_restricted=include_restricted)
        )
        emergencies = _active_emergencies(connection)
        messages = recent(connection, limit=recent_messages)
    return {
        "seq": seq,
        "units": units,
        "incidents": incidents,
        "tasks": tasks,
        "captures": captures,
        "emergencies": emergencies,
        "messages": messages,
    }


@contextmanager
def _one_snapshot(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def _tasks(connection: Connection, condition: Any) -> list[doc.Task]:
    rows = connection.execute(
        select(TASKS, UNITS.c.callsign)
        .join(UNITS, UNITS.c.id == TASKS.c.unit_id)
        .where(condition)
        .order_by(TASKS.c.id)
    )
    return [task_doc(r, r.callsign) for r in rows]


def _conditions(f: CaptureFilter) -> list[Any]:
    conditions: list[Any] = []
    if f.kind:
        conditions.append(CAPTURES.c.kind == f.kind)
    if f.statuses:
        conditions.append(CAPTURES.c.status.in_(f.statuses))
    if f.officer:
        conditions.append(UNITS.c.callsign == f.officer)
    if f.since is not None:
        conditions.append(CAPTURES.c.at >= f.since)
    if f.until is not None:
        conditions.append(CAPTURES.c.at <= f.until)
    if f.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        conditions += [
            CAPTURES.c.lon.between(min_lon, max_lon),
            CAPTURES.c.lat.between(min_lat, max_lat),
        ]
    return conditions


def _captures(connection: Connection, f: CaptureFilter) -> list[doc.Capture]:
    conditions = _conditions(f)
    if not f.include_restricted:
        conditions.append(open_condition())
    rows = connection.execute(
        select(CAPTURES, UNITS.c.callsign)
        .join(UNITS, UNITS.c.id == CAPTURES.c.unit_id)
        .where(and_(True, *conditions))
        .order_by(CAPTURES.c.at.desc(), CAPTURES.c.id)
        .limit(f.limit)
    )
    shown = (for_role(capture_doc(r, r.callsign), f.include_restricted) for r in rows)
    return [capture for capture in shown if capture is not None]


def captures(engine: Engine, f: CaptureFilter) -> tuple[list[doc.Capture], int]:
    """The captures the filter shows, and how many restricted ones it withheld."""
    with engine.connect() as connection:
        shown = _captures(connection, f)
        if f.include_restricted:
            return shown, 0
        withheld = connection.execute(
            select(func.count())
            .select_from(CAPTURES.join(UNITS, UNITS.c.id == CAPTURES.c.unit_id))
            .where(and_(True, *_conditions(f)), ~open_condition())
        ).scalar()
    return shown, withheld or 0


def capture(engine: Engine, capture_id: str) -> doc.Capture | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(CAPTURES, UNITS.c.callsign)
            .join(UNITS, UNITS.c.id == CAPTURES.c.unit_id)
            .where(CAPTURES.c.id == capture_id)
        ).first()
        if row is None:
            return None
        return capture_doc(row, row.callsign, attachments_of(connection, capture_id))


def attachments_of(connection: Connection, capture_id: str) -> list[doc.Attachment]:
    rows = connection.execute(
        select(ATTACHMENTS).where(ATTACHMENTS.c.capture_id == capture_id).order_by(ATTACHMENTS.c.id)
    )
    return [attachment_doc(a) for a in rows]


def attachment(engine: Engine, capture_id: str, name: str) -> dict | None:
    """An attachment's record, with what custody and its export need of the capture."""
    with engine.connect() as connection:
        row = connection.execute(
            select(
                ATTACHMENTS,
                CAPTURES.c.handling_code,
                CAPTURES.c.graded_at,
                CAPTURES.c.kind,
                CAPTURES.c.at.label("captured_at"),
                CAPTURES.c.received_at,
                UNITS.c.callsign,
            )
            .join(CAPTURES, CAPTURES.c.id == ATTACHMENTS.c.capture_id)
            .join(UNITS, UNITS.c.id == CAPTURES.c.unit_id)
            .where(ATTACHMENTS.c.capture_id == capture_id, ATTACHMENTS.c.name == name)
        ).first()
    if row is None:
        return None
    return dict(
        msgspec.structs.asdict(attachment_doc(row)),
        handling_code=row.handling_code,
        visibility=row_visibility(row),
        kind=row.kind,
        captured_at=row.captured_at,
        received_at=row.received_at,
        stored_at=row.stored_at,
        callsign=row.callsign,
    )


def track(
    engine: Engine, callsign: str, since: float | None, until: float | None, limit: int
) -> list[doc.Ping] | None:
    with engine.connect() as connection:
        unit_id = connection.execute(
            select(UNITS.c.id).where(UNITS.c.callsign == callsign)
        ).scalar()
        if unit_id is None:
            return None
        conditions = [PINGS.c.unit_id == unit_id]
        if since is not None:
            conditions.append(PINGS.c.at >= since)
        if until is not None:
            conditions.append(PINGS.c.at <= until)
        rows = connection.execute(
            select(PINGS).where(*conditions).order_by(PINGS.c.at, PINGS.c.id).limit(limit)
        )
        return [ping_doc(r) for r in rows]


def units(engine: Engine) -> list[doc.Unit]:
    with engine.connect() as connection:
        return [unit_doc(r) for r in connection.execute(select(UNITS).order_by(UNITS.c.callsign))]


def tasks(engine: Engine, open_only: bool) -> list[doc.Task]:
    with engine.connect() as connection:
        condition = TASKS.c.state.in_(OPEN_TASK_STATES) if open_only else True
        return _tasks(connection, condition)


def incidents(engine: Engine, open_only: bool) -> list[doc.Incident]:
    with engine.connect() as connection:
        query = select(INCIDENTS).order_by(INCIDENTS.c.id)
        if open_only:
            query = query.where(INCIDENTS.c.status == "open")
        return [incident_doc(r) for r in connection.execute(query)]


def active_emergencies(engine: Engine) -> list[doc.Emergency]:
    with engine.connect() as connection:
        return _active_emergencies(connection)


def _active_emergencies(connection: Connection) -> list[doc.Emergency]:
    rows = connection.execute(
        select(EMERGENCIES, UNITS.c.callsign)
        .join(UNITS, UNITS.c.id == EMERGENCIES.c.unit_id)
        .where(EMERGENCIES.c.status != "ended")
        .order_by(EMERGENCIES.c.id)
    )
    return [emergency_doc(r, r.callsign) for r in rows]
