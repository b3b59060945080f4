"""The simulated call handler: calls from the public, each graded by what it is, placed at a
real address where crime is reported, at a rate set per officer on duty.

A burglary in progress is Immediate; a burglary found on coming home is Priority; one discovered
hours later with nobody about is Scheduled (an appointment to attend); a theft reported only for
insurance is Resolution (handled without deployment). How long the attending officer stays comes
with the call.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from controlroom.geo.geometry import offset
from controlroom.geo.hotspots import hotspots_within, pick_hotspot
from controlroom.geo.routing import router
from controlroom.sim.places import address_near

CALLS_PER_OFFICER_HOUR = 0.3  # response officers take four or five jobs a ten-hour shift
FIRST_CALL_S = (5.0, 20.0)  # the control room is mid-shift: a call is coming in already
FIRST_CALL_NEAR_M = 800.0  # ... from near a patrol, and one soon dealt with


@dataclass(frozen=True, slots=True)
class CallType:
    what: str
    grade: str  # immediate | priority | scheduled | resolution
    weight: float  # how often, relative to the others
    on_scene_s: tuple[float, float]  # how long it keeps an officer at the scene


def _call(what: str, grade: str, weight: float, minutes: tuple[int, int]) -> CallType:
    return CallType(what, grade, weight, (minutes[0] * 60.0, minutes[1] * 60.0))


CALL_TYPES = (  # what the caller reports, its grade, how often, minutes at the scene
    _call("Burglary in progress, intruders still inside", "immediate", 2, (15, 40)),
    _call("Burglary, householder came home to a forced back door", "priority", 3, (20, 45)),
    _call("Burglary found this morning, happened overnight", "scheduled", 3, (20, 40)),
    _call("Fight outside licensed premises, one on the floor", "immediate", 3, (10, 30)),
    _call("Domestic, caller says her partner is kicking the door in", "immediate", 4, (20, 50)),
    _call("Road traffic collision, car on its roof, persons trapped", "immediate", 1, (20, 45)),
    _call("Road traffic collision, damage only, road blocked", "priority", 2, (10, 25)),
    _call("Concern for welfare, neighbour not seen for two days", "priority", 3, (10, 30)),
    _call("Missing person, vulnerable adult left the care home", "immediate", 1, (15, 40)),
    _call("Shoplifter detained by store security", "priority", 4, (15, 40)),
    _call("Youths causing annoyance, throwing stones at cars", "priority", 3, (5, 15)),
    _call("Suspicious vehicle, occupants watching houses", "priority", 2, (2, 8)),
    _call("Suspicious male trying car door handles", "immediate", 2, (2, 6)),
    _call("Criminal damage to a parked car overnight, for insurance", "resolution", 2, (5, 10)),
    _call("Theft of a bicycle from outside the house, no CCTV", "resolution", 2, (5, 10)),
    _call("Noise, party still going at 3 a.m., third call this month", "scheduled", 2, (5, 15)),
    _call("Lost property: a wallet handed in at the shop", "resolution", 1, (5, 10)),
)


@dataclass(frozen=True, slots=True)
class Call:
    at: float  # simulated seconds
    kind: CallType
    lat: float
    lon: float
    address: str
    street: str

    @property
    def summary(self) -> str:
        return f"{self.kind.what}, {self.street}" if self.street else self.kind.what

    def body(self) -> dict:
        """What POST /api/v1/incidents takes."""
        return {
            "summary": self.summary,
            "grade": self.kind.grade,
            "lat": round(self.lat, 6),
            "lon": round(self.lon, 6),
            "location_text": self.address,
        }


class CallHandler:
    """Calls in simulated time, the same for a seed. The first comes from near one of the
    patrols given (so the first job is attended within minutes) and is one soon dealt with."""

    def __init__(
        self, seed: int, officers: int, rate: float = 1.0, patrols: list | None = None
    ) -> None:
        self.rng = random.Random(f"calls:{seed}")
        self.per_s = CALLS_PER_OFFICER_HOUR * officers * rate / 3600
        self.next_at = self.rng.uniform(*FIRST_CALL_S) if self.per_s else float("inf")
        self.patrols = list(patrols or [])

    def due(self, t: float) -> list[Call]:
        """The calls that came in up to simulated time t."""
        calls = []
        while self.next_at <= t:
            calls.append(self._call(self.next_at))
            self.next_at += self.rng.expovariate(self.per_s)
        return calls

    def _call(self, at: float) -> Call:
        rng = self.rng
        kinds: tuple[CallType, ...] = CALL_TYPES
        spot = pick_hotspot(rng)
        if self.patrols:  # the first call
            patrol = rng.choice(self.patrols)
            spot = _hotspot_near(rng, patrol) or patrol
            kinds = tuple(
                c for c in CALL_TYPES if c.on_scene_s[1] <= 600 and c.grade != "resolution"
            )
            self.patrols = []
        kind = rng.choices(kinds, weights=[c.weight for c in kinds])[0]
        lat, lon = offset(*spot, rng.gauss(0, 60), rng.gauss(0, 60))
        road = router().network("vehicle").snap(lat, lon)  # calls come from where people are
        home = address_near(rng, road.lat, road.lon)
        return Call(at, kind, home["lat"], home["lon"], home["text"], home["street"])


def _hotspot_near(rng: random.Random, point: tuple[float, float]) -> tuple[float, float] | None:
    near = hotspots_within(*point, FIRST_CALL_NEAR_M)
    if not near:
        return None
    lat, lon, _ = rng.choices(near, weights=[h[2] for h in near])[0]
    return lat, lon
