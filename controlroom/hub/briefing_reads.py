"""Reading briefings from the store: a pack as the desk sees it (draft, or a published
version), the packs a device may read, receipts, and who a team is. Every function takes a
connection (the writer's, or a reader's in a worker thread)."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import Connection, select

from controlroom.contract.briefings import (
    Briefing,
    BriefingArea,
    BriefingItem,
    BriefingReceipt,
    DeviceBriefing,
)
from controlroom.hub.errors import not_found
from controlroom.store.briefing_tables import (
    BriefingReceiptRecord,
    BriefingRecord,
    BriefingVersion,
)
from controlroom.store.schema import Unit
from controlroom.timeutil import to_iso

BRIEFINGS = BriefingRecord.__table__
VERSIONS = BriefingVersion.__table__
RECEIPTS = BriefingReceiptRecord.__table__
UNITS = Unit.__table__
DEVICE_PACKS = 50  # the newest packs a device is given

_items = msgspec.json.Decoder(list[BriefingItem])
_area = msgspec.json.Decoder(BriefingArea)
_strings = msgspec.json.Decoder(list[str])
_team = msgspec.json.Decoder(str | list[str])
encode = msgspec.json.Encoder().encode


def items_from(text: str) -> list[BriefingItem]:
    return _items.decode(text)


def team_from(text: str) -> str | list[str]:
    return _team.decode(text)


def briefing_row(connection: Connection, briefing_id: int) -> Any:
    row = connection.execute(select(BRIEFINGS).where(BRIEFINGS.c.id == briefing_id)).first()
    if row is None:
        raise not_found(f"no briefing {briefing_id}")
    return row


def version_row(connection: Connection, briefing_id: int, version: int) -> Any:
    row = connection.execute(
        select(VERSIONS).where(VERSIONS.c.briefing_id == briefing_id, VERSIONS.c.version == version)
    ).first()
    if row is None:
        raise not_found(f"briefing {briefing_id} has no version {version}")
    return row


def callsigns_of(connection: Connection, team: str | list[str]) -> list[str]:
    """The units a team is now: those whose team is the name (set by ``register-device
    --team`` or a TAK client's group), or the callsigns named."""
    if isinstance(team, list):
        return list(team)
    rows = connection.execute(
        select(UNITS.c.callsign).where(UNITS.c.team == team).order_by(UNITS.c.callsign)
    )
    return list(rows.scalars())


def briefing_doc(connection: Connection, row: Any, version: int | None = None) -> Briefing:
    """The pack: its draft (``version`` None), or a published version whole."""
    team = team_from(row.team)
    common = dict(
        id=row.id,
        area=_area.decode(row.area),
        team=team,
        created_by=row.created_by,
        created_at=to_iso(row.created_at) or "",
    )
    if version is None:
        latest = version_row(connection, row.id, row.version) if row.version else None
        return Briefing(
            **common,
            title=row.title,
            shift_start=to_iso(row.shift_start) or "",
            shift_end=to_iso(row.shift_end) or "",
            callsigns=callsigns_of(connection, team),
            version=row.version,
            state="published" if row.version else "draft",
            items=items_from(row.items),
            marking=row.marking,
            published_by=latest.published_by if latest else None,
            published_at=to_iso(latest.published_at) if latest else None,
        )
    published = version_row(connection, row.id, version)
    return Briefing(
        **common,
        title=published.title,
        shift_start=to_iso(published.shift_start) or "",
        shift_end=to_iso(published.shift_end) or "",
        callsigns=_strings.decode(published.callsigns),
        version=version,
        state="published",
        items=items_from(published.items),
        marking=published.marking,
        published_by=published.published_by,
        published_at=to_iso(published.published_at),
    )


def briefing_list(connection: Connection, limit: int = 200) -> list[dict]:
    """Packs, newest first: what the desk lists (not their items)."""
    rows = connection.execute(
        select(BRIEFINGS, VERSIONS.c.published_at)
        .outerjoin(
            VERSIONS,
            (VERSIONS.c.briefing_id == BRIEFINGS.c.id)
            & (VERSIONS.c.version == BRIEFINGS.c.version),
        )
        .order_by(BRIEFINGS.c.id.desc())
        .limit(limit)
    )
    return [
        {
            "id": r.id,
            "title": r.title,
            "team": team_from(r.team),
            "callsigns": callsigns_of(connection, team_from(r.team)),
            "shift_start": to_iso(r.shift_start),
            "shift_end": to_iso(r.shift_end),
            "version": r.version,
            "state": "published" if r.version else "draft",
            "items": len(items_from(r.items)),
            "published_at": to_iso(r.published_at),
            "created_by": r.created_by,
            "updated_at": to_iso(r.updated_at),
        }
        for r in rows
    ]


def device_doc(published: Any) -> DeviceBriefing:
    return DeviceBriefing(
        id=published.briefing_id,
        version=published.version,
        title=published.title,
        shift_start=to_iso(published.shift_start) or "",
        shift_end=to_iso(published.shift_end) or "",
        items=items_from(published.items),
        published_at=to_iso(published.published_at) or "",
        marking=published.marking,
    )


def in_audience(connection: Connection, row: Any, callsign: str, team: str | None) -> bool:
    """Whether a unit may read a published pack: its team is the pack's, or its callsign was
    one the latest version went to (or is named in the pack's team)."""
    if not row.version:
        return False
    pack_team = team_from(row.team)
    if isinstance(pack_team, str) and team is not None and pack_team == team:
        return True
    if isinstance(pack_team, list) and callsign in pack_team:
        return True
    latest = version_row(connection, row.id, row.version)
    return callsign in _strings.decode(latest.callsigns)


def device_briefings(connection: Connection, callsign: str) -> list[DeviceBriefing]:
    """The current version of every pack this unit is in, newest first."""
    team = connection.execute(select(UNITS.c.team).where(UNITS.c.callsign == callsign)).scalar()
    rows = connection.execute(
        select(BRIEFINGS).where(BRIEFINGS.c.version > 0).order_by(BRIEFINGS.c.id.desc())
    )
    found = []
    for row in rows:
        if in_audience(connection, row, callsign, team):
            found.append(device_doc(version_row(connection, row.id, row.version)))
            if len(found) == DEVICE_PACKS:
                break
    return found


def receipts(connection: Connection, briefing_id: int) -> list[BriefingReceipt]:
    rows = connection.execute(
        select(RECEIPTS)
        .where(RECEIPTS.c.briefing_id == briefing_id)
        .order_by(RECEIPTS.c.callsign, RECEIPTS.c.version)
    )
    return [
        BriefingReceipt(
            callsign=r.callsign,
            version=r.version,
            read_at=to_iso(r.read_at) or "",
            items_acknowledged=_strings.decode(r.items),
        )
        for r in rows
    ]
