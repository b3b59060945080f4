"""A capture as the record it is: the people, vehicles and places it names as cards, its account
in full, and every other field once, in words. No Qt: the desk renders what this returns.

The device sends fields as it likes (`person`, `subjects`, `driver`, `vehicle`, `location`, ...);
each is read once, into the card or line it belongs to, and what is said in the header (the
officer, the time, the position) is not said again below it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from controlroom.contract.documents import Capture
from controlroom.grading import written
from controlroom.localtime import stamp
from controlroom.review.grades import Proposal, grade_words, proposal_of
from controlroom.review.words import age_on, day, label, value_words
from controlroom.vocabulary import CAPTURE_KIND, TRIAGE_STATUS

PEOPLE = {  # field -> the part the person plays in the capture
    "person": "Person",
    "persons": "Person",
    "subjects": "Subject",
    "subject": "Subject",
    "driver": "Driver",
    "witness": "Witness",
    "suspect": "Suspect",
    "victim": "Victim",
}
VEHICLES = {"vehicle": "Vehicle", "vehicles": "Vehicle"}
PLACES = {"location": "Location", "address": "Address", "place": "Place"}
NARRATIVE = {
    "text": "Report",
    "account": "Account",
    "description": "Description",
    "further_information": "Further information (the officer's amendments)",
}
GRADE_FIELDS = (
    "source_evaluation",
    "intelligence_assessment",
    "handling_code",
    "handling_conditions",
    "historic_grading",
)
EXHIBIT_FIELDS = ("attachment", "attachments")
PERSON_ORDER = ("dob", "gender", "address", "phone", "aka")
VEHICLE_ORDER = ("make", "model", "colour", "keeper")

PlaceOf = Callable[[float, float], str | None]


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Card:
    kind: str  # person, vehicle or place
    role: str  # the part it plays: Subject, Driver, Witness, Vehicle, Location...
    title: str  # a name, a registration mark, a street
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Record:
    heading: str
    facts: tuple[Fact, ...]  # kind, officer, when, where
    narrative: tuple[Fact, ...]  # the officer's own words, in full
    cards: tuple[Card, ...]
    details: tuple[Fact, ...]  # every other field, once
    proposal: Proposal | None = None  # the grade the officer proposed (a proposal only)
    exhibits: tuple[str, ...] = field(default=())  # attachment names


def district_and_ward(lat: float, lon: float) -> str | None:
    from controlroom.geo.area import load_area

    ward = load_area().ward_at(lat, lon)
    if ward is None:
        return None
    return ward.name if ward.name == ward.district else f"{ward.name}, {ward.district}"


def record_of(capture: Capture, place_of: PlaceOf | None = district_and_ward) -> Record:
    fields = dict(capture.fields)
    cards = _cards(fields, capture)
    shown_on_cards = {(f.label, f.value) for card in cards for f in card.facts}
    return Record(
        heading=capture.summary or CAPTURE_KIND.words(capture.kind),
        facts=tuple(_header(capture, place_of)),
        narrative=tuple(
            Fact(words, str(fields[key]).strip())
            for key, words in NARRATIVE.items()
            if isinstance(fields.get(key), str) and fields[key].strip()
        ),
        cards=cards,
        details=tuple(_details(fields, capture, shown_on_cards)),
        proposal=proposal_of(capture),
        exhibits=tuple(a.name for a in capture.attachments),
    )


def _header(capture: Capture, place_of: PlaceOf | None) -> list[Fact]:
    where = f"{capture.lat:.5f}, {capture.lon:.5f}"
    named = place_of(capture.lat, capture.lon) if place_of else None
    facts = [
        Fact("Kind", CAPTURE_KIND.words(capture.kind)),
        Fact("Officer", capture.callsign),
        Fact("Captured", stamp(capture.at)),
        Fact("Where", f"{named} ({where})" if named else where),
    ]
    if capture.received_at and capture.received_at[:19] != capture.at[:19]:
        facts.append(Fact("Received", stamp(capture.received_at)))
    return facts


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _cards(fields: dict, capture: Capture) -> tuple[Card, ...]:
    cards: list[Card] = []
    for key, role in PEOPLE.items():
        cards += [_person(p, role, capture) for p in _items(fields.get(key)) if _is_obj(p)]
    for key, role in VEHICLES.items():
        cards += [_vehicle(v, role) for v in _items(fields.get(key)) if _is_obj(v)]
    for key, role in PLACES.items():
        place = _place(fields.get(key), role, capture)
        if place is not None:
            cards.append(place)
    return tuple(cards)


def _is_obj(value: Any) -> bool:
    return isinstance(value, dict) and any(v not in (None, "") for v in value.values())


def _facts(obj: dict, order: tuple[str, ...], skip: tuple[str, ...]) -> list[Fact]:
    keys = [k for k in order if k in obj] + [k for k in obj if k not in order]
    found = [(k, value_words(obj[k])) for k in keys if k not in skip]
    return [Fact(label(k), text) for k, text in found if text]


def _person(obj: dict, role: str, capture: Capture) -> Card:
    facts = _facts(obj, PERSON_ORDER, ("name", "dob"))
    born = obj.get("dob")
    if isinstance(born, str) and born:
        age = age_on(born, capture.at)
        facts.insert(0, Fact("Born", day(born) + (f" (aged {age})" if age is not None else "")))
    return Card("person", role, str(obj.get("name") or "Name not given"), tuple(facts))


def _vehicle(obj: dict, role: str) -> Card:
    title = str(obj.get("vrm") or "Registration not given")
    return Card("vehicle", role, title, tuple(_facts(obj, VEHICLE_ORDER, ("vrm",))))


def _place(value: Any, role: str, capture: Capture) -> Card | None:
    if isinstance(value, str) and value.strip():
        return Card("place", role, value.strip())
    if not _is_obj(value):
        return None
    street = value.get("street")
    name = street.get("name") if isinstance(street, dict) else street
    title = str(name or value.get("text") or value.get("name") or role)
    facts = []
    lat, lon = _number(value.get("latitude")), _number(value.get("longitude"))
    if lat is not None and lon is not None and not _same_spot(lat, lon, capture):
        facts.append(Fact("Position", f"{lat:.5f}, {lon:.5f}"))
    rest = {k: v for k, v in value.items() if k not in ("street", "text", "name")}
    facts += _facts(rest, (), ("latitude", "longitude"))
    return Card("place", role, title, tuple(facts))


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _same_spot(lat: float, lon: float, capture: Capture) -> bool:
    return abs(lat - capture.lat) < 1e-5 and abs(lon - capture.lon) < 1e-5


def _details(fields: dict, capture: Capture, on_cards: set[tuple[str, str]]) -> list[Fact]:
    taken = {*PEOPLE, *VEHICLES, *PLACES, *NARRATIVE, *GRADE_FIELDS, *EXHIBIT_FIELDS}
    facts = []
    for key, value in fields.items():
        if key in taken or _said_in_header(key, value, capture):
            continue
        fact = Fact(label(key), value_words(value))
        if fact.value and (fact.label, fact.value) not in on_cards:
            facts.append(fact)
    return facts


def _said_in_header(key: str, value: Any, capture: Capture) -> bool:
    if key == "officer":
        return value == capture.callsign
    if key in ("datetime", "at", "time"):
        return isinstance(value, str) and stamp(value) == stamp(capture.at)
    return False


def who(actor: str | None) -> str:
    return (actor or "").removeprefix("user:")


def by_whom(actor: str, me: str = "") -> str:
    """ "you", "b.patel", or "amended by BT11" for the officer's own device."""
    if actor.startswith("device:"):
        return f"amended by {actor.removeprefix('device:')}"
    return "you" if who(actor) == me else who(actor)


def status_facts(capture: Capture, me: str = "") -> list[Fact]:
    """Where the review stands: its state with who and when, the analyst's grade, the
    revision, and for a sanitised copy that it is one."""
    state = TRIAGE_STATUS.words(capture.status)
    if capture.review_by:
        state += f" — {by_whom(capture.review_by, me)}, {stamp(capture.review_at)}"
    facts = [Fact("Review", state)]
    if capture.review_note:
        facts.append(Fact("Note", capture.review_note))
    g = capture.grading
    if g is not None:
        grade = f"{written(g.source, g.intelligence, g.handling)} — "
        grade += grade_words(g.source, g.intelligence, g.handling)
        facts.append(
            Fact("Graded", f"{grade} (by {who(capture.graded_by)}, {stamp(capture.graded_at)})")
        )
        if capture.handling_conditions:
            facts.append(Fact("Conditions", capture.handling_conditions))
    if capture.revision > 1:
        changed = ", ".join(_field_words(f) for f in capture.amended_fields)
        facts.append(
            Fact("Revision", f"{capture.revision}" + (f": amended {changed}" if changed else ""))
        )
    if capture.sanitised:
        facts.append(Fact("Shown", "the sanitised text only (handling code C)"))
    return facts


def _field_words(path: str) -> str:
    """ "fields.account" -> "account"; "fields.person.dob" -> "person born"."""
    parts = path.removeprefix("fields.").split(".")
    return " ".join(label(p).lower() for p in parts)


def revision_facts(revisions: list[Any]) -> list[Fact]:
    """Each amendment (oldest first): when it came, then a line for each field it changed,
    what it said before and what it says now ("added" where it said nothing)."""
    lines = []
    for rev in revisions[1:]:
        when = stamp(rev.received_at) + ("" if rev.changes else ": no field changed")
        lines.append(Fact(f"Revision {rev.revision}", when))
        lines.extend(Fact(_field_words(c.field), _change(c.before, c.after)) for c in rev.changes)
    return lines


def _change(before: Any, after: Any) -> str:
    if not value_words(before):
        return f"added: {_said(after)}"
    return f"{_said(before)} → {_said(after)}"


def _said(value: Any) -> str:
    text = value_words(value)
    if not text:
        return "(none)"
    return text if len(text) <= 120 else text[:117] + "…"
