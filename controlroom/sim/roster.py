"""The shift's officers: UK-style call signs, foot or vehicle, team, beat, shift and breaks."""

from __future__ import annotations

import functools
import json
import random
from dataclasses import dataclass

from controlroom.geo.area import load_area, read_geodata
from controlroom.geo.routing import WALK_MPS, router
from controlroom.sim import people

# call-sign prefix by district (phonetic initials as used on the radio, e.g. "SK21")
PREFIX = {
    "Stoke-on-Trent": "SK",
    "Newcastle-under-Lyme": "NL",
    "Stafford": "SD",
    "East Staffordshire": "BT",
    "Tamworth": "TH",
    "Lichfield": "LD",
    "Cannock Chase": "CK",
    "South Staffordshire": "SS",
    "Staffordshire Moorlands": "ML",
}
HOUR = 3600.0
# A district's response officers (in cars) parade as one team, its neighbourhood officers
# (on foot) as another: each team has its own sergeant and briefing.
TEAM_OF_MODE = {"vehicle": "Response", "foot": "Neighbourhood"}


@functools.cache
def gps_profile() -> dict:
    return json.loads(read_geodata("gps_profile.json"))


@dataclass
class OfficerPlan:
    callsign: str
    name: str
    mode: str  # "foot" | "vehicle"
    ward: str
    district: str
    team: str  # the team the officer parades with, as the hub knows it
    home: tuple[float, float]  # on the roads the officer uses: where the beat is centred
    # how fast they go as a share of the route's own pace: a car's share of the road speeds
    # (controlroom.geo.roadclass), an officer on foot's share of a brisk walk (WALK_MPS)
    patrol_pace: float
    response_pace: float
    shift_start: float  # simulated seconds from the start of the run
    shift_end: float
    break_start: float
    break_length: float
    battery_pct: float


def _paces(rng: random.Random, mode: str) -> tuple[float, float]:
    if mode == "foot":  # the GPX hike was uphill; patrol walking is a little brisker
        p = gps_profile()["foot"]
        spread = p["p90_speed_mps"] - p["median_speed_mps"]
        walk = max(0.9, rng.gauss(p["median_speed_mps"] * 1.25, spread))
        return walk / WALK_MPS, max(1.0, rng.gauss(1.1, 0.05))
    return max(0.5, rng.gauss(0.7, 0.06)), max(0.85, rng.gauss(1.0, 0.05))


def _shift(rng: random.Random) -> tuple[float, float]:
    """Most officers are part-way through a 10-hour shift; a few come on during the run."""
    on_already = rng.random() < 0.85
    start = -rng.uniform(0.5, 8.0) * HOUR if on_already else rng.uniform(0.05, 2.0) * HOUR
    return start, start + 10 * HOUR


def _number(mode: str, n: int) -> int:
    """Response cars 11-399 then 1000+; foot (neighbourhood) officers 401-999 then 5000+."""
    if mode == "vehicle":
        return 10 + n if n < 390 else 1000 + n
    return 400 + n if n < 600 else 5000 + n


def team_name(district: str, mode: str) -> str:
    return f"{district} {TEAM_OF_MODE[mode]}"


def make_roster(seed: int, count: int) -> list[OfficerPlan]:
    rng = random.Random(f"roster:{seed}")
    area, roads = load_area(), router()
    numbers: dict[str, int] = {}
    roster = []
    for _ in range(count):
        ward = area.pick_ward(rng)
        mode = "foot" if rng.random() < 0.35 else "vehicle"
        prefix = PREFIX.get(ward.district, "ST")
        key = f"{prefix}:{mode}"
        numbers[key] = numbers.get(key, 0) + 1
        number = _number(mode, numbers[key])
        gender = rng.choice(["Male", "Female"])
        first, _, last = people.person_name(rng, gender)
        patrol, response = _paces(rng, mode)
        network = roads.network("vehicle" if mode == "vehicle" else "foot")
        home = network.snap(*ward.random_point(rng))
        start, end = _shift(rng)
        brk = start + rng.uniform(0.4, 0.6) * (end - start)
        roster.append(
            OfficerPlan(
                callsign=f"{prefix}{number}",
                name=f"PC {first} {last}",
                mode=mode,
                ward=ward.code,
                district=ward.district,
                team=team_name(ward.district, mode),
                home=(round(home.lat, 6), round(home.lon, 6)),
                patrol_pace=round(patrol, 3),
                response_pace=round(response, 3),
                shift_start=start,
                shift_end=end,
                break_start=brk,
                break_length=rng.uniform(30, 45) * 60,
                battery_pct=rng.uniform(70, 100),
            )
        )
    return roster
