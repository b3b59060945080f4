"""Publishing a pack: the draft becomes version N+1, stored whole and never changed; every unit
of the team gets ``briefing.published`` on its stream with what was added, changed and
withdrawn against version N (and one ``briefing.item_withdrawn`` per item withdrawn);
workstations get one copy of each; task items assigned to a callsign become hub tasks. All of
it in the one transaction of the writer's job: a publish is stored whole or not at all."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from controlroom.contract.briefings import BriefingItem, BriefingItemWithdrawn, BriefingPublished
from controlroom.contract.events import EventType as E
from controlroom.hub.briefing_reads import (
    BRIEFINGS,
    VERSIONS,
    briefing_row,
    callsigns_of,
    encode,
    items_from,
    team_from,
    version_row,
)
from controlroom.hub.briefing_tasks import with_tasks
from controlroom.hub.errors import ApiError
from controlroom.hub.eventlog import event
from controlroom.hub.writer import Tx
from controlroom.store.schema import Unit
from controlroom.timeutil import now, to_iso

UNITS = Unit.__table__


def diff(before: list[BriefingItem], after: list[BriefingItem]) -> dict[str, list[str]]:
    """Item ids added, changed and withdrawn from ``before`` to ``after``."""
    old = {item.id: encode(item) for item in before}
    new = {item.id: encode(item) for item in after}
    return {
        "added": [i for i in new if i not in old],
        "changed": [i for i in new if i in old and new[i] != old[i]],
        "withdrawn": [i for i in old if i not in new],
    }


def notice(version: int, changes: dict[str, list[str]]) -> str:
    if version == 1:
        return "New briefing: read it before you go out"
    said = [f"{len(ids)} {what}" for what, ids in changes.items() if ids]
    return f"Briefing updated to version {version}: " + (", ".join(said) or "no changes")


def publish(briefing_id: int, actor: str, client: str):
    """The writer's job for ``POST /briefings/{id}/publish``: returns the version."""

    def job(tx: Tx) -> dict:
        row = briefing_row(tx.connection, briefing_id)
        at, version = now(), row.version + 1
        claimed = tx.execute(  # another hub on the same store may publish or edit it meanwhile
            update(BRIEFINGS)
            .where(
                BRIEFINGS.c.id == row.id,
                BRIEFINGS.c.version == row.version,
                BRIEFINGS.c.edits == row.edits,
            )
            .values(version=version, updated_at=at)
        )
        if claimed.rowcount != 1:
            raise ApiError(409, "conflict", f"briefing {row.id} changed meanwhile: publish again")
        before = _published_items(tx, row)
        items = with_tasks(tx, row.id, version, items_from(row.items), actor, client)
        callsigns = callsigns_of(tx.connection, team_from(row.team))
        tx.execute(
            insert(VERSIONS).values(
                briefing_id=row.id, version=version, title=row.title,
                shift_start=row.shift_start, shift_end=row.shift_end, marking=row.marking,
                items=encode(items).decode(), callsigns=encode(callsigns).decode(),
                published_by=actor, published_at=at,
            )
        )  # fmt: skip
        tx.execute(
            update(BRIEFINGS).where(BRIEFINGS.c.id == row.id).values(items=encode(items).decode())
        )
        changes = diff(before, items)
        published = BriefingPublished(
            id=row.id, version=version, title=row.title, shift_start=to_iso(row.shift_start) or "",
            shift_end=to_iso(row.shift_end) or "", items=items, published_at=to_iso(at) or "",
            marking=row.marking, notice=notice(version, changes), **changes,
        )  # fmt: skip
        out = set(changes["withdrawn"])
        withdrawn = [_withdrawn(row.id, version, item) for item in before if item.id in out]
        for unit_id in [None, *_unit_ids(tx, callsigns)]:
            tx.emit(event(E.BRIEFING_PUBLISHED, row.id, published, at, to_unit=unit_id))
            for gone in withdrawn:
                tx.emit(event(E.BRIEFING_ITEM_WITHDRAWN, row.id, gone, at, to_unit=unit_id))
        detail = {"version": version, "callsigns": callsigns, "items": len(items), **changes}
        tx.audit(actor, "briefing.publish", f"briefing:{row.id}", client, detail)
        return {"id": row.id, "version": version, "callsigns": callsigns, **changes}

    return job


def _withdrawn(briefing_id: int, version: int, item: BriefingItem) -> BriefingItemWithdrawn:
    return BriefingItemWithdrawn(
        id=briefing_id,
        version=version,
        item_id=item.id,
        title=item.title,
        reason=f"withdrawn from the briefing in version {version}",
    )


def _unit_ids(tx: Tx, callsigns: list[str]) -> list[int]:
    if not callsigns:
        return []
    query = select(UNITS.c.id).where(UNITS.c.callsign.in_(callsigns)).order_by(UNITS.c.id)
    return list(tx.execute(query).scalars())


def _published_items(tx: Tx, row: Any) -> list[BriefingItem]:
    """The items of the version last published (none before the first)."""
    if not row.version:
        return []
    return items_from(version_row(tx.connection, row.id, row.version).items)
