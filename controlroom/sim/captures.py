"""Capture builders for every kind, with realistic UK content drawn from the shared population."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime

from controlroom.geo.geometry import offset
from controlroom.geo.reverse import reverse, streets_near
from controlroom.sim import narratives
from controlroom.sim.places import address_near
from controlroom.sim.png import evidence_photo, sha256_hex
from controlroom.sim.population import Person, Population, rng_uuid
from controlroom.sim.stop_search import stop_search_fields
from controlroom.sim.variation import police_style, written_person, written_vehicle

KINDS = {  # kind -> relative frequency over a shift
    "stop_search": 10,
    "intelligence": 8,
    "incident_report": 8,
    "witness_statement": 5,
    "vehicle_check": 10,
    "person_check": 8,
    "evidence": 4,
    "note": 7,
}
CRIME_LIKE = {"stop_search", "intelligence", "incident_report", "witness_statement", "evidence"}
PNC_PERSON = [
    "No trace",
    "Known - no markers",
    "Of interest - intel marker",
    "Wanted on warrant",
    "On bail - conditions apply",
    "Missing person",
]
PNC_VEHICLE = [
    "No trace",
    "No insurance record",
    "No MOT",
    "No tax",
    "Stolen marker",
    "Of interest - intel marker",
]


@dataclass
class Capture:
    body: dict  # what POST /api/v1/device/captures takes
    attachment: tuple[str, bytes, str] | None = None  # (name, bytes, content type)
    truth: list[dict] = field(default_factory=list)  # who each mention really is


@dataclass
class Context:
    """Where and when a capture is made, and by whom."""

    at: datetime
    lat: float
    lon: float
    population: Population
    callsign: str
    officer_name: str = ""
    truth: list[dict] = field(default_factory=list)

    def person(self, rng: random.Random, person: Person, path: str) -> dict:
        """The person as this officer writes them, and a note of who they really are."""
        self.truth.append({"path": path, "kind": "person", "truth": person.id})
        return written_person(rng, person)

    def vehicle(self, rng: random.Random, vehicle: dict, path: str) -> dict:
        self.truth.append({"path": path, "kind": "vehicle", "truth": vehicle["vrm"]})
        return written_vehicle(rng, vehicle)

    def named(self, rng: random.Random, person: Person, path: str) -> str:
        """A person named in free text."""
        written = police_style(rng, person)
        self.truth.append({"path": path, "kind": "person", "truth": person.id, "written": written})
        return written

    def marked(self, rng: random.Random, vehicle: dict, path: str) -> str:
        """A registration mark written in free text."""
        written = written_vehicle(rng, vehicle)["vrm"]
        self.truth.append(
            {"path": path, "kind": "vehicle", "truth": vehicle["vrm"], "written": written}
        )
        return written

    @property
    def street(self) -> str:
        """The street the officer is on (or, away from streets, the locality)."""
        where = reverse(self.lat, self.lon)
        return where.street or where.locality or where.label

    def slots(self, rng: random.Random) -> dict:
        street = self.street
        others = [s for s in streets_near(self.lat, self.lon) if s != street]
        person = self.population.person(rng)
        vehicle = self.population.vehicle(rng)
        return {
            "street": street,
            "other": rng.choice(others[:6]) if others else street,
            "name": person.name,
            "aka": person.nickname or person.forename,
            "address": person.address["text"],
            "phone": person.phone or "07700 900000",
            "vrm": vehicle["vrm"],
            "make": vehicle["make"],
            "colour": vehicle["colour"],
        }


def pick_kind(rng: random.Random) -> str:
    return rng.choices(list(KINDS), weights=list(KINDS.values()))[0]


def build_capture(rng: random.Random, kind: str, ctx: Context) -> Capture:
    capture_id = rng_uuid(rng)
    north, east = rng.gauss(0, 15), rng.gauss(0, 15)
    lat, lon = offset(ctx.lat, ctx.lon, north, east)
    summary, fields, attachment = BUILDERS[kind](rng, ctx, round(lat, 6), round(lon, 6))
    fields["officer"] = ctx.callsign
    body = {
        "id": capture_id,
        "kind": kind,
        "at": ctx.at.isoformat(),
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "summary": summary,
        "fields": fields,
    }
    return Capture(body, attachment, ctx.truth)


def _stop_search(rng, ctx, lat, lon):
    person = ctx.population.person(rng)
    vehicle = ctx.population.vehicle(rng) if rng.random() < 0.25 else None
    fields = stop_search_fields(rng, person, ctx.at, lat, lon, ctx.street, vehicle)
    fields["person"] = ctx.person(rng, person, "person")
    if vehicle:
        fields["vehicle"] = ctx.vehicle(rng, vehicle, "vehicle")
    named = ctx.named(rng, person, "summary")
    summary = f"S&S {named}: {fields['object_of_search']} - {fields['outcome']}"
    return summary, fields, None


def _intelligence(rng, ctx, lat, lon):
    slots = ctx.slots(rng)
    person = ctx.population.person(rng)
    vehicle = next(v for v in ctx.population.vehicles if v["vrm"] == slots["vrm"])
    slots.update(
        name=ctx.named(rng, person, "text"),
        address=person.address["text"],
        aka=person.nickname or person.forename,
        phone=person.phone or slots["phone"],
        vrm=ctx.marked(rng, vehicle, "text"),
    )
    handling = "C" if rng.random() < 0.15 else "P"
    fields = {
        "text": narratives.intelligence_text(rng, **slots),
        "source_evaluation": rng.choices([1, 2, 3], weights=[2, 6, 1])[0],
        "intelligence_assessment": rng.choices("ABCDE", weights=[2, 3, 4, 2, 1])[0],
        "handling_code": handling,
        "handling_conditions": "Not to be disseminated outside the force"
        if handling == "C"
        else None,
        "subjects": [ctx.person(rng, person, "subjects[0]")],
        "vehicles": [ctx.vehicle(rng, vehicle, "vehicles[0]")],
    }
    grade = f"{fields['source_evaluation']}-{fields['intelligence_assessment']}-{handling}"
    if rng.random() < HISTORIC_SHARE:
        fields["historic_grading"] = _historic_grading(rng, ctx.at)
    return f"Intel {grade}: {ctx.named(rng, person, 'summary')}", fields, None


HISTORIC_SHARE = 0.1  # intelligence that quotes an older report, graded 5x5x5 at the time


def _historic_grading(rng: random.Random, at: datetime) -> dict:
    """An older intelligence log entry the officer quotes, with its 5x5x5 grade as recorded."""
    recorded = date(at.year - rng.randint(12, 20), at.month, min(at.day, 28))
    return {
        "system": "5x5x5",
        "source": rng.choices("ABCDE", weights=[1, 4, 3, 1, 2])[0],
        "intelligence": rng.choices("12345", weights=[2, 4, 3, 2, 1])[0],
        "handling": rng.choices("12345", weights=[5, 2, 1, 3, 1])[0],
        "recorded_on": recorded.isoformat(),
        "reference": f"SP/INT/{recorded.year}/{rng.randint(1000, 99999)}",
    }


def _witness(rng, ctx, lat, lon):
    witness = ctx.population.person(rng)
    account = narratives.witness_account(rng, **ctx.slots(rng))
    fields = {
        "witness": ctx.person(rng, witness, "witness"),
        "account": account,
        "signed": rng.random() < 0.9,
        "willing_to_attend_court": rng.random() < 0.6,
    }
    return f"Witness statement from {ctx.named(rng, witness, 'summary')}", fields, None


def _incident(rng, ctx, lat, lon):
    slots = ctx.slots(rng)
    person = ctx.population.person(rng)
    account = narratives.incident_account(rng, **slots)
    if rng.random() < 0.4:  # the officer names someone else they spoke to
        other = ctx.population.person(rng)
        if other.id != person.id:
            account += " " + narratives.spoke_to(rng, ctx.named(rng, other, "account"), other.dob)
    fields = {
        "account": account,
        "persons": [ctx.person(rng, person, "persons[0]")],
        "crime_reference": f"SP-{rng.randint(2025_000_000, 2025_999_999)}",
    }
    return f"Incident on {slots['street']}", fields, None


def _vehicle_check(rng, ctx, lat, lon):
    vehicle = ctx.population.vehicle(rng)
    driver = ctx.population.person(rng)
    result = rng.choices(PNC_VEHICLE, weights=[70, 8, 6, 6, 2, 8])[0]
    fields = {
        "vehicle": ctx.vehicle(rng, vehicle, "vehicle"),
        "driver": ctx.person(rng, driver, "driver"),
        "result": result,
        "reason": rng.choice(["Routine check", "Manner of driving", "ANPR hit", "Intel"]),
    }
    return f"PNC vehicle {fields['vehicle']['vrm']}: {result}", fields, None


def _person_check(rng, ctx, lat, lon):
    person = ctx.population.person(rng)
    result = rng.choices(PNC_PERSON, weights=[50, 25, 12, 5, 6, 2])[0]
    fields = {
        "person": ctx.person(rng, person, "person"),
        "result": result,
        "reason": rng.choice(["Stop and account", "Suspicious behaviour", "Named in intel"]),
    }
    return f"PNC person {ctx.named(rng, person, 'summary')}: {result}", fields, None


def _evidence(rng, ctx, lat, lon):
    photo = evidence_photo(rng)
    what = rng.choice(
        [
            "Damaged vehicle",
            "Recovered property",
            "Graffiti",
            "Weapon found",
            "Scene of burglary",
            "Suspected drugs packaging",
        ]
    )
    initials = "".join(w[0] for w in ctx.officer_name.split()[-2:]) or ctx.callsign
    fields = {
        "description": f"{what} on {ctx.street}",
        "exhibit_ref": f"{initials}/{rng.randint(1, 20)}",
        "attachment": {"name": "photo.png", "sha256": sha256_hex(photo), "size": len(photo)},
    }
    return f"Evidence: {what}", fields, ("photo.png", photo, "image/png")


def _note(rng, ctx, lat, lon):
    slots = ctx.slots(rng)
    text = narratives.note_text(rng, **slots)
    if slots["vrm"] in text:  # the note names a vehicle
        ctx.truth.append(
            {"path": "text", "kind": "vehicle", "truth": slots["vrm"], "written": slots["vrm"]}
        )
    fields = {"text": text, "address": address_near(rng, ctx.lat, ctx.lon)["text"]}
    return text[:60], fields, None


BUILDERS = {
    "stop_search": _stop_search,
    "intelligence": _intelligence,
    "witness_statement": _witness,
    "incident_report": _incident,
    "vehicle_check": _vehicle_check,
    "person_check": _person_check,
    "evidence": _evidence,
    "note": _note,
}
