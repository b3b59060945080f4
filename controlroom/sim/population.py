"""A shared population of recurring people and vehicles, so captures mention the same ones."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date

from controlroom.sim import people, vehicles
from controlroom.sim.places import random_address

REFERENCE_DAY = date(2025, 1, 1)  # fixed so that ages do not change with the wall clock


def rng_uuid(rng: random.Random) -> str:
    """A version-4 UUID drawn from the simulator's random stream (so runs repeat)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@dataclass
class Person:
    id: str
    forename: str
    middle: str
    surname: str
    gender: str
    dob: date
    self_defined_ethnicity: str
    officer_defined_ethnicity: str
    address: dict
    phone: str | None
    nickname: str | None = None
    vehicles: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.forename, self.middle, self.surname) if p)

    def pole(self) -> dict:
        """The person as a capture mentions them (the P and L of POLE)."""
        out = {
            "name": self.name,
            "dob": self.dob.isoformat(),
            "gender": self.gender,
            "address": self.address["text"],
        }
        if self.phone:
            out["phone"] = self.phone
        if self.nickname:
            out["aka"] = self.nickname
        return out


NICKNAMES = [
    "Tiny",
    "Bigz",
    "Scooby",
    "Deano",
    "Smudger",
    "Ginge",
    "Taz",
    "Jonno",
    "Kaz",
    "Mo",
    "Shorty",
    "Spud",
]


def make_person(rng: random.Random) -> Person:
    gender = "Male" if rng.random() < 0.72 else "Female"
    first, middle, last = people.person_name(rng, gender)
    self_def, officer_def = people.ethnicity(rng)
    return Person(
        id=rng_uuid(rng),
        forename=first,
        middle=middle,
        surname=last,
        gender=gender,
        dob=people.date_of_birth(rng, REFERENCE_DAY),
        self_defined_ethnicity=self_def,
        officer_defined_ethnicity=officer_def,
        address=random_address(rng),
        phone=people.mobile_number(rng) if rng.random() < 0.6 else None,
        nickname=rng.choice(NICKNAMES) if rng.random() < 0.1 else None,
    )


class Population:
    """People and vehicles; a few recur often (prolific), most rarely (Zipf-like weights)."""

    def __init__(self, rng: random.Random, persons: int = 400, vehicle_count: int = 250) -> None:
        self.persons = [make_person(rng) for _ in range(persons)]
        self.vehicles = []
        for _ in range(vehicle_count):
            v = vehicles.vehicle_details(rng)
            keeper = rng.choice(self.persons)
            v["keeper"] = keeper.name
            keeper.vehicles.append(v["vrm"])
            self.vehicles.append(v)
        self._pw = [1.0 / (i + 1) ** 0.9 for i in range(len(self.persons))]
        self._vw = [1.0 / (i + 1) ** 0.9 for i in range(len(self.vehicles))]

    def person(self, rng: random.Random) -> Person:
        return rng.choices(self.persons, weights=self._pw)[0]

    def vehicle(self, rng: random.Random) -> dict:
        return dict(rng.choices(self.vehicles, weights=self._vw)[0])
