"""Markers on people and vehicles, as the force's captures record them.

The store has no marker table: a marker is what the latest PNC check on a record said (the
``result`` of a ``person_check`` or ``vehicle_check``: "Wanted on warrant", "Missing person",
"On bail - conditions apply", "Of interest - intel marker", "Stolen marker"). The latest check
replaces what an earlier one said, and a later capture can end a marker: a stop and search of
the person ending in arrest, or an officer's account saying they were arrested or found, or
the vehicle recovered. Only captures an officer not cleared for C may read in full are read
(a graded capture's fields never reach the pack). Each record's state is worked out from its
mentions in time order (blocking: called in a worker thread)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, case, func, or_, select

from controlroom.hub.briefing_window import DAY_S, when
from controlroom.hub.entity_rows import CAPTURES, MENTIONS, loads, open_capture
from controlroom.store.schema import Unit

UNITS = Unit.__table__
MARKER_DAYS = 28.0  # a check older than this is not read for markers
CHUNK = 500
MOST_ROWS = 60  # mentions of one record read
MOST_CHECKS = 100_000  # checks read for markers
MOST_SIGHTINGS = 50_000  # mentions of people and vehicles read from the area's captures

PERSON_MARKERS = (
    ("wanted", re.compile(r"\bwanted\b|\bon warrant\b|\bfailed to appear\b", re.I)),
    ("missing", re.compile(r"\bmissing person\b|\breported missing\b", re.I)),
    ("bail", re.compile(r"\bbail\b", re.I)),
    ("interest", re.compile(r"\bintel marker\b|\bof interest\b", re.I)),
)
VEHICLE_MARKERS = (
    ("stolen", re.compile(r"\bstolen\b", re.I)),
    ("interest", re.compile(r"\bintel marker\b|\bof interest\b", re.I)),
)
MARKERS = {"person": PERSON_MARKERS, "vehicle": VEHICLE_MARKERS}
WORDS = {
    "wanted": "Wanted",
    "missing": "Missing",
    "bail": "On bail",
    "interest": "Of interest",
    "stolen": "Stolen",
}
# In an officer's own account (not intelligence, which tells of the past as often as not).
ENDED_BY_TEXT = {
    "wanted": (
        re.compile(r"\barrested\b|\bin custody\b|\bwarrant (?:executed|served)\b", re.I),
        "arrested",
    ),
    "missing": (
        re.compile(
            r"\bfound (?:safe|well)\b|\blocated\b|\breturned (?:home|safe)\b|\bno longer missing\b",
            re.I,
        ),
        "found",
    ),
    "stolen": (re.compile(r"\brecovered\b", re.I), "recovered"),
}
ACCOUNT_KINDS = ("incident_report", "note", "person_check", "vehicle_check", "stop_search")
CHECKED = {"person_check": "person", "vehicle_check": "vehicle"}  # the path of the checked one
MARKED_WORDS = (
    "wanted",
    "warrant",
    "missing person",
    "bail",
    "intel marker",
    "of interest",
    "stolen",
)


@dataclass
class Marker:
    kind: str
    said: str  # the check's words
    capture_id: str
    at: float
    by: str  # the callsign that made the check
    ended: str = ""  # why it no longer holds ("" while it does)
    ended_at: float | None = None

    @property
    def holds(self) -> bool:
        return not self.ended


@dataclass
class Record:
    """A person or vehicle record as the pack sees it: its mentions in readable captures, in
    time order, and its markers (ended ones kept, with why)."""

    entity_id: int
    kind: str
    rows: list[Any] = field(default_factory=list)
    markers: dict[str, Marker] = field(default_factory=dict)
    sightings: list[Any] = field(default_factory=list)  # inside the area, newest first

    def live(self) -> list[Marker]:
        return [m for m in self.markers.values() if m.holds]


def marked_records(connection: Connection, since: float, until: float) -> dict[int, str]:
    """Records whose latest check in the window gave a marker, by kind: every check of the
    window is read in time order, its fields only where the store finds a marker's words in
    them (a later check without one means the marker has gone)."""
    c, m = CAPTURES.c, MENTIONS.c
    if connection.dialect.name == "postgresql":  # one case-blind pass, not a LIKE per word
        marked = c.fields.regexp_match("|".join(MARKED_WORDS), flags="i")
    else:
        said = func.lower(c.fields)
        marked = or_(*(said.like(f"%{w}%") for w in MARKED_WORDS))
    rows: list[Any] = []
    for checked, checks in CHECKED.items():  # one kind each: the store walks (kind, at)
        rows += connection.execute(
            select(m.entity_id, m.kind, c.at, case((marked, c.fields)))
            .join(CAPTURES, CAPTURES.c.id == m.capture_id)
            .where(
                c.kind == checked,
                c.at.between(since, until),
                open_capture(),
                m.entity_id.is_not(None),
                m.kind == checks,
                m.path == checks,
            )
            .limit(MOST_CHECKS)
        ).all()
    rows.sort(key=lambda r: r.at)
    latest: dict[int, tuple[str, bool]] = {}
    for entity_id, kind, _, fields in rows:
        result = (loads(fields) or {}).get("result") if fields else None
        latest[entity_id] = (kind, isinstance(result, str) and bool(_markers_in(kind, result)))
    return {entity_id: kind for entity_id, (kind, holds) in latest.items() if holds}


def records(connection: Connection, kinds: dict[int, str], until: float) -> dict[int, Record]:
    """Each record's readable mentions up to `until` (back to MARKER_DAYS before it), with its
    markers worked out."""
    out = {entity_id: Record(entity_id, kind) for entity_id, kind in kinds.items()}
    ids = sorted(out)
    for start in range(0, len(ids), CHUNK):
        for r in _mentions(
            connection, ids[start : start + CHUNK], until - MARKER_DAYS * DAY_S, until
        ):
            out[r.entity_id].rows.append(r)
    for record in out.values():
        record.rows.sort(key=lambda r: (r.at, r.mention_id))
        record.markers = markers_of(record)
    return out


def _mentions(connection: Connection, ids: list[int], since: float, until: float) -> Sequence[Any]:
    """The newest MOST_ROWS mentions of each record in the window that the reader may see
    (what a record is known by and what its latest checks said: a record seen more often
    than that in four weeks is known well enough by its newest). The newest are picked from
    the mentions alone, before any capture is read."""
    c, m = CAPTURES.c, MENTIONS.c
    order = (m.at.desc(), m.id.desc())
    ranked = (
        select(m.id, func.row_number().over(partition_by=m.entity_id, order_by=order).label("n"))
        .where(m.entity_id.in_(ids), m.at.between(since, until))
        .subquery()
    )
    return connection.execute(
        select(
            m.id.label("mention_id"),
            m.entity_id,
            m.kind,
            m.path,
            m.ordinal,
            m.attributes,
            c.id.label("capture_id"),
            c.kind.label("capture_kind"),
            c.at,
            c.lat,
            c.lon,
            c.summary,
            c.fields,
            c.handling_code,
            UNITS.c.callsign,
        )
        .select_from(ranked)
        .join(MENTIONS, MENTIONS.c.id == ranked.c.id)
        .join(CAPTURES, CAPTURES.c.id == m.capture_id)
        .join(UNITS, UNITS.c.id == CAPTURES.c.unit_id)
        .where(ranked.c.n <= MOST_ROWS, open_capture())
    ).all()


def _markers_in(kind: str, said: str) -> list[str]:
    return [name for name, pattern in MARKERS.get(kind, ()) if pattern.search(said)]


def markers_of(record: Record) -> dict[str, Marker]:
    """What the record's captures, read in time order, leave marked (and what ended)."""
    found: dict[str, Marker] = {}
    for r in record.rows:
        fields = loads(r.fields) or {}
        if CHECKED.get(r.capture_kind) == r.path == record.kind:
            _checked(found, r, fields)
        elif r.capture_kind == "stop_search" and r.path == "person" and _arrested(fields):
            _end(
                found,
                "wanted",
                f"arrested on a stop and search by {r.callsign} {when(r.at)}",
                r.at,
            )
        if r.capture_kind in ACCOUNT_KINDS:
            _ended_by_account(found, r, fields)
    return found


def _arrested(fields: dict) -> bool:
    return str(fields.get("outcome", "")).casefold() == "arrest"


def _checked(found: dict[str, Marker], r: Any, fields: dict) -> None:
    """The latest PNC check says what holds now: markers it no longer gives have ended."""
    said = fields.get("result")
    if not isinstance(said, str):
        return
    now = _markers_in(r.kind, said)
    for name in [n for n, marker in found.items() if marker.holds and n not in now]:
        _end(found, name, f"a PNC check by {r.callsign} {when(r.at)} said {said!r}", r.at)
    for name in now:
        if name not in found or not found[name].holds or found[name].at < r.at:
            found[name] = Marker(name, said, r.capture_id, r.at, r.callsign)


def _ended_by_account(found: dict[str, Marker], r: Any, fields: dict) -> None:
    words = " ".join(
        [r.summary or "", *(v for k, v in fields.items() if isinstance(v, str) and k != "result")]
    )
    for name, (pattern, how) in ENDED_BY_TEXT.items():
        marker = found.get(name)
        if marker is not None and marker.holds and r.at >= marker.at and pattern.search(words):
            _end(
                found,
                name,
                f"{how}: {r.capture_kind.replace('_', ' ')} by {r.callsign} {when(r.at)}",
                r.at,
            )


def _end(found: dict[str, Marker], name: str, why: str, at: float) -> None:
    marker = found.get(name)
    if marker is not None and marker.holds:
        marker.ended, marker.ended_at = why, at


def seen_in_area(
    connection: Connection, kinds: dict[int, str], bbox: tuple[float, float, float, float],
    since: float, until: float,
) -> dict[int, list[Any]]:  # fmt: skip
    """Where each record was seen inside the box in the window (readable captures only),
    newest first: (lat, lon, at, capture id) rows. Read from the captures made in the box,
    so it costs what the area holds, however often a record is mentioned elsewhere."""
    c, m = CAPTURES.c, MENTIONS.c
    west, south, east, north = bbox
    rows = connection.execute(
        select(m.entity_id, c.lat, c.lon, c.at, c.id)
        .select_from(CAPTURES)
        .join(MENTIONS, MENTIONS.c.capture_id == CAPTURES.c.id)
        .where(
            c.at.between(since, until),
            c.lon.between(west, east),
            c.lat.between(south, north),
            open_capture(),
            m.kind.in_(tuple(MARKERS)),
            m.entity_id.is_not(None),
        )
        .order_by(c.at.desc())
        .limit(MOST_SIGHTINGS)
    ).all()
    seen: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        if r.entity_id in kinds:
            seen[r.entity_id].append(r)
    return seen
