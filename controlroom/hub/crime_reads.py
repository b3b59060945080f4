"""Reads of the police.uk crimes imported as context (blocking: called in a worker thread):
those in an area, of a month and a type, listed or counted per heat-map cell."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from controlroom.context.crimes import COLUMNS, MONTH
from controlroom.contract import heat as doc
from controlroom.hub.errors import invalid
from controlroom.hub.filters import Bbox
from controlroom.hub.heat_reads import Grid, Heat, counted

LONGEST_TYPE = COLUMNS["Crime type"][1]
MOST_MONTHS = 600  # the newest months a summary lists (fifty years of monthly files)


@dataclass
class CrimeFilter:
    bbox: Bbox | None = None
    month: str | None = None  # the first month, inclusive
    crime_type: str | None = None
    last_month: str | None = None  # the last month, inclusive (the first when one is asked)


def _a_month(text: str) -> str:
    matched = MONTH.fullmatch(text)
    if matched is None or not 1 <= int(matched.group(2)) <= 12:
        raise invalid("month is YYYY-MM, or a range YYYY-MM..YYYY-MM")
    return text


def crime_filter(bbox: Bbox | None, month: str | None, crime_type: str | None) -> CrimeFilter:
    """The filter, or a 422 naming what cannot be asked. ``month`` is one month or a range
    of them, first..last, both included."""
    first = last = None
    if month is not None:
        start, _, end = month.partition("..")
        first, last = _a_month(start), _a_month(end or start)
        if last < first:
            raise invalid("a month range runs from the earlier month to the later")
    if crime_type is not None and not (0 < len(crime_type) <= LONGEST_TYPE):
        raise invalid(f"type is a police.uk crime type of 1 to {LONGEST_TYPE} characters")
    return CrimeFilter(bbox, first, crime_type, last)


def _from(f: CrimeFilter) -> tuple[str, dict[str, Any]]:
    conditions, params = ["c.lat IS NOT NULL"], dict[str, Any]()
    if f.bbox is not None:
        params.update(zip(("west", "south", "east", "north"), f.bbox, strict=True))
        conditions.append("c.lon BETWEEN :west AND :east AND c.lat BETWEEN :south AND :north")
    if f.month is not None:
        params["month"], params["last_month"] = f.month, f.last_month or f.month
        conditions.append("c.month BETWEEN :month AND :last_month")
    if f.crime_type is not None:
        params["crime_type"] = f.crime_type
        conditions.append("c.crime_type = :crime_type")
    return "FROM context_crimes AS c WHERE " + " AND ".join(conditions), params


def crimes(connection: Connection, f: CrimeFilter, limit: int) -> tuple[list[doc.Crime], int]:
    """The newest `limit` crimes placed on the map that match, and how many match in all."""
    source, params = _from(f)
    total = connection.execute(text(f"SELECT count(*) {source}"), params).scalar_one()
    rows = connection.execute(
        text(
            "SELECT c.key, c.crime_id, c.month, c.crime_type, c.lat, c.lon, c.location, "
            f"c.lsoa_name, c.outcome, c.context {source} ORDER BY c.month DESC, c.key LIMIT :n"
        ),
        {**params, "n": limit},
    )
    found = [
        doc.Crime(
            key=r.key,
            crime_id=r.crime_id,
            month=r.month,
            type=r.crime_type,
            lat=r.lat,
            lon=r.lon,
            location=r.location,
            lsoa_name=r.lsoa_name,
            outcome=r.outcome,
            context=r.context,
        )  # fmt: skip
        for r in rows
    ]
    return found, int(total)


def crime_heat(connection: Connection, f: CrimeFilter, grid: Grid) -> Heat:
    source, params = _from(f)
    return counted(connection, source, params, grid, "c")


def crime_summary(connection: Connection) -> doc.CrimeSummary:
    """What the context layer holds: its months and each crime type with how many."""
    rows = connection.execute(
        text(
            "SELECT crime_type, count(*) AS n, min(month) AS first, max(month) AS last"
            " FROM context_crimes GROUP BY crime_type ORDER BY crime_type"
        )
    ).all()
    months = connection.execute(
        text("SELECT DISTINCT month FROM context_crimes ORDER BY month DESC LIMIT :n"),
        {"n": MOST_MONTHS},
    ).scalars()
    return doc.CrimeSummary(
        categories={r.crime_type: int(r.n) for r in rows},
        first_month=min((r.first for r in rows), default=None),
        last_month=max((r.last for r in rows), default=None),
        months=sorted(months),
    )
