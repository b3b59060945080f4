"""Road kinds of the routable graph: who may use each, and how fast a response vehicle goes.

One table, read by the tool that builds the graph (tools/derive_roads.py) and by routing at run
time. Speeds are what a marked car makes on a response drive (blue lights where it helps), averaged
over junctions and traffic: they rank units, time the simulator's drives, and are documented in the
README's routing section.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RoadKind:
    name: str
    vehicle_kmh: float  # 0: no vehicles (paths, tracks, pedestrian streets)
    foot: bool  # officers on foot may walk it
    foot_cost: float = 1.0  # a walked metre here costs this many metres on the flat


KINDS: tuple[RoadKind, ...] = (
    RoadKind("motorway", 100.0, False),
    RoadKind("motorway_link", 60.0, False),
    RoadKind("trunk", 80.0, True),
    RoadKind("trunk_link", 50.0, True),
    RoadKind("primary", 60.0, True),
    RoadKind("secondary", 55.0, True),
    RoadKind("tertiary", 50.0, True),
    RoadKind("unclassified", 45.0, True),
    RoadKind("residential", 32.0, True),
    RoadKind("living_street", 15.0, True),
    RoadKind("service", 15.0, True),
    RoadKind("parking_aisle", 10.0, True),
    RoadKind("pedestrian", 0.0, True),
    RoadKind("track", 0.0, True),
    RoadKind("path", 0.0, True),
    RoadKind("steps", 0.0, True, 2.0),
)
KIND_INDEX = {k.name: i for i, k in enumerate(KINDS)}
# Kinds a car's route may use; the rest are for walking only.
VEHICLE_KINDS = frozenset(i for i, k in enumerate(KINDS) if k.vehicle_kmh > 0)
# How much a street matters when two of the same name compete in a search (higher first).
IMPORTANCE = {
    "motorway": 6,
    "trunk": 6,
    "primary": 5,
    "secondary": 4,
    "tertiary": 3,
    "unclassified": 2,
    "residential": 2,
    "living_street": 1,
    "pedestrian": 2,
}


def kind_of(road_class: str, highway: str, ramp: bool, service: str | None) -> str:
    """The road kind of a roads-layer feature (OpenMapTiles class and OSM highway value)."""
    if road_class in ("motorway", "trunk") and ramp:
        return f"{road_class}_link"
    if road_class in ("motorway", "trunk", "primary", "secondary", "tertiary"):
        return road_class
    if road_class == "minor":
        return highway if highway in ("residential", "living_street") else "unclassified"
    if road_class == "service":
        return "parking_aisle" if service in ("parking_aisle", "parking") else "service"
    if road_class == "pedestrian":
        return "pedestrian"
    if highway == "steps":
        return "steps"
    return "track" if highway == "track" else "path"


def vehicle_mps(kind: int) -> float:
    return KINDS[kind].vehicle_kmh / 3.6
