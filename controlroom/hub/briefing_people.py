"""People and vehicles of interest seen in the area, and the addresses to visit: records with a
marker that holds (controlroom.hub.briefing_markers) that a readable capture put inside the
area, the most recently seen first; a person's photo where a capture of them has one; the home
address of each wanted, missing or bailed person where it lies in the area (blocking)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from controlroom.contract.briefings import BriefingItem
from controlroom.entities import claims as cl
from controlroom.geo.gazetteer import search as find_place
from controlroom.geo.reverse import reverse
from controlroom.hub.briefing_markers import (
    DAY_S,
    MARKER_DAYS,
    WORDS,
    Record,
    marked_records,
    records,
    seen_in_area,
)
from controlroom.hub.briefing_window import Window, body, iso, title, when
from controlroom.hub.entity_rows import CAPTURES, MENTIONS, loads, open_capture
from controlroom.store.schema import Attachment

ATTACHMENTS = Attachment.__table__
MOST = {"person": 25, "vehicle": 15}
MOST_PLACES = 10
SIGHTINGS_DAYS = 7.0  # a marked record counts as seen in the area this long after a sighting
VISIT_FOR = ("wanted", "missing", "bail")


def of_interest(connection: Connection, window: Window) -> dict[int, Record]:
    """Marked records seen in the area, with their markers worked out (ended ones included:
    the offers say why an item no longer holds)."""
    marked = marked_records(connection, window.until - MARKER_DAYS * DAY_S, window.until)
    since = min(window.since, window.until - SIGHTINGS_DAYS * DAY_S)
    seen = seen_in_area(connection, marked, window.bbox, since, window.until)
    inside = {
        entity_id: [r for r in rows if window.area.contains(r.lat, r.lon)]
        for entity_id, rows in seen.items()
    }
    newest = sorted((e for e, rows in inside.items() if rows), key=lambda e: -inside[e][0].at)[
        : 2 * sum(MOST.values())
    ]
    found = records(connection, {e: marked[e] for e in newest}, window.until)
    for entity_id, record in found.items():
        record.sightings = inside[entity_id]
    return found


def items(connection: Connection, window: Window, found: dict[int, Record]) -> list[BriefingItem]:
    """Person, vehicle and place items for the records whose markers hold."""
    out: list[BriefingItem] = []
    taken = {"person": 0, "vehicle": 0}
    places: list[BriefingItem] = []
    for record in sorted(found.values(), key=lambda r: -r.sightings[0].at):
        if not record.live() or taken[record.kind] >= MOST[record.kind]:
            continue
        taken[record.kind] += 1
        label, best = _known_as(record)
        out.append(record_item(connection, window, record, label, best))
        if record.kind == "person" and len(places) < MOST_PLACES:
            places += _address_to_visit(connection, window, record, label)
    return out + places


def _known_as(record: Record) -> tuple[str, dict[str, str]]:
    said = [
        cl.Said(loads(r.attributes) or {}, r.capture_id, r.at, cl.grade_of(loads(r.fields)))
        for r in record.rows
    ]
    best = cl.best(cl.claims(record.kind, said))
    return cl.label(record.kind, best), best


def record_item(
    connection: Connection, window: Window, record: Record, label: str, best: dict[str, str]
) -> BriefingItem:
    live = sorted(record.live(), key=lambda m: list(WORDS).index(m.kind))
    first = live[0]
    sightings = record.sightings
    last = sightings[0]
    checks = "; ".join(f"PNC {m.said!r} ({record.kind} check by {m.by} {when(m.at)})" for m in live)
    seen = f"Seen in the area {len(sightings)} time{'s' if len(sightings) != 1 else ''}"
    more = [f"{checks}.", f"{seen}, last {when(last.at)} at {reverse(last.lat, last.lon).label}."]
    if record.kind == "person" and best.get("address"):
        more.append(f"Address given: {best['address']}.")
    return BriefingItem(
        id=f"entity:{record.entity_id}",
        section="people" if record.kind == "person" else "vehicles",
        kind=record.kind,
        title=title(f"{' / '.join(WORDS[m.kind] for m in live)}: {label}"),
        text=body(" ".join(more)),
        source=f"{record.kind} record {record.entity_id}, checked {first.capture_id[:8]}",
        ref=str(record.entity_id),
        handling_code="P",
        expires_at=iso(window.shift_end),
        lat=last.lat,
        lon=last.lon,
        photo=_photo(connection, record) if record.kind == "person" else None,
        acknowledge=first.kind in ("wanted", "missing"),
        proposed=True,
    )


def _photo(connection: Connection, record: Record) -> str | None:
    """The newest picture attached to a readable capture the person is named in."""
    captures = sorted({r.capture_id for r in record.rows})[:500]
    if not captures:
        return None
    found = connection.execute(
        select(ATTACHMENTS.c.id)
        .where(
            ATTACHMENTS.c.capture_id.in_(captures),
            ATTACHMENTS.c.content_type.like("image/%"),
        )
        .order_by(ATTACHMENTS.c.stored_at.desc())
        .limit(1)
    ).scalar()
    return str(found) if found is not None else None


def _address_to_visit(
    connection: Connection, window: Window, record: Record, label: str
) -> list[BriefingItem]:
    live = [m for m in record.live() if m.kind in VISIT_FOR]
    if not live:
        return []
    address = _address_record(connection, record)
    if address is None:
        return []
    entity_id, written = address
    place = next(iter(find_place(written, 1)), None)
    if place is None or not window.area.contains(place.lat, place.lon):
        return []
    why = {
        "wanted": "arrest enquiry",
        "missing": "welfare and sighting enquiry",
        "bail": "bail check",
    }
    return [
        BriefingItem(
            id=f"entity:{entity_id}",
            section="places",
            kind="place",
            title=title(f"Address to visit: {written}"),
            text=body(
                f"Home address of {label} ({', '.join(WORDS[m.kind].lower() for m in live)}): "
                f"{'; '.join(why[m.kind] for m in live)}. Located as {place.label}."
            ),
            source=f"address record {entity_id}, given for person record {record.entity_id}",
            ref=str(entity_id),
            handling_code="P",
            expires_at=iso(window.shift_end),
            lat=place.lat,
            lon=place.lon,
            proposed=True,
        )
    ]


def _address_record(connection: Connection, record: Record) -> tuple[int, str] | None:
    """The newest address record a readable capture gave as this person's."""
    owners = {(r.capture_id, r.ordinal) for r in record.rows}
    captures = sorted({c for c, _ in owners})[:500]
    rows: Sequence[Any] = connection.execute(
        select(MENTIONS.c.entity_id, MENTIONS.c.capture_id, MENTIONS.c.owner, MENTIONS.c.written)
        .join(CAPTURES, CAPTURES.c.id == MENTIONS.c.capture_id)
        .where(
            MENTIONS.c.capture_id.in_(captures),
            MENTIONS.c.kind == "address",
            MENTIONS.c.entity_id.is_not(None),
            open_capture(),
        )
        .order_by(CAPTURES.c.at.desc())
    ).all()
    mine = next((r for r in rows if (r.capture_id, r.owner) in owners), None)
    return (mine.entity_id, mine.written) if mine is not None else None
