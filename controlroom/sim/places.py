"""Real addresses for the simulation: house numbers OpenStreetMap has, on the streets they are on.

Where the map has no house near a point, an address is only the street and its locality
("Leek Road, Hanley"): the simulation never invents a house number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from controlroom.geo.gazetteer import load_places, read_gazetteer
from controlroom.geo.localities import context
from controlroom.geo.once import once
from controlroom.geo.reverse import reverse
from controlroom.geo.roads import M_PER_DEG

HOUSE_WITHIN_M = 250.0
COS_LAT = 0.6  # the force area's longitude scale (cos 53°), for the k-d tree only


@dataclass(frozen=True, slots=True)
class Houses:
    text: list[str]
    street: list[str]
    town: list[str]
    lat: np.ndarray
    lon: np.ndarray
    tree: cKDTree


def _xy(lat, lon) -> np.ndarray:
    return np.column_stack([np.asarray(lon) * COS_LAT * M_PER_DEG, np.asarray(lat) * M_PER_DEG])


@once
def houses() -> Houses:
    places = load_places()
    rows = read_gazetteer()["addresses"]
    text, street, town = [], [], []
    for number, name, _lat, _lon, loc, town_index in rows:
        where = context(places.name(loc), places.name(town_index))
        text.append(", ".join([f"{number} {name}", *where]))
        street.append(name)
        town.append(where[-1] if where else "")
    lat = np.array([r[2] for r in rows])
    lon = np.array([r[3] for r in rows])
    return Houses(text, street, town, lat, lon, cKDTree(_xy(lat, lon)))


def _house(i: int) -> dict:
    h = houses()
    return {
        "text": h.text[i],
        "street": h.street[i],
        "town": h.town[i],
        "lat": float(h.lat[i]),
        "lon": float(h.lon[i]),
    }


def address_near(rng: random.Random, lat: float, lon: float) -> dict:
    """One of the nearest real houses to a point, or the street it is on where none is near."""
    h = houses()
    found = h.tree.query_ball_point(_xy([lat], [lon])[0], HOUSE_WITHIN_M)
    if found:
        return _house(rng.choice(sorted(found)))  # sorted: the same seed, the same house
    where = reverse(lat, lon)
    return {
        "text": where.label,
        "street": where.street or where.locality,
        "town": where.town,
        "lat": lat,
        "lon": lon,
    }


def random_address(rng: random.Random) -> dict:
    """A real house anywhere in the area (where people in the population live)."""
    return _house(rng.randrange(len(houses().text)))
