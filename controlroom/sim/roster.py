"""The shift's officers: UK-style call signs, foot or vehicle, beat, shift times and breaks."""

from __future__ import annotations

import functools
import json
import random
from dataclasses import dataclass

from controlroom.geo.area import load_area, read_geodata
from controlroom.geo.streets import load_streets
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
    home: int  # street node the officer starts from (their station or beat centre)
    patrol_speed_mps: float
    response_speed_mps: float
    shift_start: float  # simulated seconds from the start of the run
    shift_end: float
    break_start: float
    break_length: float
    battery_pct: float


def _speeds(rng: random.Random, mode: str) -> tuple[float, float]:
    p = gps_profile()[mode]
    spread = p["p90_speed_mps"] - p["median_speed_mps"]
    if mode == "foot":  # the hike was uphill; patrol walking is a little brisker
        patrol = max(0.9, rng.gauss(p["median_speed_mps"] * 1.25, spread))
        return patrol, patrol * 2.2
    patrol = max(5.0, rng.gauss(p["median_speed_mps"], spread / 2))
    return patrol, p["p90_speed_mps"] * 1.4


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


def make_roster(seed: int, count: int) -> list[OfficerPlan]:
    rng = random.Random(f"roster:{seed}")
    area, graph = load_area(), load_streets()
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
        patrol, response = _speeds(rng, mode)
        start, end = _shift(rng)
        brk = start + rng.uniform(0.4, 0.6) * (end - start)
        roster.append(
            OfficerPlan(
                callsign=f"{prefix}{number}",
                name=f"PC {first} {last}",
                mode=mode,
                ward=ward.code,
                district=ward.district,
                home=graph.nearest(*ward.random_point(rng)),
                patrol_speed_mps=round(patrol, 2),
                response_speed_mps=round(response, 2),
                shift_start=start,
                shift_end=end,
                break_start=brk,
                break_length=rng.uniform(30, 45) * 60,
                battery_pct=rng.uniform(70, 100),
            )
        )
    return roster
