"""The broadcaster's reads of the store, on a real SQLite and PostgreSQL: what another hub
committed is delivered after word of it, a gap before this hub's own commit is filled from the
store first, a seq that never committed is passed over, and a read cut short by its size limit
carries on. Every stream sees every event once, in seq order."""

from __future__ import annotations

import asyncio

import orjson
from sqlalchemy import insert

from controlroom.hub.broadcast import Broadcaster
from controlroom.hub.eventlog import EventRow
from controlroom.store.engine import writing
from controlroom.store.schema import Event
from controlroom.timeutil import now

EVENTS = Event.__table__


def _row(n: int, payload: str | None = None) -> EventRow:
    body = payload if payload is not None else orjson.dumps({"n": n}).decode()
    return EventRow("unit.position", f"U{n}", body, now())


def _commit(store, rows: list[EventRow]) -> list[EventRow]:
    """Commit `rows` as a hub's writer does (one transaction), their seqs set."""
    with writing(store).begin() as connection:
        for row in rows:
            values = {"type": row.type, "subject": row.subject, "payload": row.payload,
                      "at": row.at, "to_unit": None, "restricted": False}  # fmt: skip
            row.seq = connection.execute(insert(EVENTS).values(**values)).inserted_primary_key[0]
    return rows


class Watched:
    """A broadcaster on the running loop, with one stream and one listener recording what
    they are given."""

    def __init__(self, store):
        self.broadcaster = Broadcaster(store)
        self.broadcaster.start(asyncio.get_running_loop())
        self.stream = self.broadcaster.subscribe(lambda row: True)
        self.heard: list[int] = []
        self.broadcaster.listeners.append(lambda row: self.heard.append(row.seq))

    async def settled(self, until_seq: int, timeout: float = 10.0) -> list[int]:
        """The seqs the stream was given once the broadcaster has delivered `until_seq` (and
        a moment more, in which anything given twice would arrive too)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self.broadcaster.last_seq < until_seq:
            assert asyncio.get_running_loop().time() < deadline, self.broadcaster.last_seq
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        return [row.seq for row in self.stream.take()]


def test_another_hubs_commits_are_delivered_after_word_of_them(store):
    async def run():
        first = _commit(store, [_row(1)])
        watched = Watched(store)  # starts after the first: it is history, not news
        theirs = _commit(store, [_row(2), _row(3)]) + _commit(store, [_row(4)])
        watched.broadcaster.heard(theirs[-1].seq)
        given = await watched.settled(theirs[-1].seq)
        assert given == [r.seq for r in theirs] and first[0].seq not in given
        assert watched.heard == given
        watched.broadcaster.poll()  # a timer's look with nothing new adds nothing
        assert await watched.settled(theirs[-1].seq) == []

    asyncio.run(run())


def test_a_gap_before_an_own_commit_is_filled_from_the_store_first(store):
    async def run():
        watched = Watched(store)
        theirs = _commit(store, [_row(1), _row(2)])  # no word of these reaches this hub
        mine = _commit(store, [_row(3)])
        watched.broadcaster.committed(mine)
        given = await watched.settled(mine[-1].seq)
        assert given == [r.seq for r in theirs + mine]
        # The own rows go out as they were handed over, not read back.
        assert list(watched.broadcaster.remembered())[-1] is mine[0]

    asyncio.run(run())


def test_a_seq_that_never_committed_is_passed_over(store):
    async def run():
        watched = Watched(store)
        before = _commit(store, [_row(1)])
        with writing(store).connect() as connection, connection.begin() as transaction:
            values = {"type": "unit.position", "subject": "lost", "payload": "{}", "at": now()}
            lost = connection.execute(insert(EVENTS).values(**values)).inserted_primary_key[0]
            transaction.rollback()
        mine = _commit(store, [_row(2)])
        watched.broadcaster.committed(mine)
        given = await watched.settled(mine[-1].seq)
        assert given == [before[0].seq, mine[0].seq] == watched.heard
        if store.dialect.name == "postgresql":  # a sequence's number is not given back
            assert before[0].seq < lost < mine[0].seq

    asyncio.run(run())


def test_a_read_cut_short_by_its_size_carries_on_to_the_end(store):
    async def run():
        watched = Watched(store)
        big = "[" + ",".join(['"' + "x" * 1000 + '"'] * 300) + "]"  # about 300 kB each
        theirs = _commit(store, [_row(n, big) for n in range(12)])  # past one read's 1 MiB
        watched.broadcaster.heard(theirs[-1].seq)
        given = await watched.settled(theirs[-1].seq)
        assert given == [r.seq for r in theirs] == watched.heard
        assert 1 < len(watched.broadcaster.read_after(0)) < len(theirs)  # it was cut short

    asyncio.run(run())
