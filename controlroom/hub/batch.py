"""One writer batch: every job's rows, events and audit records in one transaction.

Each job runs in a savepoint inside that transaction, so a failing job is rolled back and
refused alone while the rest of the batch lands; nothing of the batch is visible, or survives a
crash, until its one COMMIT (on SQLite too: see `controlroom.store.engine`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from controlroom.hub import faults
from controlroom.hub.auditchain import AuditChain
from controlroom.hub.eventlog import EventRow
from controlroom.store.engine import writing
from controlroom.store.schema import Event
from controlroom.timeutil import now

if TYPE_CHECKING:
    from controlroom.hub.pingbatch import PingJob, PingWriter

log = logging.getLogger(__name__)

EVENTS = Event.__table__
# One lock id for the whole event log: holding it from the events' append to commit makes seq
# order equal commit order across every hub process on one PostgreSQL. It is taken after the
# jobs have run, so several hubs' jobs run at once and only their appends and commits take
# turns; it comes before the audit chain's lock, always in that order.
EVENT_LOG_LOCK = 7_402_001
LOCK_TIMEOUT = "3s"  # a PostgreSQL writer waits no longer than this for another's lock
NOTIFY_CHANNEL = "controlroom_events"  # told the newest seq of each commit (controlroom.hub.notify)
# What another writer on the same store, racing this one, can make a statement fail with: a
# deadlock, a serialization failure, or the unique row it was about to insert itself. Each
# leaves nothing (a job's savepoint or the batch rolls back) and a run after it sees the other
# writer's rows, so the work is run again rather than refused.
CONFLICTS = {"40001", "40P01", "23505"}
ATTEMPTS = 4

QUEUED, TAKEN, ABANDONED = range(3)


class ServiceUnavailable(Exception):
    """The store could not take this change now (it is not stored); the client may retry."""


class ChangeFailed(Exception):
    """A change broke the batch it was in and was refused alone (the writer logged why)."""


def store_unavailable(exc: BaseException) -> bool:
    """Whether `exc` says the store itself could not serve (locked, gone, out of connections)
    rather than that one change was wrong."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | InterfaceError | DisconnectionError | PoolTimeout)


class Pending:
    """A change waiting for the writer: the request's future, and whether the writer took it."""

    __slots__ = ("future", "loop", "state", "submitted", "result", "error")

    def __init__(self) -> None:
        self.future: asyncio.Future | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.state = QUEUED
        self.submitted = 0.0  # time.monotonic() when the request handed it over
        self.result: Any = None
        self.error: BaseException | None = None


class Tx:
    """What a job sees: the connection plus staging for events and audit records."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.events: list[EventRow] = []
        self.audits: list[dict] = []

    def execute(self, statement, parameters=None):
        return self.connection.execute(statement, parameters)

    def emit(self, row: EventRow) -> EventRow:
        self.events.append(row)
        return row

    def audit(self, actor: str, action: str, target: str, client: str, detail=None, reason=""):
        self.audits.append(
            {
                "at": now(),
                "actor": actor,
                "action": action,
                "target": target,
                "detail": orjson.dumps(detail or {}).decode(),
                "client": client,
                "reason": reason or "",
            }
        )


class Job(Pending):
    __slots__ = ("fn", "events", "audits")

    def __init__(self, fn: Callable[[Tx], Any]):
        super().__init__()
        self.fn = fn
        self.events: list[EventRow] = []
        self.audits: list[dict] = []


def run_now(engine: Engine, fn: Callable[[Tx], Any], chain: AuditChain) -> Any:
    """Run one job in its own transaction on this thread (the command line uses this)."""
    job = Job(fn)
    write_batch(engine, chain, [job])
    if job.error is not None:
        raise job.error
    return job.result


def write_batch(
    engine: Engine,
    chain: AuditChain,
    jobs: Sequence[Job],
    ping_jobs: Sequence[PingJob] = (),
    ping_writer: PingWriter | None = None,
) -> list[EventRow]:
    """Write the jobs (and pings) in one transaction; returns its events, their seqs set.
    A batch that another hub's writer made fail (a deadlock, see :data:`CONFLICTS`) is run
    again whole, a few times, before it is reported failed."""
    faults.reach("begin")
    events: list[EventRow] = []
    head = None
    for attempt in range(1, ATTEMPTS + 1):
        try:
            events, head = _write(engine, chain, jobs, ping_jobs, ping_writer)
            break
        except DBAPIError as exc:
            if attempt == ATTEMPTS or not conflict(exc):
                raise
            log.info("a batch met another writer (%s); running it again", _state(exc))
    faults.reach("committed", events)
    if head is not None:
        chain.leave_checkpoint(head, now())  # after the commit: it never fails the batch
    return events


def _write(
    engine: Engine,
    chain: AuditChain,
    jobs: Sequence[Job],
    ping_jobs: Sequence[PingJob],
    ping_writer: PingWriter | None,
) -> tuple[list[EventRow], tuple[int, str] | None]:
    head = None
    postgres = engine.dialect.name == "postgresql"
    with writing(engine).connect() as connection, connection.begin():
        if postgres:
            connection.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
        for job in jobs:
            _apply(connection, job, postgres)
        done = [job for job in jobs if job.error is None]
        events = [row for job in done for row in job.events]
        if ping_jobs and ping_writer is not None:
            events += ping_writer.write(connection, ping_jobs)
        audits = [record for job in done for record in job.audits]
        faults.reach("rows", events)
        if postgres and events:
            _append_events(connection, events)  # the lock taken, the other hubs notified
        elif postgres and audits:  # audit ids, too, commit in the order the lock gives
            connection.execute(text(f"SELECT pg_advisory_xact_lock({EVENT_LOG_LOCK})"))
        elif events:
            _insert_events(connection, events)
        if audits:
            head = chain.append(connection, audits)
        faults.reach("commit", events)
    return events, head


def conflict(exc: BaseException) -> bool:
    """Whether `exc` is a race with another writer on the store (see :data:`CONFLICTS`)."""
    return _state(exc) in CONFLICTS


def _state(exc: BaseException) -> str | None:
    return getattr(getattr(exc, "orig", None), "sqlstate", None)


def _apply(connection: Connection, job: Job, postgres: bool) -> None:
    """Run one job in its savepoint. On PostgreSQL a job that raced another hub's writer
    (:data:`CONFLICTS`) is run again in a new savepoint, a few times, before it is refused."""
    for attempt in range(1, ATTEMPTS + 1):
        job.result, job.error, job.events, job.audits = None, None, [], []
        tx = Tx(connection)
        savepoint = connection.begin_nested()
        try:
            job.result = job.fn(tx)
        except BaseException as exc:  # whatever a job raises, it is refused alone
            savepoint.rollback()
            if postgres and attempt < ATTEMPTS and conflict(exc):
                continue
            job.error = exc if isinstance(exc, Exception) else RuntimeError(repr(exc))
            return
        savepoint.commit()
        job.events = tx.events
        job.audits = tx.audits
        return


def _append_events(connection: Connection, events: list[EventRow]) -> None:
    """Append `events` on PostgreSQL in one round trip (migration 0015): the event log's lock
    is taken, held to commit (appends take turns, so seqs and audit ids commit in their order,
    and nothing but this call and the commit is done while it is held), the rows inserted in
    their order and the other hubs notified of the newest seq, which they hear when (and only
    if) this commits."""
    seqs = connection.execute(
        text(
            "SELECT * FROM controlroom_append_events(:lock, :channel, "
            "CAST(:types AS text[]), CAST(:subjects AS text[]), CAST(:payloads AS text[]), "
            "CAST(:ats AS double precision[]), CAST(:to_units AS integer[]), "
            "CAST(:restricted AS boolean[]), CAST(:incidents AS integer[]))"
        ),
        {
            "lock": EVENT_LOG_LOCK,
            "channel": NOTIFY_CHANNEL,
            "types": [e.type for e in events],
            "subjects": [e.subject for e in events],
            "payloads": [e.payload for e in events],
            "ats": [e.at for e in events],
            "to_units": [e.to_unit for e in events],
            "restricted": [e.restricted for e in events],
            "incidents": [e.incident_id for e in events],
        },
    ).scalars()
    for row, seq in zip(events, seqs, strict=True):
        row.seq = seq


def _insert_events(connection: Connection, events: list[EventRow]) -> None:
    rows = [
        {
            "type": e.type,
            "subject": e.subject,
            "payload": e.payload,
            "at": e.at,
            "to_unit": e.to_unit,
            "restricted": e.restricted,
            "incident_id": e.incident_id,
        }
        for e in events
    ]
    result = connection.execute(
        EVENTS.insert().returning(EVENTS.c.seq, sort_by_parameter_order=True), rows
    )
    for row, (seq,) in zip(events, result, strict=True):
        row.seq = seq
