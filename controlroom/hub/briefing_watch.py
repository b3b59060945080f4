"""The briefing watcher: keeps published packs current all shift. After an event that can change
what a pack says (a capture linked, graded or amended, a record merged or split, an incident
closed or re-graded, a task updated, a pack published), and every SWEEP_S seconds besides, it
works out the offers for every published pack whose shift has not ended
(controlroom.hub.briefing_offers) in a worker thread, and writes each new one through the
single writer: one ``briefing.offered`` event and one audit record per offer. An offer already
made for the version in force (the audit holds every one, by pack) is not made again, and the
check is made in the writer's own transaction with the pack's row locked, so two hub processes
do not both make it."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

import orjson
from sqlalchemy import Connection, Engine, select

from controlroom.contract.briefings import BriefingOffer
from controlroom.contract.events import EventType as E
from controlroom.hub.briefing_offers import offers
from controlroom.hub.briefing_reads import BRIEFINGS, briefing_doc, items_from, version_row
from controlroom.hub.briefings import offer
from controlroom.hub.eventlog import EventRow
from controlroom.hub.writer import ServiceUnavailable, Tx, Writer
from controlroom.store.schema import AuditRecord
from controlroom.timeutil import now

log = logging.getLogger(__name__)

AUDIT = AuditRecord.__table__
WATCHER = "hub:briefings"
SETTLE_S = 0.5  # a burst of events (a batch of captures linked) is answered once
CHECK_GAP_S = 5.0  # and checks are this far apart at the least, however busy the hub
SWEEP_S = 120.0
MOST_PACKS = 50  # published packs followed at once (the newest)
RELEVANT = frozenset(
    {
        E.CAPTURE_LINKED,
        E.CAPTURE_GRADED,
        E.CAPTURE_REVISED,
        E.CAPTURE_WITHDRAWN,
        E.CAPTURE_RELEASED,
        E.ENTITY_DECIDED,
        E.ENTITY_MERGED,
        E.ENTITY_SPLIT,
        E.INCIDENT_CLOSED,
        E.INCIDENT_REGRADED,
        E.TASK_UPDATED,
        E.BRIEFING_PUBLISHED,
    }
)


@dataclass
class PackOffers:
    briefing_id: int
    version: int
    published_at: float
    offers: list[BriefingOffer]


def live_packs(connection: Connection, at: float) -> list[int]:
    rows = connection.execute(
        select(BRIEFINGS.c.id)
        .where(BRIEFINGS.c.version > 0, BRIEFINGS.c.shift_end > at)
        .order_by(BRIEFINGS.c.id.desc())
        .limit(MOST_PACKS)
    )
    return list(rows.scalars())


def pending(engine: Engine) -> list[PackOffers]:
    """The offers for every published pack whose shift has not ended (blocking)."""
    found = []
    with engine.connect() as connection:
        for briefing_id in live_packs(connection, now()):
            row = connection.execute(select(BRIEFINGS).where(BRIEFINGS.c.id == briefing_id)).one()
            published = version_row(connection, row.id, row.version)
            pack = briefing_doc(connection, row, row.version)
            made = offers(connection, pack, items_from(published.items))
            if made:
                found.append(PackOffers(row.id, row.version, published.published_at, made))
    return found


def _made(tx: Tx, pack: PackOffers) -> set[tuple]:
    """The offers already made for the version in force, as (change, item, reason)."""
    rows = tx.execute(
        select(AUDIT.c.detail).where(
            AUDIT.c.target == f"briefing:{pack.briefing_id}",
            AUDIT.c.action == "briefing.offer",
            AUDIT.c.at >= pack.published_at,
        )
    ).scalars()
    said = [orjson.loads(d) for d in rows]
    return {(d.get("change"), d.get("item"), d.get("reason")) for d in said}


def offer_new(pack: PackOffers):
    """The writer's job: each offer not made before for this version (none if the pack has
    been published again since they were worked out). Returns how many were made."""

    def job(tx: Tx) -> int:
        # The pack's row is locked while the offers made are read and added to, so another
        # hub's watcher making the same offer waits and then finds it made.
        version = tx.execute(
            select(BRIEFINGS.c.version).where(BRIEFINGS.c.id == pack.briefing_id).with_for_update()
        ).scalar()
        if version != pack.version:
            return 0
        made = _made(tx, pack)
        count = 0
        for change in pack.offers:
            key = (change.change, change.item_id, change.reason)
            if key not in made:
                offer(change, WATCHER, WATCHER)(tx)
                made.add(key)
                count += 1
        return count

    return job


class BriefingWatcher:
    def __init__(self, engine: Engine, writer: Writer):
        self._engine = engine
        self._writer = writer
        self._wake = asyncio.Event()
        self.offered = 0
        self.checks = 0

    def heard(self, row: EventRow) -> None:
        """A broadcaster listener: wake on what can change a pack."""
        if row.type in RELEVANT:
            self._wake.set()

    def start(self) -> list[asyncio.Task]:
        return [asyncio.ensure_future(self._work())]

    async def _work(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), SWEEP_S)
                await asyncio.sleep(SETTLE_S)
            except TimeoutError:
                pass
            self._wake.clear()
            started = time.monotonic()
            try:
                await self.check()
            except ServiceUnavailable as exc:
                log.warning("offering briefing changes failed: %s", exc)
            except Exception:
                log.exception("offering briefing changes failed")
            await asyncio.sleep(max(0.0, CHECK_GAP_S - (time.monotonic() - started)))

    async def check(self) -> int:
        """Work out and make the new offers now; returns how many were made."""
        count = 0
        for pack in await asyncio.to_thread(pending, self._engine):
            count += await self._writer.run(offer_new(pack))
        self.checks += 1
        self.offered += count
        return count
