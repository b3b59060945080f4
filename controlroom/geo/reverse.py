"""Where a point is, in words: "on or near Leek Road, Hanley".

The street is the nearest road with a name (or a road number) within STREET_WITHIN_M; the
locality and town are the places the point belongs to (controlroom.geo.localities), in its own
district. Far from any named road a point is only "near" its locality.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from controlroom.geo.area import load_area
from controlroom.geo.gazetteer import load_places
from controlroom.geo.localities import context
from controlroom.geo.once import once
from controlroom.geo.roads import load_roads
from controlroom.geo.snap import RoadIndex

STREET_WITHIN_M = 150.0
COUNTRY_WITHIN_M = 6000.0  # in open country, the nearest place of any size within this


@dataclass(frozen=True, slots=True)
class Whereabouts:
    label: str  # "Leek Road, Hanley"
    street: str  # "" away from named roads
    locality: str  # "" in open country
    town: str

    def as_dict(self) -> dict:
        return {"label": self.label, "street": self.street, "locality": self.locality}


@once
def _named_roads() -> RoadIndex:
    graph = load_roads()
    return RoadIndex(graph, graph.named)


def streets_near(lat: float, lon: float, within_m: float = 300.0) -> list[str]:
    """Names of the roads near a point, nearest first, each once."""
    index = _named_roads()
    x, y = index._xy(lat, lon)
    near = index.tree.query_ball_point([float(x), float(y)], within_m)
    segments = index.owner[near]
    order = np.argsort(np.hypot(index.tree.data[near, 0] - x, index.tree.data[near, 1] - y))
    names = (index.graph.street(int(index.seg_edge[s])) for s in segments[order].tolist())
    return list(dict.fromkeys(n for n in names if n))


def reverse(lat: float, lon: float) -> Whereabouts:
    index = _named_roads()
    snap = index.snap(lat, lon)
    street = index.graph.street(snap.edge) if snap.off_m <= STREET_WITHIN_M else ""
    district = load_area().district_at(lat, lon) or ""
    locality, town = load_places().names_at(lat, lon, district)
    where = context(locality, town)
    if street:
        label = ", ".join([street, *where])
    elif where:
        label = "near " + ", ".join(where)
    else:
        nearest = load_places().nearest(lat, lon, COUNTRY_WITHIN_M)
        label = f"near {nearest}" if nearest else f"{lat:.5f}, {lon:.5f}"
    return Whereabouts(label, street, locality or town, town)
