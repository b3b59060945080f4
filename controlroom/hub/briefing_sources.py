"""The pack's items read straight from the store: incidents in the area since the team was last
on, intelligence graded in the area (best graded first, as its sanitised text alone) and the
open tasks of the team's callsigns. Each read is bounded and asked of the area's box first."""

from __future__ import annotations

from sqlalchemy import Connection, and_, case, or_, select

from controlroom.contract.briefings import BriefingItem
from controlroom.grading import written
from controlroom.hub.briefing_window import DAY_S, Window, body, in_area, iso, title, when
from controlroom.store.schema import Capture, Incident, Task, Unit
from controlroom.vocabulary import OPEN_TASK_STATES

CAPTURES, INCIDENTS, TASKS, UNITS = (
    Capture.__table__,
    Incident.__table__,
    Task.__table__,
    Unit.__table__,
)
MOST_INCIDENTS, MOST_INTELLIGENCE, MOST_TASKS = 30, 20, 30
OVER_READ = 4  # rows read from the box for each kept inside the outline
INCIDENT_KEPT_S = DAY_S  # an incident is worth reading out until a day after it closed
INTELLIGENCE_KEPT_S = 7 * DAY_S  # graded intelligence, for a week after it was captured
GRADE_ORDER = {"immediate": 0, "priority": 1, "scheduled": 2, "resolution": 3}


def _in_box(table, window: Window) -> list:
    west, south, east, north = window.bbox
    return [table.c.lon.between(west, east), table.c.lat.between(south, north)]


def incidents(connection: Connection, window: Window) -> list[BriefingItem]:
    """Incidents raised in the window, and any still open that were raised before it; open
    ones first, then by grade, newest first."""
    raised = INCIDENTS.c.raised_at
    rows = connection.execute(
        select(INCIDENTS)
        .where(
            *_in_box(INCIDENTS, window),
            raised <= window.until,
            or_(raised >= window.since, INCIDENTS.c.status == "open"),
        )
        .order_by(case((INCIDENTS.c.status == "open", 0), else_=1), raised.desc())
        .limit(MOST_INCIDENTS * OVER_READ)
    ).all()
    kept = in_area(window, rows, MOST_INCIDENTS * OVER_READ)
    kept.sort(key=lambda r: (r.status != "open", GRADE_ORDER.get(r.grade, 9), -r.raised_at))
    return [incident_item(r, window) for r in kept[:MOST_INCIDENTS]]


def incident_item(row, window: Window) -> BriefingItem:
    closed = row.closed_at if row.status == "closed" else None
    state = f"closed {when(closed)}" if closed is not None else "still open"
    place = f" at {row.location_text}" if row.location_text else ""
    return BriefingItem(
        id=f"incident:{row.id}",
        section="information",
        kind="incident",
        title=title(f"{row.grade.capitalize()}: {row.summary}"),
        text=body(f"Raised {when(row.raised_at)}{place} by {row.raised_by}; {state}."),
        source=f"incident {row.id}",
        ref=str(row.id),
        expires_at=iso(closed + INCIDENT_KEPT_S if closed is not None else window.shift_end),
        lat=row.lat,
        lon=row.lon,
        proposed=True,
    )


def intelligence(connection: Connection, window: Window) -> list[BriefingItem]:
    """Captures an analyst graded, made in the area in the window: A before B before C...,
    then source 1 before 2 before 3, newest first. Only the sanitised text is read: it is all
    of a graded capture that reaches anyone not cleared for C (the sergeant, the devices)."""
    c = CAPTURES.c
    rows = connection.execute(
        select(
            c.id,
            c.kind,
            c.at,
            c.lat,
            c.lon,
            c.grade_source,
            c.grade_intelligence,
            c.handling_code,
            c.sanitised_text,
            c.graded_at,
        )
        .where(
            *_in_box(CAPTURES, window),
            c.at.between(window.since, window.until),
            c.graded_at.is_not(None),
            c.handling_code.in_(("P", "C")),
            c.sanitised_text != "",
        )
        .order_by(c.grade_intelligence, c.grade_source, c.at.desc())
        .limit(MOST_INTELLIGENCE * OVER_READ)
    ).all()
    return [intelligence_item(r) for r in in_area(window, rows, MOST_INTELLIGENCE)]


def intelligence_item(row) -> BriefingItem:
    code = written(row.grade_source, row.grade_intelligence, row.handling_code)
    restricted = row.handling_code == "C"
    return BriefingItem(
        id=f"capture:{row.id}",
        section="information",
        kind="intelligence",
        title=title(f"Intelligence {code}: {row.sanitised_text}"),
        text=body(row.sanitised_text),
        source=f"capture {row.id[:8]} graded {code}",
        ref=row.id,
        code=code,
        handling_code=row.handling_code,
        expires_at=iso(row.at + INTELLIGENCE_KEPT_S),
        # where a C source was is part of the C material: the sanitised text alone goes out
        lat=None if restricted else row.lat,
        lon=None if restricted else row.lon,
        proposed=True,
    )


def tasks(connection: Connection, window: Window) -> list[BriefingItem]:
    """Tasks the team's callsigns hold that are not finished, oldest first."""
    if not window.callsigns:
        return []
    rows = connection.execute(
        select(TASKS, UNITS.c.callsign, INCIDENTS.c.summary, INCIDENTS.c.lat, INCIDENTS.c.lon)
        .join(UNITS, UNITS.c.id == TASKS.c.unit_id)
        .outerjoin(INCIDENTS, INCIDENTS.c.id == TASKS.c.incident_id)
        .where(and_(UNITS.c.callsign.in_(window.callsigns), TASKS.c.state.in_(OPEN_TASK_STATES)))
        .order_by(TASKS.c.created_at, TASKS.c.id)
        .limit(MOST_TASKS)
    ).all()
    return [task_item(r, window) for r in rows]


def task_item(row, window: Window) -> BriefingItem:
    what = row.note or (row.summary or "")
    about = f" (incident {row.incident_id})" if row.incident_id else ""
    return BriefingItem(
        id=f"task:{row.id}",
        section="method",
        kind="task",
        title=title(f"{row.callsign}: {row.kind} {what}".strip() + about),
        text=body(
            f"Set by {row.created_by} {when(row.created_at)}; {row.state.replace('_', ' ')}."
        ),
        source=f"task {row.id}",
        ref=str(row.id),
        # not assigned_to: publishing makes a hub task of an assigned item, and this one is one
        expires_at=iso(window.shift_end),
        lat=row.lat,
        lon=row.lon,
        proposed=True,
    )
