"""Crime hotspots: weighted street points from police open data (January 2019)."""

from __future__ import annotations

import json
import random

import numpy as np

from controlroom.geo.area import read_geodata
from controlroom.geo.once import once


@once
def load_hotspots() -> list[tuple[float, float, int, str]]:
    """(lat, lon, weight, street as the police named it), heaviest first."""
    rows = json.loads(read_geodata("hotspots.json"))["hotspots"]
    return [(r[0], r[1], int(r[2]), r[3]) for r in rows]


@once
def hotspot_arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = load_hotspots()
    return (
        np.array([r[0] for r in rows]),
        np.array([r[1] for r in rows]),
        np.array([float(r[2]) for r in rows]),
    )


def hotspots_within(lat: float, lon: float, radius_m: float) -> list[tuple[float, float, float]]:
    """(lat, lon, weight) of the hotspots within radius_m of a point."""
    lats, lons, weights = hotspot_arrays()
    cos = np.cos(np.radians(lat))
    metres = np.hypot(lats - lat, (lons - lon) * cos) * 111_195.0
    near = np.flatnonzero(metres <= radius_m)
    return [(float(lats[i]), float(lons[i]), float(weights[i])) for i in near.tolist()]


def pick_hotspot(rng: random.Random) -> tuple[float, float]:
    """A hotspot of the whole area, drawn by its crime weight."""
    lats, lons, weights = hotspot_arrays()
    i = rng.choices(range(len(weights)), weights=weights.tolist())[0]
    return float(lats[i]), float(lons[i])
