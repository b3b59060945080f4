"""The linker: every new capture's mentions are linked in the background, so ingest never waits
for it. It hears ``capture.created`` from the event log, works out its decisions from the store
in a worker thread, and writes them through the single writer (mentions, records, suggestions,
their events and the audit record in one transaction). A capture is linked at most once (the
``linked_captures`` key); one left unlinked by a crash is found again at start and every
``SWEEP_S`` seconds."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict, deque

from sqlalchemy import Connection, Engine, bindparam, func, select, text

from controlroom.contract.events import EventType as E
from controlroom.entities.decide import Candidate, decide
from controlroom.entities.extract import mentions
from controlroom.entities.keys import blocking, mention_keys, surname_count_key
from controlroom.entities.mention import Mention
from controlroom.entities.score import Known
from controlroom.hub.entity_rows import CAPTURES, ENTITIES, KEYS, LINKED, MENTIONS, kept_back, loads
from controlroom.hub.eventlog import EventRow
from controlroom.hub.linkwrite import Plan, write_links
from controlroom.hub.writer import Writer

log = logging.getLogger(__name__)

SWEEP_S = 30.0
BATCH = 50  # captures planned and written together at most
MAX_CANDIDATES = 500  # records sharing a key with one mention
MAX_PROFILE = 40  # a record's newest mentions compared with a new one


def plan(engine: Engine, capture_id: str) -> Plan | None:
    """The decisions for a capture not linked yet (blocking: run in a thread)."""
    with engine.connect() as connection:
        return _plan(connection, capture_id)


def plan_batch(engine: Engine, capture_ids: list[str]) -> tuple[list[Plan], list[str]]:
    """Plans for captures in order, as long as none shares a key with an earlier one (that
    one must see the earlier ones' records: it and those after it are returned to plan once
    these are written)."""
    plans: list[Plan] = []
    taken: set[str] = set()
    with engine.connect() as connection:
        for i, capture_id in enumerate(capture_ids):
            found = _plan(connection, capture_id)
            if found is None:
                continue
            keys = {k for ks in found.keys for k in blocking(ks)}
            if keys & taken:
                return plans, capture_ids[i:]
            taken |= keys
            plans.append(found)
    return plans, []


def _plan(connection: Connection, capture_id: str) -> Plan | None:
    done = connection.execute(
        select(LINKED.c.capture_id).where(LINKED.c.capture_id == capture_id)
    ).first()
    row = connection.execute(select(CAPTURES).where(CAPTURES.c.id == capture_id)).first()
    if done is not None or row is None:
        return None
    found = mentions(row.summary, loads(row.fields))
    marks = [m.attributes["vrm"] for m in found if m.kind == "vehicle"]
    persons = any(m.kind == "person" for m in found)
    people = _count_people(connection) if persons else 0
    total = _person_mentions(connection) if persons else 0
    restricted = kept_back(row.handling_code, row.graded_at)
    result = Plan(capture_id, row.at, restricted, row.revision, found)
    for m in found:
        keys = mention_keys(m)
        if m.kind == "person" and marks:
            m.attributes["vehicles"] = marks
        candidates = _candidates(connection, m.kind, blocking(keys))
        share = _surname_share(connection, m, total) if m.kind == "person" else 0.0
        result.keys.append(keys)
        result.decisions.append(decide(m, candidates, share, people))
    return result


def _count_people(connection: Connection) -> int:
    query = select(func.count()).select_from(ENTITIES)
    return connection.execute(
        query.where(ENTITIES.c.kind == "person", ENTITIES.c.merged_into.is_(None))
    ).scalar_one()


def _person_mentions(connection: Connection) -> int:
    query = select(func.count()).select_from(MENTIONS).where(MENTIONS.c.kind == "person")
    return connection.execute(query).scalar_one()


def _surname_share(connection: Connection, m: Mention, total: int) -> float:
    """How common the mention's surname is among the ``total`` person mentions known."""
    key = surname_count_key(m.attributes)
    if key is None:
        return 1.0
    same = connection.execute(select(func.count()).where(KEYS.c.key == key)).scalar_one()
    return (same + 1) / (total + 100)


# The linker's hot path, written once as SQL: the records sharing a key with a mention and
# their newest mentions (the records as a subquery, never a list of ids sent back).
_PROFILES = text(
    """
    SELECT id, entity_id, attributes, capture_id FROM (
        SELECT m.id, m.entity_id, m.attributes, m.capture_id,
               row_number() OVER (PARTITION BY m.entity_id ORDER BY m.id DESC) AS newest
        FROM mentions m
        WHERE m.entity_id IN (
            SELECT DISTINCT s.entity_id FROM mention_keys k JOIN mentions s ON s.id = k.mention_id
            WHERE k.key IN :keys AND s.kind = :kind AND s.entity_id IS NOT NULL
            LIMIT :records)
    ) ranked WHERE newest <= :profile
    """
).bindparams(bindparam("keys", expanding=True))
_MARKS = text(
    "SELECT capture_id, attributes FROM mentions WHERE kind = 'vehicle' AND capture_id IN :captures"
).bindparams(bindparam("captures", expanding=True))


def _candidates(connection: Connection, kind: str, keys: list[str]) -> list[Candidate]:
    """Known records sharing a key with the mention, each with its newest mentions."""
    if not keys:
        return []
    params = {"keys": keys, "kind": kind, "records": MAX_CANDIDATES, "profile": MAX_PROFILE}
    rows = connection.execute(_PROFILES, params).all()
    captures = {r.capture_id for r in rows}
    marks = _marks_in(connection, captures) if kind == "person" and captures else {}
    profiles: dict[int, list[Known]] = defaultdict(list)
    for r in rows:
        known = Known(r.id, loads(r.attributes), marks.get(r.capture_id, frozenset()))
        profiles[r.entity_id].append(known)
    return [Candidate(entity, known) for entity, known in profiles.items()]


def _marks_in(connection: Connection, captures: set[str]) -> dict[str, frozenset[str]]:
    """The registration marks mentioned in each of these captures."""
    found: dict[str, set[str]] = defaultdict(set)
    for r in connection.execute(_MARKS, {"captures": sorted(captures)}):
        found[r.capture_id].add(loads(r.attributes)["vrm"])
    return {k: frozenset(v) for k, v in found.items()}


def unlinked(engine: Engine, limit: int = 5000) -> list[str]:
    """Captures the linker has not done yet, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(CAPTURES.c.id)
            .outerjoin(LINKED, LINKED.c.capture_id == CAPTURES.c.id)
            .where(LINKED.c.capture_id.is_(None))
            .order_by(CAPTURES.c.received_at)
            .limit(limit)
        )
        return list(rows.scalars())


class Linker:
    """Links queued captures in batches: planned together in one worker thread, written in
    one writer job (one commit), so a busy minute costs a few commits, not one a capture."""

    def __init__(self, engine: Engine, writer: Writer):
        self._engine = engine
        self._writer = writer
        self._waiting: deque[str] = deque()
        self._wake = asyncio.Event()
        self._queued: set[str] = set()
        self.linked = 0
        self.failed = 0

    def health(self) -> dict[str, int]:
        """Captures waiting to be linked (the work in hand included), linked, failed."""
        return {"waiting": len(self._queued), "linked": self.linked, "failed": self.failed}

    def heard(self, row: EventRow) -> None:
        """A broadcaster listener: queue every new capture, and every amended one."""
        if row.type in (E.CAPTURE_CREATED, E.CAPTURE_REVISED):
            self._enqueue(row.subject)

    def _enqueue(self, capture_id: str) -> None:
        if capture_id not in self._queued:
            self._queued.add(capture_id)
            self._waiting.append(capture_id)
            self._wake.set()

    def start(self) -> list[asyncio.Task]:
        return [asyncio.ensure_future(self._work()), asyncio.ensure_future(self._sweep())]

    async def _sweep(self) -> None:
        while True:
            try:
                for capture_id in await asyncio.to_thread(unlinked, self._engine):
                    self._enqueue(capture_id)
            except Exception:
                log.exception("looking for unlinked captures failed")
            await asyncio.sleep(SWEEP_S)

    async def _work(self) -> None:
        while True:
            if not self._waiting:
                self._wake.clear()
                await self._wake.wait()
                continue
            batch = [self._waiting.popleft() for _ in range(min(BATCH, len(self._waiting)))]
            left: list[str] = []
            try:
                left = await self._link_batch(batch)
            except Exception:
                log.exception("linking a batch of %d failed; linking them one by one", len(batch))
                await self._one_by_one(batch)
            self._waiting.extendleft(reversed(left))
            for capture_id in batch[: len(batch) - len(left)]:
                self._queued.discard(capture_id)

    async def _link_batch(self, batch: list[str]) -> list[str]:
        plans, left = await asyncio.to_thread(plan_batch, self._engine, batch)
        if plans:
            jobs = [write_links(p) for p in plans]
            await self._writer.run(lambda tx: [job(tx) for job in jobs])
            self.linked += len(plans)
        return left

    async def _one_by_one(self, batch: list[str]) -> None:
        for capture_id in batch:
            try:
                await self.link(capture_id)
            except Exception:
                self.failed += 1
                log.exception("linking capture %s failed", capture_id)

    async def link(self, capture_id: str) -> None:
        found = await asyncio.to_thread(plan, self._engine, capture_id)
        if found is not None:
            await self._writer.run(write_links(found))
            self.linked += 1
