"""Finding a place by typing it: street names of the area's street graph, with the district
each lies in, so a call handler can type "Piccadilly" and get a point to raise an incident at."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from controlroom.geo.area import load_area
from controlroom.geo.streets import StreetGraph, load_streets


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    district: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        return f"{self.name}, {self.district}" if self.district else self.name


@functools.cache
def _places() -> tuple[Place, ...]:
    graph, area = load_streets(), load_area()
    return tuple(sorted(_street_places(graph, area), key=lambda p: p.label))


def _street_places(graph: StreetGraph, area) -> list[Place]:
    """One place per street and district, at the street's node nearest its middle."""
    groups: dict[tuple[str, str], list[int]] = {}
    for node in range(len(graph)):
        district = area.district_at(graph.lat[node], graph.lon[node]) or ""
        groups.setdefault((graph.street[node], district), []).append(node)
    places = []
    for (name, district), nodes in groups.items():
        lat = sum(graph.lat[n] for n in nodes) / len(nodes)
        lon = sum(graph.lon[n] for n in nodes) / len(nodes)
        middle = min(nodes, key=lambda n: graph.approx_m(n, lat, lon))
        places.append(Place(name, district, graph.lat[middle], graph.lon[middle]))
    return places


def search(text: str, limit: int = 10) -> list[Place]:
    """Places whose name starts with the text first, then those that contain it."""
    words = text.lower().split()
    if not words:
        return []
    found = [p for p in _places() if all(w in p.label.lower() for w in words)]
    found.sort(key=lambda p: (not p.name.lower().startswith(words[0]), p.label))
    return found[:limit]
