"""The single writer: every change goes through one thread that groups jobs into one transaction.

A job is acknowledged (its future resolved) only after the transaction that holds it has
committed, so one fsync is shared by every request that arrived while the previous commit ran.
Each job runs in a savepoint, so a failing job is refused alone and the rest of the batch lands;
a batch is one transaction on both stores, so nothing of it is kept unless all of it is
(`controlroom.hub.batch`).

The writer never hangs the hub. It survives whatever a job or a batch raises. A batch that fails
on the store itself (SQLite locked by another process, PostgreSQL gone) left nothing behind, and
each of its jobs is answered 503; one that fails on something a job brought is split in halves
and retried, which is safe for the same reason, until that job is refused alone. No request
waits long: a job the writer has not begun within QUEUE_WAIT_S is refused and will never run,
and no request waits more than ANSWER_WAIT_S in all (both to within WATCH_S).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Engine

from controlroom.hub.auditchain import AuditChain
from controlroom.hub.batch import (
    ABANDONED,
    QUEUED,
    TAKEN,
    ChangeFailed,
    Job,
    Pending,
    ServiceUnavailable,
    Tx,
    run_now,
    store_unavailable,
    write_batch,
)
from controlroom.hub.eventlog import EventRow
from controlroom.hub.pingbatch import PingJob, PingWriter
from controlroom.store.engine import writing

__all__ = ["ServiceUnavailable", "Tx", "Writer", "run_now"]  # jobs and the CLI import these here

log = logging.getLogger(__name__)

QUEUE_WAIT_S = 5.0
ANSWER_WAIT_S = 9.0
WATCH_S = 0.25  # how often waits are checked: the bounds above hold to within this


class Writer:
    def __init__(
        self,
        engine: Engine,
        on_committed: Callable[[list[EventRow]], None],
        chain: AuditChain,
        max_batch: int = 4000,
    ):
        self._engine = writing(engine)  # made once: every batch writes
        self._on_committed = on_committed
        self._chain = chain
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[Pending | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="store-writer", daemon=True)
        self._claims = threading.Lock()  # a job is either taken by the writer or abandoned
        self._waiting: deque[Pending] = deque()  # requests in hand, oldest first (event loop)
        self._watch: asyncio.Task | None = None
        self.alive = False  # the writer thread runs (it clears this itself when it ends)
        self._pings = PingWriter()
        self._tracebacks = 0
        self.batches = 0
        self.jobs = 0
        self.last_commit: float | None = None
        self.last_error: tuple[float, str] | None = None
        self.store_available = True

    def start(self) -> None:
        """Start the writer; its waits are watched on the running event loop."""
        self.alive = True
        self._thread.start()
        self._watch = asyncio.get_running_loop().create_task(self._watch_waits())

    def stop(self) -> None:
        if self._watch is not None and not self._watch.get_loop().is_closed():
            self._watch.get_loop().call_soon_threadsafe(self._watch.cancel)
        self._queue.put(None)
        self._thread.join(timeout=10)

    def health(self) -> dict:
        clock = time.monotonic()
        return {
            "alive": self.alive,
            "store": "available" if self.store_available else "unavailable",
            "queued": self._queue.qsize(),
            "batches": self.batches,
            "jobs": self.jobs,
            "last_commit_age_s": None if self.last_commit is None else clock - self.last_commit,
            "last_error": None if self.last_error is None else self.last_error[1],
            "last_error_age_s": None if self.last_error is None else clock - self.last_error[0],
        }

    async def run(self, fn: Callable[[Tx], Any]) -> Any:
        """Run `fn(tx)` in the next batch; return its result once the batch has committed."""
        return await self._submit(Job(fn))

    async def pings(
        self, unit_id: int, callsign: str, rows: list[tuple], received: float
    ) -> tuple[int, EventRow]:
        """Store a device's pings in the next batch; once committed, returns how many were
        stored and the unit.position event (its seq is then set)."""
        return await self._submit(PingJob(unit_id, callsign, rows, received))

    def _submit(self, job: Pending) -> asyncio.Future:
        if not self.alive:
            raise ServiceUnavailable("the hub's writer is not running")
        job.loop = asyncio.get_running_loop()
        job.future = future = job.loop.create_future()
        job.submitted = time.monotonic()
        self._waiting.append(job)
        self._queue.put(job)
        return future

    async def _watch_waits(self) -> None:
        while True:
            await asyncio.sleep(WATCH_S)
            self._overdue(time.monotonic())

    def _overdue(self, clock: float) -> None:
        """On the event loop: refuse each change the writer has not begun within QUEUE_WAIT_S
        (it will never run), and answer any still without an outcome after ANSWER_WAIT_S."""
        waiting = self._waiting
        while waiting and waiting[0].future is not None and waiting[0].future.done():
            waiting.popleft()
        for job in waiting:  # oldest first: stop at the first that may wait longer
            if clock - job.submitted < QUEUE_WAIT_S:
                break
            if job.future is None or job.future.done():
                continue
            with self._claims:
                abandoned = job.state == QUEUED
                if abandoned:
                    job.state = ABANDONED
            if abandoned:
                _fail(job, ServiceUnavailable("the store did not take this in time; not stored"))
            elif clock - job.submitted >= ANSWER_WAIT_S:
                log.warning("a change had no answer from the store within %.0f s", ANSWER_WAIT_S)
                _fail(
                    job,
                    ServiceUnavailable(
                        "no answer from the store in time: it may or may not be stored"
                    ),
                )

    # --- the writer thread ---

    def _run(self) -> None:
        try:
            self._serve()
        finally:
            self.alive = False

    def _serve(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            jobs, stop = self._gather(first)
            try:
                self._tracebacks = 0
                self._commit_batch(self._take(jobs))
            except BaseException:  # the writer must outlive any fault of its own
                log.exception("the writer failed on a batch; its changes are refused")
                self._refuse(jobs, ServiceUnavailable("the hub could not store this"))
            if stop:
                return

    def _gather(self, first: Pending) -> tuple[list[Pending], bool]:
        jobs = [first]
        while len(jobs) < self._max_batch:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                return jobs, False
            if job is None:
                return jobs, True
            jobs.append(job)
        return jobs, False

    def _take(self, jobs: list[Pending]) -> list[Pending]:
        """The jobs still waiting; those whose requests gave up are dropped, never run."""
        with self._claims:
            taken = [job for job in jobs if job.state == QUEUED]
            for job in taken:
                job.state = TAKEN
        return taken

    def _commit_batch(self, jobs: Sequence[Pending], top: bool = True) -> None:
        if not jobs:
            return
        try:
            events = self._write(jobs)
        except Exception as exc:
            failure: Exception | None = exc
        else:
            failure = None
        if failure is not None:  # handled outside the except, so retries do not chain tracebacks
            self._pings.forget()
            self._failed(jobs, failure, top)
            return
        self._committed(jobs, events)

    def _committed(self, jobs: Sequence[Pending], events: list[EventRow]) -> None:
        """After the commit: nothing here may fail the batch, which is stored for good."""
        self.batches += 1
        self.jobs += len(jobs)
        self.last_commit = time.monotonic()
        self.store_available = True
        try:
            self._pings.committed([job for job in jobs if isinstance(job, PingJob)])
            if events:
                self._on_committed(events)
        except Exception:  # a broken subscriber must not stop the writer
            log.exception("after a commit, delivering its events failed")
            self._pings.forget()
        self._answer(jobs)

    def store_lost(self, exc: BaseException) -> None:
        """A read found the store unavailable (say, checking who a token is for before a
        change reached the writer): health says so until a batch commits again."""
        self.last_error = (time.monotonic(), _describe(exc))
        self.store_available = False

    def _failed(self, jobs: Sequence[Pending], exc: Exception, top: bool) -> None:
        """A batch rolled back: refuse it whole if the store is at fault, else find the job."""
        self.last_error = (time.monotonic(), _describe(exc))
        if store_unavailable(exc):
            self.store_available = False
            log.warning("store unavailable, %d changes refused: %s", len(jobs), _describe(exc))
            self._refuse(jobs, ServiceUnavailable(f"the store is unavailable: {_describe(exc)}"))
            return
        if len(jobs) == 1:
            self._tracebacks += 1  # one traceback per batch is enough to find the cause
            trace = exc if self._tracebacks == 1 else None
            log.error("a change failed and was refused: %s", _describe(exc), exc_info=trace)
            self._refuse(jobs, ChangeFailed(_describe(exc)))
            return
        if top:
            log.warning("a batch of %d failed (%s); retrying it in halves", len(jobs), exc)
        half = len(jobs) // 2
        self._commit_batch(jobs[:half], top=False)
        self._commit_batch(jobs[half:], top=False)

    def _write(self, jobs: Sequence[Pending]) -> list[EventRow]:
        ping_jobs = [job for job in jobs if isinstance(job, PingJob)]
        other = [job for job in jobs if isinstance(job, Job)]
        return write_batch(self._engine, self._chain, other, ping_jobs, self._pings)

    def _refuse(self, jobs: Sequence[Pending], error: BaseException) -> None:
        for job in jobs:
            job.error = error
        self._answer(jobs)

    def _answer(self, jobs: Sequence[Pending]) -> None:
        """Hand the outcomes to the event loop in one callback: one wake-up for the batch, and
        every request answered before the loop turns, so the next batch gathers all of them."""
        by_loop: dict[asyncio.AbstractEventLoop, list[Pending]] = {}
        for job in jobs:
            if job.loop is not None:
                by_loop.setdefault(job.loop, []).append(job)
        for loop, answered in by_loop.items():
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits there now
                loop.call_soon_threadsafe(_settle, answered)


def _describe(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc
    return (str(cause).strip().splitlines() or [type(cause).__name__])[0][:200]


def _fail(job: Pending, error: BaseException) -> None:
    if job.future is not None and not job.future.done():
        job.future.set_exception(error)


def _settle(jobs: list[Pending]) -> None:
    for job in jobs:
        if job.future is None or job.future.done():
            continue
        if job.error is not None:
            job.future.set_exception(job.error)
        else:
            job.future.set_result(job.result)
