"""An officer's answer to "has issues": the same capture as the next revision, with what the
analyst said was missing added in the officer's words (and the earlier content kept)."""

from __future__ import annotations

import copy
import random

from controlroom.sim.narratives import DESCRIPTIONS
from controlroom.sim.population import Population

OPENINGS = [
    "Went back and spoke to the informant again.",
    "Checked my pocket notebook.",
    "Rang the witness back this morning.",
    "Confirmed with the reporting person at the scene.",
    "Re-checked the PNC and my body-worn video.",
]
PROVENANCE = [
    "Heard first hand from a resident who has seen it happen several times.",
    "Passed on by a shopkeeper who overheard the conversation; not seen first hand.",
    "Seen by me from the patrol car at about 50 metres, good lighting.",
]


def _vehicle(fields: dict, rng: random.Random, population: Population) -> str:
    vehicle = population.vehicle(rng)
    fields["vehicle"] = vehicle
    return f"Vehicle is a {vehicle['colour']} {vehicle['make']}, {vehicle['vrm']}."


def _dob(fields: dict, rng: random.Random, population: Population) -> str:
    person = population.person(rng)
    fields["subject_dob"] = person.dob.isoformat()
    return f"Date of birth given as {person.dob:%d/%m/%Y}."


def _address(fields: dict, rng: random.Random, population: Population) -> str:
    person = population.person(rng)
    fields["subject_address"] = person.address["text"]
    return f"Lives at {person.address['text']}."


def _description(fields: dict, rng: random.Random, population: Population) -> str:
    description = rng.choice(DESCRIPTIONS)
    fields["description"] = description
    return f"Described as {description}."


def _provenance(fields: dict, rng: random.Random, population: Population) -> str:
    said = rng.choice(PROVENANCE)
    fields["provenance"] = said
    return said


# What an analyst may say is missing (words in the note) -> how the officer supplies it.
TOPICS = (
    (("registration", "vrm", "vehicle", "index"), _vehicle),
    (("date of birth", "dob", "age"), _dob),
    (("address", "lives"), _address),
    (("description", "clothing", "describe"), _description),
    (("source", "how", "provenance", "first hand", "first-hand"), _provenance),
)


def amend(body: dict, note: str, rng: random.Random, population: Population) -> dict:
    """The next revision of the capture `body`, answering the analyst's `note`."""
    amended = copy.deepcopy(body)
    amended["revision"] = int(body.get("revision", 1)) + 1
    fields = amended.setdefault("fields", {})
    words = note.lower()
    added = [supply(fields, rng, population) for keys, supply in TOPICS if _mentions(words, keys)]
    if not added:
        added = [_provenance(fields, rng, population)]
    answer = " ".join([rng.choice(OPENINGS), *added])
    earlier = fields.get("further_information")
    fields["further_information"] = f"{earlier}\n{answer}" if earlier else answer
    return amended


def _mentions(words: str, keys: tuple[str, ...]) -> bool:
    return any(key in words for key in keys)
