"""What the hub proposes for a pack: for a shift, an area and a team, the items a sergeant starts
from, in the briefing's sections (IIMARCH, then people, vehicles and places of interest).

From the store: incidents in the area since the team was last on (the end of its last
briefed shift, else a lookback of `lookback_days`), intelligence graded in the area best graded
first (as its sanitised text alone: nothing of a C capture but that text leaves the hub),
people and vehicles with a marker that holds and that were seen in the area, the addresses of
wanted, missing and bailed people to visit, the hotspots of the area and the open tasks of the
team's callsigns; and the intent, administration, communications, risk and humanitarian items
made from them. Every section is bounded, and each read asks the area's box first (blocking:
run it in a worker thread)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from controlroom.contract.briefings import SECTIONS, BriefingArea, BriefingItem
from controlroom.hub import briefing_people, briefing_sources, briefing_starters
from controlroom.hub.briefing_area import AreaError, UnknownDistrict, area_outline, resolve
from controlroom.hub.briefing_hotspots import hotspot_items, hotspots
from controlroom.hub.briefing_markers import Record
from controlroom.hub.briefing_window import LOOKBACK_DAYS, Window, window_for
from controlroom.timeutil import from_datetime

__all__ = ["AreaError", "UnknownDistrict", "area_outline", "propose", "window_of", "items_for"]


def window_of(
    connection: Connection,
    area: BriefingArea,
    shift_start: datetime | float,
    shift_end: datetime | float,
    callsigns: list[str],
    team: str | list[str],
    lookback_days: float = LOOKBACK_DAYS,
) -> Window:
    """The area and time window a pack is read for (the shift as datetimes with their zone, or
    epoch seconds); AreaError for an area the hub cannot brief for, ValueError for a shift that
    ends before it starts."""
    start, end = _epoch(shift_start), _epoch(shift_end)
    if end <= start:
        raise ValueError("the shift must end after it starts")
    if not 0 < lookback_days <= 31:
        raise ValueError("the lookback is between 0 and 31 days")
    return window_for(connection, resolve(area), start, end, callsigns, team, lookback_days)


def _epoch(moment: datetime | float) -> float:
    return from_datetime(moment) if isinstance(moment, datetime) else float(moment)


def propose(
    connection: Connection,
    area: BriefingArea,
    shift_start: datetime | float,
    shift_end: datetime | float,
    callsigns: list[str],
    team: str | list[str],
    lookback_days: float = LOOKBACK_DAYS,
) -> list[BriefingItem]:
    """The proposed items, in section order."""
    window = window_of(connection, area, shift_start, shift_end, callsigns, team, lookback_days)
    return items_for(connection, window)


def items_for(
    connection: Connection, window: Window, found: dict[int, Record] | None = None
) -> list[BriefingItem]:
    """The items for a window; `found`: the records of interest, when already read."""
    if found is None:
        found = briefing_people.of_interest(connection, window)
    pack = [
        *briefing_sources.incidents(connection, window),
        *briefing_sources.intelligence(connection, window),
        *hotspot_items(window, hotspots(connection, window)),
        *briefing_sources.tasks(connection, window),
        *briefing_people.items(connection, window, found),
    ]
    starters = [
        briefing_starters.intent(window, pack),
        briefing_starters.administration(connection, window),
        briefing_starters.communications(connection, window),
        briefing_starters.risk(connection, window, pack),
        briefing_starters.humanitarian(window, pack),
    ]
    every = {item.id: item for item in reversed([*pack, *(s for s in starters if s)])}
    order = {section: i for i, section in enumerate(SECTIONS)}
    # one item per source (the first made), each section in the order it was made
    return sorted(reversed(every.values()), key=lambda item: order[item.section])
