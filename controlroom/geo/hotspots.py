"""Crime hotspots (weighted street points from police open data), tied to street-graph nodes."""

from __future__ import annotations

import functools
import json
import random

from controlroom.geo.area import read_geodata
from controlroom.geo.streets import StreetGraph, load_streets


@functools.cache
def load_hotspots() -> list[tuple[float, float, int, str]]:
    """(lat, lon, weight, street), heaviest first."""
    rows = json.loads(read_geodata("hotspots.json"))["hotspots"]
    return [(r[0], r[1], int(r[2]), r[3]) for r in rows]


@functools.cache
def node_weights() -> tuple[float, ...]:
    """Crime weight of each street-graph node (0 where no crime was recorded)."""
    graph = load_streets()
    weights = [0.0] * len(graph)
    for lat, lon, weight, _ in load_hotspots():
        weights[graph.nearest(lat, lon)] += weight
    return tuple(weights)


def pick_hotspot_node(rng: random.Random, nodes: list[int] | None = None) -> int:
    """A node drawn by crime weight, from the given nodes or the whole graph."""
    weights = node_weights()
    nodes = nodes if nodes is not None else list(range(len(weights)))
    w = [weights[n] for n in nodes]
    if not any(w):
        return rng.choice(nodes)
    return rng.choices(nodes, weights=w)[0]


def beat_nodes(graph: StreetGraph, home: int, radius_m: float, minimum: int = 8) -> list[int]:
    """The street nodes of a beat: within radius of home, or at least the nearest few."""
    nodes = graph.within(graph.lat[home], graph.lon[home], radius_m)
    radius = radius_m
    while len(nodes) < minimum and radius < 50_000:
        radius *= 2
        nodes = graph.within(graph.lat[home], graph.lon[home], radius)
    return sorted(nodes)
