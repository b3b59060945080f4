"""Fan-out of committed events to every live stream, in seq order, with catch-up from the store.

The writer hands over each committed batch. When seqs are contiguous with what was last
delivered they go straight out; after a gap (another hub process wrote, or a rolled-back
transaction used up seqs) the store, which is the authority, is read to fill it first: only the
gap, since everything before a committed seq is final (seqs are taken in commit order), and the
batch itself then goes out from memory.
Another hub's commits are read from the store when PostgreSQL notifies this hub of them
(``controlroom.hub.notify``), and on a timer in case a notification is lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Iterable

from sqlalchemy import Connection, Engine, func, select

from controlroom.hub.eventlog import EventRow
from controlroom.store.schema import Event
from controlroom.timeutil import now

log = logging.getLogger(__name__)

EVENTS = Event.__table__
RECENT = 20_000
RECENT_BYTES = 16 << 20  # events kept in memory for resuming streams, by count and by size
SUBSCRIBER_BACKLOG = 50_000
SUBSCRIBER_BYTES = 8 << 20  # a stream this far behind is ended: it resumes from its last seq
READ_BYTES = 1 << 20  # one read of the store for a stream's backfill stops past this
OWN_GRACE_S = 0.003


def row_bytes(row: EventRow) -> int:
    """What a row costs a stream that holds it (its payload dominates)."""
    return len(row.payload) + 200


class Subscriber:
    """One open stream. Events wait here until its writer coroutine wakes and sends them all
    as one chunk, so a busy commit costs each stream one write, not one per event. A stream
    whose waiting events pass :data:`SUBSCRIBER_BACKLOG` rows or :data:`SUBSCRIBER_BYTES` is
    closed instead (it is not reading): the client resumes from its last seq, losing nothing."""

    def __init__(self, accepts: Callable[[EventRow], bool]):
        self.accepts = accepts
        self.pending: list[EventRow] = []
        self.pending_bytes = 0
        self.wakeup = asyncio.Event()
        self.closed = False
        self.fell_behind = False

    def offer(self, rows: list[EventRow]) -> None:
        if self.closed:
            return
        accepted = [row for row in rows if self.accepts(row)]
        if not accepted:
            return
        self.pending.extend(accepted)
        self.pending_bytes += sum(map(row_bytes, accepted))
        if len(self.pending) > SUBSCRIBER_BACKLOG or self.pending_bytes > SUBSCRIBER_BYTES:
            self.fell_behind = True
            self.close()
        self.wakeup.set()

    def take(self) -> list[EventRow]:
        rows, self.pending, self.pending_bytes = self.pending, [], 0
        self.wakeup.clear()
        return rows

    def close(self) -> None:
        self.closed = True
        self.pending, self.pending_bytes = [], 0
        self.wakeup.set()


Refine = Callable[[Connection, list[EventRow]], None]


class Broadcaster:
    """`refine(connection, rows)` may mark restricted the events it reads back from the store
    that are no longer for everyone (see ``controlroom.hub.dissemination``)."""

    def __init__(self, engine: Engine, refine: Refine | None = None):
        self._engine = engine
        self._refine = refine
        self._subscribers: set[Subscriber] = set()
        self._recent: deque[EventRow] = deque()
        self._recent_bytes = 0
        self.dropped_behind = 0  # streams ended because they were not reading
        self._loop: asyncio.AbstractEventLoop | None = None
        self._catching_up: asyncio.Task | None = None
        self._look = False  # others may have committed: read the store past the last seq
        # This process's own commits waiting for the gap before them to be read from the store
        # (in seq order: the writer commits one batch after another).
        self._own: deque[EventRow] = deque()
        self.last_seq = 0
        self.listeners: list[Callable[[EventRow], None]] = []
        # Told of this process's own commits at once, even while the log is being caught up
        # (a gap in seq, another process's writes), and before the change's request is
        # answered: what they cache about who may do what must not outlive the answer.
        self.on_own_commit: list[Callable[[EventRow], None]] = []

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        with self._engine.connect() as connection:
            self.last_seq = (
                connection.execute(
                    select(EVENTS.c.seq).order_by(EVENTS.c.seq.desc()).limit(1)
                ).scalar()
                or 0
            )

    def committed(self, rows: list[EventRow]) -> None:
        """Called by the writer thread after each commit."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._receive, rows)

    def subscribe(self, accepts: Callable[[EventRow], bool]) -> Subscriber:
        subscriber = Subscriber(accepts)
        self._subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)

    def recent_after(self, seq: int) -> list[EventRow] | None:
        """Events after `seq` from memory, or None when memory no longer reaches back that far."""
        if seq >= self.last_seq:
            return []
        if not self._recent or self._recent[0].seq > seq + 1:
            return None
        return [row for row in self._recent if row.seq > seq]

    def store_seq(self) -> int:
        """The newest seq in the store, whichever process wrote it (blocking: run in a thread)."""
        with self._engine.connect() as connection:
            newest = connection.execute(select(func.max(EVENTS.c.seq))).scalar()
        return max(newest or 0, self.last_seq)

    def read_after(
        self, seq: int, limit: int = 2000, max_bytes: int = READ_BYTES
    ) -> list[EventRow]:
        """Events after `seq` from the store, at most `limit` of them and stopping once past
        `max_bytes` of payload (blocking: run in a thread)."""
        return self._read(seq, None, limit, max_bytes)[0]

    def _read(
        self, seq: int, before: int | None, limit: int = 2000, max_bytes: int = READ_BYTES
    ) -> tuple[list[EventRow], bool]:
        """Events after `seq` (and before `before`) from the store, and whether that is all of
        them (not cut short by `limit` or `max_bytes`)."""
        found, size, complete = [], 0, True
        query = select(EVENTS).where(EVENTS.c.seq > seq)
        if before is not None:
            query = query.where(EVENTS.c.seq < before)
        with self._engine.connect() as connection:
            rows = connection.execution_options(yield_per=100).execute(
                query.order_by(EVENTS.c.seq).limit(limit)
            )
            for r in rows:
                row = EventRow(
                    r.type,
                    r.subject,
                    r.payload,
                    r.at,
                    r.to_unit,
                    r.restricted,
                    r.seq,
                    incident_id=r.incident_id,
                )
                found.append(row)
                size += row_bytes(row)
                if size > max_bytes:
                    rows.close()
                    complete = False
                    break
            if self._refine is not None and found:
                self._refine(connection, found)
        return found, complete and len(found) < limit

    def poll(self) -> None:
        """Look for events other hub processes committed (called on a timer)."""
        self._receive([])

    def heard(self, seq: int | None) -> None:
        """Another writer committed up to `seq` (None: perhaps, while we were not listening);
        called from the listener's thread."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._heard, seq)

    def _heard(self, seq: int | None) -> None:
        if seq is None or seq > self.last_seq:
            # This hub's own commits are notified too, and may be heard just before the writer
            # hands them over: a moment's grace spares reading them back from the store.
            self._loop.call_later(OWN_GRACE_S, self._check, seq)  # type: ignore[union-attr]

    def _check(self, seq: int | None) -> None:
        if seq is None or seq > self.last_seq:
            self._receive([])

    def lag(self) -> dict:
        """How far this hub's streams are behind the store (blocking: run in a thread): the
        newest seq stored, and how many events after the last one delivered and for how long
        the oldest of them has waited."""
        delivered = self.last_seq
        with self._engine.connect() as connection:
            newest = connection.execute(select(func.max(EVENTS.c.seq))).scalar() or 0
            oldest = connection.execute(
                select(EVENTS.c.at).where(EVENTS.c.seq > delivered).order_by(EVENTS.c.seq).limit(1)
            ).scalar()
        behind = max(newest - delivered, 0)
        waited = 0 if oldest is None or not behind else max(now() - oldest, 0.0) * 1000
        return {"store_seq": newest, "delivered_seq": delivered, "behind": behind,
                "behind_ms": round(waited, 1)}  # fmt: skip

    def _receive(self, rows: list[EventRow]) -> None:
        """This process's own commit (`rows`), or word that others may have committed (none)."""
        for row in rows:
            for listener in self.on_own_commit:
                listener(row)
        self._own.extend(row for row in rows if row.seq > self.last_seq)
        if not rows:
            self._look = True
        if self._catching_up is not None:
            return  # it sees the own rows and the look asked for before it ends
        if self._own and self._own[0].seq == self.last_seq + 1:
            self._deliver_own()  # follows what was delivered: straight out
        if self._own or self._look:
            self._catching_up = asyncio.ensure_future(self._catch_up())

    def _drop_delivered(self) -> None:
        """Forget own rows already delivered (read back from the store in a catch-up)."""
        while self._own and self._own[0].seq <= self.last_seq:
            self._own.popleft()

    def _deliver_own(self) -> None:
        """Deliver the first run of own rows, seq after seq."""
        self._drop_delivered()
        if self._own:
            run = [self._own.popleft()]
            while self._own and self._own[0].seq == run[-1].seq + 1:
                run.append(self._own.popleft())
            self._deliver(run)

    async def _catch_up(self) -> None:
        """Fill each gap before an own commit from the store, then deliver the commit; and read
        past the last seq as often as word came that others may have committed."""
        try:
            while True:
                self._drop_delivered()
                if self._own:
                    before = self._own[0].seq
                    if before > self.last_seq + 1:
                        rows, complete = await asyncio.to_thread(self._read, self.last_seq, before)
                        self._deliver(rows)
                        if not complete:
                            continue
                    # Every seq before an own committed one is final (seqs are taken in commit
                    # order): what the store did not hold was rolled back.
                    self._deliver_own()
                    continue
                if not self._look:
                    return
                self._look = False
                rows, complete = await asyncio.to_thread(self._read, self.last_seq, None)
                self._deliver(rows)
                if not complete:
                    self._look = True
        except Exception:
            log.exception("catching up the event log failed")
        finally:
            self._catching_up = None

    def _deliver(self, rows: list[EventRow]) -> None:
        fresh = [row for row in rows if row.seq > self.last_seq]
        if not fresh:
            return
        self.last_seq = fresh[-1].seq
        self._remember(fresh)
        for row in fresh:
            for listener in self.listeners:
                listener(row)
        for subscriber in list(self._subscribers):
            subscriber.offer(fresh)
            if subscriber.fell_behind:
                self.dropped_behind += 1
                self._subscribers.discard(subscriber)

    def _remember(self, rows: list[EventRow]) -> None:
        self._recent.extend(rows)
        self._recent_bytes += sum(map(row_bytes, rows))
        while self._recent and (len(self._recent) > RECENT or self._recent_bytes > RECENT_BYTES):
            self._recent_bytes -= row_bytes(self._recent.popleft())

    def remembered(self) -> Iterable[EventRow]:
        """The recent events kept in memory for resuming streams."""
        return self._recent

    @property
    def streams(self) -> int:
        return len(self._subscribers)

    def close(self) -> None:
        for subscriber in list(self._subscribers):
            subscriber.close()


def _contiguous(rows: list[EventRow]) -> bool:
    return all(b.seq == a.seq + 1 for a, b in zip(rows, rows[1:], strict=False))
