"""The force area: its districts and wards (the beats officers patrol), from resources/geodata."""

from __future__ import annotations

import functools
import gzip
import json
import random
from dataclasses import dataclass
from importlib import resources

import numpy as np

from controlroom.geo.geometry import Polygon, bbox_of, in_polygon, polygons_of, raster

GEODATA = "geodata"
MASK_CELL_DEG = 0.002


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
        self._mask: np.ndarray | None = None

    def contains(self, lat: float, lon: float) -> bool:
        return any(d.contains(lat, lon) for d in self.districts)

    def contains_many(self, lats, lons) -> np.ndarray:
        """Points well inside the area, many at once: on a grid of MASK_CELL_DEG (about 200 m),
        a cell counts when it and its four neighbours have their centres inside."""
        mask = self._inner_mask()
        x0, y0, _, _ = self.bbox
        rows = np.floor((np.asarray(lats) - y0) / MASK_CELL_DEG).astype(int)
        cols = np.floor((np.asarray(lons) - x0) / MASK_CELL_DEG).astype(int)
        ok = (rows >= 0) & (cols >= 0) & (rows < mask.shape[0]) & (cols < mask.shape[1])
        found = np.zeros(len(rows), bool)
        found[ok] = mask[rows[ok], cols[ok]]
        return found

    def _inner_mask(self) -> np.ndarray:
        if self._mask is None:
            polygons = [p for d in self.districts for p in d.polygons]
            grid = np.pad(raster(polygons, self.bbox, MASK_CELL_DEG), 1)
            inner = grid[1:-1, 1:-1] & grid[:-2, 1:-1] & grid[2:, 1:-1]
            self._mask = inner & grid[1:-1, :-2] & grid[1:-1, 2:]
        return self._mask

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
