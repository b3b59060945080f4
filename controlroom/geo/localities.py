"""Which town, suburb or village a point is in, from OpenStreetMap's place points.

OSM gives a place as a point with a class, not an outline, so a point belongs to the place of its
own district that is nearest relative to the size of its class: a town's centre claims more ground
than a hamlet's. A locality is any place (a suburb of a town, a village, a hamlet); a town is a
town or city (Stoke-on-Trent's point counts as one more town among its six: its reach is a town's).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from controlroom.geo.roads import M_PER_DEG

# How far each class of place reaches from its point (metres).
REACH_M = {
    "city": 2500.0,
    "town": 2500.0,
    "suburb": 1200.0,
    "village": 1200.0,
    "hamlet": 600.0,
    "neighbourhood": 500.0,
    "locality": 400.0,
}
TOWNS = ("city", "town")
LOCALITY_WITHIN = 1.6  # in reaches: beyond this a point is in open country
TOWN_WITHIN = 2.5


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str  # city, town, suburb, village, hamlet, neighbourhood, locality
    lat: float
    lon: float
    district: str


class Places:
    def __init__(self, places: list[Place]) -> None:
        self.places = [p for p in places if p.kind in REACH_M]
        self.lat = np.array([p.lat for p in self.places])
        self.lon = np.array([p.lon for p in self.places])
        self.reach = np.array([REACH_M[p.kind] for p in self.places])
        self.is_town = np.array([p.kind in TOWNS for p in self.places])
        self.district = np.array([p.district for p in self.places], dtype=object)
        self.cos = float(np.cos(np.radians(np.median(self.lat)))) if self.places else 1.0

    def _relative(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Distance from each point (rows) to each place (columns), in that place's reaches."""
        dy = lats[:, None] - self.lat[None, :]
        dx = (lons[:, None] - self.lon[None, :]) * self.cos
        return np.hypot(dx, dy) * M_PER_DEG / self.reach[None, :]

    def assign(self, lats, lons, districts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(locality, town) indices into places for each point (in the given districts, ""
        where unknown), -1 where there is none."""
        lats, lons = np.atleast_1d(lats), np.atleast_1d(lons)
        locality = np.full(len(lats), -1)
        town = np.full(len(lats), -1)
        if not self.places:
            return locality, town
        district = np.array(districts, dtype=object)
        for lo in range(0, len(lats), 2000):  # in blocks: rows x places stays small
            rel = self._relative(lats[lo : lo + 2000], lons[lo : lo + 2000])
            block = district[lo : lo + 2000]
            other = (block[:, None] != self.district[None, :]) & (block[:, None] != "")
            rel[other] = np.inf
            near = rel.argmin(axis=1)
            ok = rel[np.arange(len(near)), near] <= LOCALITY_WITHIN
            locality[lo : lo + 2000] = np.where(ok, near, -1)
            rel[:, ~self.is_town] = np.inf
            near = rel.argmin(axis=1)
            ok = rel[np.arange(len(near)), near] <= TOWN_WITHIN
            town[lo : lo + 2000] = np.where(ok, near, -1)
        return locality, town

    def names_at(self, lat: float, lon: float, district: str) -> tuple[str, str]:
        """(locality, town) names of a point; "" where there is none."""
        locality, town = self.assign(np.array([lat]), np.array([lon]), [district])
        return self.name(int(locality[0])), self.name(int(town[0]))

    def nearest(self, lat: float, lon: float, within_m: float) -> str:
        """The nearest place of any class within within_m, or ""."""
        if not self.places:
            return ""
        rel = self._relative(np.array([lat]), np.array([lon]))[0] * self.reach
        best = int(rel.argmin())
        return self.places[best].name if rel[best] <= within_m else ""

    def name(self, index: int) -> str:
        return self.places[index].name if index >= 0 else ""


def context(locality: str, town: str) -> list[str]:
    """The words after a street or building in a label: its locality, then its town if other."""
    parts = [locality] if locality else []
    if town and town != locality:
        parts.append(town)
    return parts
