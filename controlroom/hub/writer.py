"""The single writer: every change goes through one thread that groups jobs into one transaction.

A job is acknowledged (its future resolved) only after the transaction that holds it has
committed, so one fsync is shared by every request that arrived while the previous commit ran.
Each job runs in a savepoint, so a failing job is refused alone and the rest of the batch lands.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from controlroom.hub.eventlog import EventRow
from controlroom.hub.pingbatch import PingJob, PingWriter
from controlroom.store.schema import AuditRecord, Event
from controlroom.timeutil import now

log = logging.getLogger(__name__)

EVENTS = Event.__table__
AUDIT = AuditRecord.__table__
GENESIS = "0" * 64
# One lock id for the whole event log: holding it from first insert to commit makes seq order
# equal commit order across every hub process on one PostgreSQL.
EVENT_LOG_LOCK = 7_402_001


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


def audit_hash(prev_hash: str, record: dict) -> str:
    body = orjson.dumps(
        [
            prev_hash,
            round(record["at"], 6),
            record["actor"],
            record["action"],
            record["target"],
            record["detail"],
            record["client"],
            record["reason"],
        ]
    )
    return hashlib.sha256(body).hexdigest()


class _Job:
    __slots__ = ("fn", "future", "loop", "events", "audits", "result", "error")

    def __init__(self, fn, future, loop):
        self.fn = fn
        self.future = future
        self.loop = loop
        self.events: list[EventRow] = []
        self.audits: list[dict] = []
        self.result: Any = None
        self.error: BaseException | None = None


class Writer:
    def __init__(
        self,
        engine: Engine,
        on_committed: Callable[[list[EventRow]], None],
        max_batch: int = 4000,
    ):
        self._engine = engine
        self._on_committed = on_committed
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="store-writer", daemon=True)
        self._pings = PingWriter()
        self.batches = 0
        self.jobs = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    async def run(self, fn: Callable[[Tx], Any]) -> Any:
        """Run `fn(tx)` in the next batch; return its result once the batch has committed."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.put(_Job(fn, future, loop))
        return await future

    async def pings(
        self, unit_id: int, callsign: str, rows: list[tuple], received: float
    ) -> tuple[int, EventRow]:
        """Store a device's pings in the next batch; once committed, returns how many were
        stored and the unit.position event (its seq is then set)."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.put(PingJob(unit_id, callsign, rows, received, future, loop))
        return await future

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            jobs = [first]
            stop = False
            while len(jobs) < self._max_batch:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    stop = True
                    break
                jobs.append(job)
            self._commit_batch(jobs)
            if stop:
                return

    def _commit_batch(self, jobs: list) -> None:
        try:
            events = self._write(jobs)
        except SQLAlchemyError:
            if len(jobs) == 1:
                log.exception("a write failed")
                jobs[0].error = jobs[0].error or ServiceUnavailable()
                events = []
            else:
                # Find the job that broke the batch: commit each of them on its own.
                self._pings.forget()
                for job in jobs:
                    self._commit_batch([job])
                return
        self.batches += 1
        self.jobs += len(jobs)
        if events:
            try:
                self._on_committed(events)
            except Exception:  # a broken subscriber must not stop the writer
                log.exception("event delivery failed")
        for job in jobs:
            job.loop.call_soon_threadsafe(_settle, job)

    def _write(self, jobs: list) -> list[EventRow]:
        ping_jobs = [job for job in jobs if isinstance(job, PingJob)]
        other = [job for job in jobs if not isinstance(job, PingJob)]
        events = write_batch(self._engine, other, ping_jobs, self._pings)
        if ping_jobs:
            self._pings.committed(ping_jobs)
        return events


class ServiceUnavailable(Exception):
    """The store refused a write; the client may retry."""


def run_now(engine: Engine, fn: Callable[[Tx], Any]) -> Any:
    """Run one job in its own transaction on this thread (the command line uses this)."""
    job = _Job(fn, None, None)
    write_batch(engine, [job])
    if job.error is not None:
        raise job.error
    return job.result


def write_batch(
    engine: Engine,
    jobs: list[_Job],
    ping_jobs: Sequence[PingJob] = (),
    ping_writer: PingWriter | None = None,
) -> list[EventRow]:
    with engine.connect() as connection, connection.begin():
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({EVENT_LOG_LOCK})"))
        for job in jobs:
            _apply(connection, job)
        done = [job for job in jobs if job.error is None]
        events = [row for job in done for row in job.events]
        if ping_jobs and ping_writer is not None:
            events += ping_writer.write(connection, list(ping_jobs))
        audits = [record for job in done for record in job.audits]
        if events:
            _insert_events(connection, events)
        if audits:
            _insert_audits(connection, audits)
    return events


def _apply(connection: Connection, job: _Job) -> None:
    tx = Tx(connection)
    savepoint = connection.begin_nested()
    try:
        job.result = job.fn(tx)
    except Exception as exc:
        savepoint.rollback()
        job.error = exc
        return
    savepoint.commit()
    job.events = tx.events
    job.audits = tx.audits


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


def _insert_audits(connection: Connection, audits: list[dict]) -> None:
    last = connection.execute(
        text("SELECT hash FROM audit ORDER BY id DESC LIMIT 1")
    ).scalar_one_or_none()
    prev = last or GENESIS
    for record in audits:
        record["prev_hash"] = prev
        record["hash"] = prev = audit_hash(prev, record)
    connection.execute(AUDIT.insert(), audits)


def _settle(job: _Job) -> None:
    if job.future.done():
        return
    if job.error is not None:
        job.future.set_exception(job.error)
    else:
        job.future.set_result(job.result)
