"""Addresses and places on the area's real streets (from the street graph)."""

from __future__ import annotations

import functools
import random

from controlroom.geo.area import load_area
from controlroom.geo.streets import StreetGraph, load_streets

STREET_WORDS = [
    "Road",
    "Street",
    "Lane",
    "Avenue",
    "Close",
    "Drive",
    "Way",
    "Grove",
    "Crescent",
    "Place",
    "Court",
    "Gardens",
    "Terrace",
    "View",
    "Walk",
    "Rise",
    "Square",
    "Hill",
    "Green",
    "Row",
    "Mews",
    "Parade",
    "Bank",
    "Croft",
    "Fold",
    "Meadow",
    "Park",
    "Vale",
    "End",
]
TOWNS = {
    "Stoke-on-Trent": "Stoke-on-Trent",
    "Newcastle-under-Lyme": "Newcastle-under-Lyme",
    "East Staffordshire": "Burton upon Trent",
    "Stafford": "Stafford",
    "Tamworth": "Tamworth",
    "Lichfield": "Lichfield",
    "Cannock Chase": "Cannock",
    "South Staffordshire": "Codsall",
    "Staffordshire Moorlands": "Leek",
}


def is_residential(street: str) -> bool:
    """True for a named street (not "Supermarket", "Parking Area" and the like)."""
    return street.split()[-1] in STREET_WORDS and "/" not in street


@functools.cache
def residential_nodes() -> tuple[int, ...]:
    graph = load_streets()
    return tuple(i for i in range(len(graph)) if is_residential(graph.street[i]))


@functools.cache
def town_of(node: int) -> str:
    graph = load_streets()
    ward = load_area().ward_at(graph.lat[node], graph.lon[node])
    return TOWNS.get(ward.district, "Stafford") if ward else "Stafford"


def address_at(rng: random.Random, node: int, graph: StreetGraph | None = None) -> dict:
    """A house on the street of a graph node."""
    graph = graph or load_streets()
    number = rng.randint(1, 180)
    flat = f"Flat {rng.randint(1, 12)}, " if rng.random() < 0.12 else ""
    street = graph.street[node]
    return {
        "text": f"{flat}{number} {street}, {town_of(node)}",
        "street": street,
        "town": town_of(node),
        "lat": graph.lat[node],
        "lon": graph.lon[node],
    }


def random_address(rng: random.Random) -> dict:
    return address_at(rng, rng.choice(residential_nodes()))
