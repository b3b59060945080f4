"""People and vehicles of interest seen in the area, and the addresses to visit: records with a
marker that holds (controlroom.hub.briefing_markers) that a readable capture put inside the
area, the most recently seen first; a person's photo where a capture of them has one; the home
address of each wanted, missing or bailed person where it lies in the area (blocking)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, select

from controlroom.contract.briefings import BriefingItem
from controlroom.entities import claims as cl
from controlroom.geo.gazetteer import search as find_place
from controlroom.geo.reverse import reverse
from controlroom.hub.briefing_markers import (
    CHUNK,
    DAY_S,
    MARKER_DAYS,
    WORDS,
    Record,
    marked_records,
    records,
    seen_in_area,
)
from controlroom.hub.briefing_window import Window, body, in_area, iso, title, when
from controlroom.hub.entity_rows import CAPTURES, MENTIONS, loads, open_capture
from controlroom.store.schema import Attachment

ATTACHMENTS = Attachment.__table__
MOST = {"person": 25, "vehicle": 15}
MOST_PLACES = 10
READ_AT_ONCE = 50  # records whose markers are worked out together
MOST_READ = 200  # records read at most to fill the pack
SIGHTINGS_DAYS = 7.0  # a marked record counts as seen in the area this long after a sighting
VISIT_FOR = ("wanted", "missing", "bail")


def of_interest(connection: Connection, window: Window) -> dict[int, Record]:
    """Marked records seen in the area, with their markers worked out (ended ones included:
    the offers say why an item no longer holds)."""
    marked = marked_records(connection, window.until - MARKER_DAYS * DAY_S, window.until)
    since = min(window.since, window.until - SIGHTINGS_DAYS * DAY_S)
    seen = seen_in_area(connection, marked, window.bbox, since, window.until)
    inside = {entity_id: in_area(window, rows, len(rows)) for entity_id, rows in seen.items()}
    newest = sorted((e for e, rows in inside.items() if rows), key=lambda e: -inside[e][0].at)
    found: dict[int, Record] = {}
    live = {"person": 0, "vehicle": 0}
    for start in range(0, min(len(newest), MOST_READ), READ_AT_ONCE):
        chunk = newest[start : start + READ_AT_ONCE]
        for entity_id, record in records(
            connection, {e: marked[e] for e in chunk}, window.until
        ).items():
            record.sightings = inside[entity_id]
            found[entity_id] = record
            live[record.kind] += bool(record.live())
        if all(live[kind] >= most for kind, most in MOST.items()):
            break  # enough to fill the pack: the rest were seen longer ago
    return found


def items(connection: Connection, window: Window, found: dict[int, Record]) -> list[BriefingItem]:
    """Person, vehicle and place items for the records whose markers hold."""
    chosen: list[Record] = []
    taken = {"person": 0, "vehicle": 0}
    for record in sorted(found.values(), key=lambda r: -r.sightings[0].at):
        if record.live() and taken[record.kind] < MOST[record.kind]:
            taken[record.kind] += 1
            chosen.append(record)
    people = [r for r in chosen if r.kind == "person"]
    photos = _photos(connection, people)
    visits = [r for r in people if any(m.kind in VISIT_FOR for m in r.live())]
    addresses = _addresses(connection, visits)
    out: list[BriefingItem] = []
    places: list[BriefingItem] = []
    for record in chosen:
        label, best = _known_as(record)
        out.append(record_item(window, record, label, best, photos.get(record.entity_id)))
        if record.entity_id in addresses and len(places) < MOST_PLACES:
            places += _address_to_visit(window, record, label, addresses[record.entity_id])
    return out + places


def _known_as(record: Record) -> tuple[str, dict[str, str]]:
    said = [
        cl.Said(loads(r.attributes) or {}, r.capture_id, r.at, cl.grade_of(loads(r.fields)))
        for r in record.rows
    ]
    best = cl.best(cl.claims(record.kind, said))
    return cl.label(record.kind, best), best


def record_item(
    window: Window, record: Record, label: str, best: dict[str, str], photo: str | None
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
        photo=photo,
        acknowledge=first.kind in ("wanted", "missing"),
        proposed=True,
    )


def _photos(connection: Connection, people: list[Record]) -> dict[int, str]:
    """Each person's newest picture attached to a readable capture they are named in."""
    whose: dict[str, list[int]] = defaultdict(list)
    for record in people:
        for r in record.rows:
            whose[r.capture_id].append(record.entity_id)
    found: dict[int, tuple[float, str]] = {}
    captures = sorted(whose)
    for start in range(0, len(captures), CHUNK):
        rows = connection.execute(
            select(ATTACHMENTS.c.id, ATTACHMENTS.c.capture_id, ATTACHMENTS.c.stored_at).where(
                ATTACHMENTS.c.capture_id.in_(captures[start : start + CHUNK]),
                ATTACHMENTS.c.content_type.like("image/%"),
            )
        )
        for r in rows:
            for entity_id in whose[r.capture_id]:
                if entity_id not in found or found[entity_id][0] < r.stored_at:
                    found[entity_id] = (r.stored_at, str(r.id))
    return {entity_id: photo for entity_id, (_, photo) in found.items()}


def _address_to_visit(
    window: Window, record: Record, label: str, address: tuple[int, str]
) -> list[BriefingItem]:
    live = [m for m in record.live() if m.kind in VISIT_FOR]
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


def _addresses(connection: Connection, people: list[Record]) -> dict[int, tuple[int, str]]:
    """Each person's newest address record, as a readable capture gave it for them."""
    owner_of = {(r.capture_id, r.ordinal): p.entity_id for p in people for r in p.rows}
    captures = sorted({c for c, _ in owner_of})
    found: dict[int, tuple[float, int, str]] = {}
    for start in range(0, len(captures), CHUNK):
        rows = connection.execute(
            select(
                MENTIONS.c.entity_id,
                MENTIONS.c.capture_id,
                MENTIONS.c.owner,
                MENTIONS.c.written,
                CAPTURES.c.at,
            )  # fmt: skip
            .join(CAPTURES, CAPTURES.c.id == MENTIONS.c.capture_id)
            .where(
                MENTIONS.c.capture_id.in_(captures[start : start + CHUNK]),
                MENTIONS.c.kind == "address",
                MENTIONS.c.entity_id.is_not(None),
                open_capture(),
            )
        )
        for r in rows:
            person = owner_of.get((r.capture_id, r.owner))
            if person is not None and (person not in found or found[person][0] < r.at):
                found[person] = (r.at, r.entity_id, r.written)
    return {person: (entity_id, written) for person, (_, entity_id, written) in found.items()}
