"""What every section of a proposed pack is read for: the area, the time window (since the team
was last on, to the end of the shift), the shift and the team; and the small things each
section shares (times in words, item text cut to the contract's lengths)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, select

from controlroom.hub.briefing_area import ResolvedArea
from controlroom.localtime import local
from controlroom.store.briefing_tables import BriefingRecord
from controlroom.timeutil import to_iso

BRIEFINGS = BriefingRecord.__table__
DAY_S = 86400.0
LOOKBACK_DAYS = 3.0  # when the team's last shift is not known
MAX_LOOKBACK_DAYS = 7.0  # however long ago the team was last on
TITLE_CHARS, TEXT_CHARS = 200, 4000


@dataclass(frozen=True)
class Window:
    area: ResolvedArea
    since: float  # epoch seconds: when the team was last on
    until: float  # the end of the shift (nothing later is read)
    shift_start: float
    shift_end: float
    callsigns: tuple[str, ...]
    team: str | tuple[str, ...]
    since_why: str  # "the end of the team's last shift (briefing 12)", "a lookback of 3 days"

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.area.bbox

    def in_window(self, at: float) -> bool:
        return self.since <= at <= self.until

    def team_words(self) -> str:
        if isinstance(self.team, str):
            return f"team {self.team}"
        return "callsigns " + ", ".join(self.team)


def last_on(
    connection: Connection, team: str | list[str], shift_start: float
) -> tuple[float, str] | None:
    """The end of the team's last shift before this one, from its last briefing."""
    row = connection.execute(
        select(BRIEFINGS.c.id, BRIEFINGS.c.shift_end)
        .where(
            BRIEFINGS.c.team == orjson.dumps(team).decode(),
            BRIEFINGS.c.shift_end <= shift_start,
        )
        .order_by(BRIEFINGS.c.shift_end.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return float(row.shift_end), f"the end of the team's last shift (briefing {row.id})"


def window_for(
    connection: Connection,
    area: ResolvedArea,
    shift_start: float,
    shift_end: float,
    callsigns: list[str],
    team: str | list[str],
    lookback_days: float,
) -> Window:
    found = last_on(connection, team, shift_start)
    if found is None:
        since, why = shift_start - lookback_days * DAY_S, f"a lookback of {lookback_days:g} days"
    else:
        since, why = max(found[0], shift_start - MAX_LOOKBACK_DAYS * DAY_S), found[1]
    return Window(
        area=area,
        since=since,
        until=shift_end,
        shift_start=shift_start,
        shift_end=shift_end,
        callsigns=tuple(dict.fromkeys(callsigns)),
        team=team if isinstance(team, str) else tuple(team),
        since_why=why,
    )


def when(at: float | None) -> str:
    """A time as the force reads it, "Tue 01 Dec 14:05" (local time): the same words whenever
    the pack is proposed, so a proposal made again compares equal."""
    moment = local(at)
    return moment.strftime("%a %d %b %H:%M") if moment is not None else ""


def iso(at: float | None) -> str | None:
    return to_iso(at)


def title(words: str) -> str:
    words = " ".join(words.split())
    return words if len(words) <= TITLE_CHARS else words[: TITLE_CHARS - 1] + "…"


def body(words: str) -> str:
    return words if len(words) <= TEXT_CHARS else words[: TEXT_CHARS - 1] + "…"


def in_area(window: Window, rows: Sequence[Any], limit: int) -> list[Any]:
    """The rows (with lat and lon) inside the area's outline, at most `limit` of them."""
    placed = [r for r in rows if r.lat is not None]
    inside = window.area.contains_many([r.lat for r in placed], [r.lon for r in placed])
    return [r for r, keep in zip(placed, inside, strict=True) if keep][:limit]
