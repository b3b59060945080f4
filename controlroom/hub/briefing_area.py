"""Where a briefing is for, resolved to shapes the store can be asked about: a district or wards
by name (from resources/geodata), a bounding box [W, S, E, N] or a drawn polygon of [lat, lon]
points. Every query is asked of the area's bounding box and then kept to its outline."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from controlroom.contract.briefings import BriefingArea
from controlroom.geo.area import load_area
from controlroom.geo.geometry import Polygon, bbox_of, in_polygon
from controlroom.hub.errors import ApiError

MAX_POLYGON_POINTS = 2000
MAX_WARDS = 60
MAX_SPAN_DEG = 3.0  # the force is about 1 degree across: an area wider than this is a mistake


class AreaError(ApiError, ValueError):
    """An area the hub cannot brief for; the message says what is wrong with it (a 422 when
    it reaches a request, raised in a writer's job or not)."""

    def __init__(self, detail: str):
        super().__init__(422, "invalid", f"area: {detail}")


class UnknownDistrict(AreaError):
    pass


@dataclass(frozen=True)
class ResolvedArea:
    """An area as outlines (GeoJSON order: rings of (lon, lat)) and their bounding box."""

    name: str
    polygons: tuple[Polygon, ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north

    def contains(self, lat: float, lon: float) -> bool:
        west, south, east, north = self.bbox
        if not (west <= lon <= east and south <= lat <= north):
            return False
        return any(in_polygon(lon, lat, p) for p in self.polygons)

    def contains_many(self, lats: Sequence[float], lons: Sequence[float]) -> np.ndarray:
        """Which of many points lie inside (even-odd per polygon, holes included), at once."""
        y, x = np.asarray(lats, float), np.asarray(lons, float)
        inside = np.zeros(len(y), bool)
        for polygon in self.polygons:
            crossed = np.zeros(len(y), bool)
            for ring in polygon:
                xs, ys = np.array([p[0] for p in ring]), np.array([p[1] for p in ring])
                xa, ya = np.roll(xs, 1), np.roll(ys, 1)
                spans = (ys[:, None] > y) != (ya[:, None] > y)  # edges x points
                with np.errstate(divide="ignore", invalid="ignore"):
                    at = xs[:, None] + (y - ys[:, None]) * (xa - xs)[:, None] / (ya - ys)[:, None]
                crossed ^= (np.count_nonzero(spans & (x < at), axis=0) % 2) == 1
            inside |= crossed
        return inside


def resolve(area: BriefingArea) -> ResolvedArea:
    """The area's outline; an AreaError naming the problem for one that is not exactly one of
    a known district, known wards, a box on the earth, or a polygon of a sane size."""
    given = [
        name for name in ("district", "wards", "bbox", "polygon") if getattr(area, name) is not None
    ]
    if len(given) != 1:
        raise AreaError("an area is exactly one of district, wards, bbox or polygon")
    if area.district is not None:
        return _district(area.district)
    if area.wards is not None:
        return _wards(area.wards)
    if area.bbox is not None:
        return _bbox(area.bbox)
    assert area.polygon is not None
    return _polygon(area.polygon)


def area_outline(area: BriefingArea) -> list[list[tuple[float, float]]]:
    """The area's outline as rings of (lat, lon), for maps of the pack."""
    found = resolve(area)
    return [[(lat, lon) for lon, lat in ring] for polygon in found.polygons for ring in polygon]


def _district(name: str) -> ResolvedArea:
    wanted = " ".join(name.split()).casefold()
    districts = load_area().districts
    for region in districts:
        if region.name.casefold() == wanted:
            return ResolvedArea(region.name, region.polygons, region.bbox)
    known = ", ".join(sorted(d.name for d in districts))
    raise UnknownDistrict(f"no district called {name[:80]!r}: the districts are {known}")


def _wards(names: list[str]) -> ResolvedArea:
    if not names or len(names) > MAX_WARDS:
        raise AreaError(f"give between 1 and {MAX_WARDS} wards")
    by_name = {w.name.casefold(): w for w in load_area().wards}
    found = []
    for name in names:
        ward = by_name.get(" ".join(str(name).split()).casefold())
        if ward is None:
            raise AreaError(f"no ward called {str(name)[:80]!r}")
        found.append(ward)
    polygons = tuple(p for w in found for p in w.polygons)
    return ResolvedArea(", ".join(w.name for w in found), polygons, bbox_of(list(polygons)))


def _checked_span(west: float, south: float, east: float, north: float) -> None:
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise AreaError("the area's coordinates must be numbers")
    if not (
        -180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90
    ):
        raise AreaError("longitudes lie in -180..180 and latitudes in -90..90")
    if west >= east or south >= north:
        raise AreaError("the area's west must be less than its east and its south than its north")
    if east - west > MAX_SPAN_DEG or north - south > MAX_SPAN_DEG:
        raise AreaError(
            f"the area is more than {MAX_SPAN_DEG:g} degrees across: draw a smaller one"
        )


def _bbox(box: list[float]) -> ResolvedArea:
    if len(box) != 4:
        raise AreaError("bbox is [west, south, east, north]")
    west, south, east, north = (float(v) for v in box)
    _checked_span(west, south, east, north)
    ring = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    return ResolvedArea("the box drawn", ([ring],), (west, south, east, north))


def _polygon(points: list[list[float]]) -> ResolvedArea:
    if not 3 <= len(points) <= MAX_POLYGON_POINTS:
        raise AreaError(f"a polygon has between 3 and {MAX_POLYGON_POINTS} points")
    if any(len(p) != 2 for p in points):
        raise AreaError("each point of a polygon is [lat, lon]")
    ring = [(float(lon), float(lat)) for lat, lon in points]
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    west, south, east, north = bbox_of([[ring]])
    _checked_span(west, south, east, north)
    return ResolvedArea("the area drawn", ([ring],), (west, south, east, north))
