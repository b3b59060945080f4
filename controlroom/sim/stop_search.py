"""Stop and search records with the fields of the data.police.uk stop-and-search schema."""

from __future__ import annotations

import random
from datetime import datetime

from controlroom.sim.people import age_range
from controlroom.sim.population import REFERENCE_DAY, Person

# (legislation, object of search, weight) roughly as Staffordshire's published records run
GROUNDS = [
    ("Misuse of Drugs Act 1971 (section 23)", "Controlled drugs", 60),
    ("Police and Criminal Evidence Act 1984 (section 1)", "Offensive weapons", 12),
    ("Police and Criminal Evidence Act 1984 (section 1)", "Stolen goods", 10),
    ("Police and Criminal Evidence Act 1984 (section 1)", "Article for use in theft", 7),
    ("Police and Criminal Evidence Act 1984 (section 1)", "Articles for use in criminal damage", 3),
    ("Criminal Justice and Public Order Act 1994 (section 60)", "Offensive weapons", 2),
    ("Firearms Act 1968 (section 47)", "Firearms", 2),
]
OUTCOMES = [
    ("A no further action disposal", 68),
    ("Arrest", 14),
    ("Community resolution", 7),
    ("Khat or Cannabis warning", 6),
    ("Penalty Notice for Disorder", 2),
    ("Summons / charged by post", 2),
    ("Caution (simple or conditional)", 1),
]
OPERATIONS = ["Operation Sceptre", "Operation Nightjar", "Operation Target"]


def _pick(rng: random.Random, rows: list) -> tuple:
    return rng.choices(rows, weights=[r[-1] for r in rows])[0]


def stop_search_fields(
    rng: random.Random,
    person: Person,
    at: datetime,
    lat: float,
    lon: float,
    street: str,
    vehicle: dict | None,
) -> dict:
    legislation, obj, _ = _pick(rng, GROUNDS)
    outcome = _pick(rng, OUTCOMES)[0]
    operation = rng.random() < 0.08
    kind = "Person and Vehicle search" if vehicle else "Person search"
    return {
        "type": kind,
        "involved_person": True,
        "datetime": at.isoformat(),
        "operation": operation,
        "operation_name": rng.choice(OPERATIONS) if operation else None,
        "location": {
            "latitude": f"{lat:.6f}",
            "longitude": f"{lon:.6f}",
            "street": {"name": f"On or near {street}"},
        },
        "gender": person.gender,
        "age_range": age_range(person.dob, REFERENCE_DAY),
        "self_defined_ethnicity": person.self_defined_ethnicity,
        "officer_defined_ethnicity": person.officer_defined_ethnicity,
        "legislation": legislation,
        "object_of_search": obj,
        "outcome": outcome,
        "outcome_linked_to_object_of_search": (
            None if outcome.startswith("A no further") else rng.random() < 0.8
        ),
        "removal_of_more_than_outer_clothing": rng.random() < 0.03,
    }
