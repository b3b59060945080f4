"""The force area: its districts and wards (the beats officers patrol), from resources/geodata."""

from __future__ import annotations

import functools
import gzip
import json
import random
from dataclasses import dataclass
from importlib import resources

from controlroom.geo.geometry import Polygon, bbox_of, in_polygon, polygons_of

GEODATA = "geodata"


def read_geodata(name: str) -> bytes:
    """Bytes of a file shipped in resources/geodata (gunzipped when the name ends in .gz)."""
    data = resources.files("resources").joinpath(GEODATA, name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


@dataclass(frozen=True)
class Region:
    """A district or a ward: named polygons with a bounding box for a quick reject."""

    code: str
    name: str
    district: str
    weight: float
    polygons: tuple[Polygon, ...]
    bbox: tuple[float, float, float, float]

    def contains(self, lat: float, lon: float) -> bool:
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            return False
        return any(in_polygon(lon, lat, p) for p in self.polygons)

    def random_point(self, rng: random.Random) -> tuple[float, float]:
        """A uniformly random (lat, lon) inside the region."""
        x0, y0, x1, y1 = self.bbox
        for _ in range(10_000):
            lat, lon = rng.uniform(y0, y1), rng.uniform(x0, x1)
            if self.contains(lat, lon):
                return lat, lon
        raise ValueError(f"could not place a point in {self.name}")

    @property
    def centre(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.bbox
        return (y0 + y1) / 2, (x0 + x1) / 2


def _region(feature: dict) -> Region:
    props = feature["properties"]
    polys = tuple(polygons_of(feature["geometry"]))
    return Region(
        code=props["code"],
        name=props["name"],
        district=props.get("district", props["name"]),
        weight=float(props.get("weight", 1.0)),
        polygons=polys,
        bbox=bbox_of(list(polys)),
    )


class Area:
    """The force area as districts, and the wards inside them."""

    def __init__(self, districts: list[Region], wards: list[Region]) -> None:
        self.districts = districts
        self.wards = wards
        self.bbox = bbox_of([p for d in districts for p in d.polygons])

    def contains(self, lat: float, lon: float) -> bool:
        return any(d.contains(lat, lon) for d in self.districts)

    def ward_at(self, lat: float, lon: float) -> Region | None:
        return next((w for w in self.wards if w.contains(lat, lon)), None)

    def district_at(self, lat: float, lon: float) -> str | None:
        return next((d.name for d in self.districts if d.contains(lat, lon)), None)

    def pick_ward(self, rng: random.Random) -> Region:
        """A ward chosen by patrol weight (busy towns get more officers)."""
        return rng.choices(self.wards, weights=[w.weight for w in self.wards])[0]


@functools.cache
def load_area() -> Area:
    districts = json.loads(read_geodata("districts.geojson"))["features"]
    wards = json.loads(read_geodata("wards.geojson"))["features"]
    return Area([_region(f) for f in districts], [_region(f) for f in wards])
