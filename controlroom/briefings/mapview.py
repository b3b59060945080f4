"""What a printed map shows (``MapSpec``) and where on the paper a point falls (``MapView``):
Web Mercator world coordinates scaled into the frame, y flipped for PDF."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from controlroom.briefings.streets import Point, Shape, StreetTiles, metres_per_world_unit, world

LatLon = tuple[float, float]
COUNTY_CENTRE = (52.8, -2.0)


@dataclass
class MapSpec:
    """The ground a map must cover and what is drawn over the streets."""

    covers: list[LatLon]  # points the map must show (it is widened to the frame's shape)
    outline: list[list[LatLon]] = field(default_factory=list)
    hotspots: list[tuple[float, float, int]] = field(default_factory=list)
    places: list[tuple[int, float, float]] = field(default_factory=list)  # number, lat, lon
    min_metres: float = 700.0  # the least ground the frame spans (a single point is a street)
    detail: bool = False  # street level: buildings, paths, street names


@dataclass
class MapView:
    """World coordinates to the frame's points: ``(x - x0) * scale`` (y flipped)."""

    x0: float
    y0: float
    scale: float
    width: float
    height: float
    lat: float

    @classmethod
    def fitting(cls, spec: MapSpec, width: float, height: float) -> MapView:
        covers = spec.covers or [COUNTY_CENTRE]
        points = [world(lat, lon) for lat, lon in covers]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        lat = sum(p[0] for p in covers) / len(covers)
        least = spec.min_metres / metres_per_world_unit(lat)
        span_x, span_y = max(max(xs) - min(xs), least), max(max(ys) - min(ys), least)
        scale = min(width / (span_x * 1.08), height / (span_y * 1.08))
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        return cls(cx - width / 2 / scale, cy - height / 2 / scale, scale, width, height, lat)

    def at(self, p: Point) -> Point:
        return (p[0] - self.x0) * self.scale, self.height - (p[1] - self.y0) * self.scale

    def of(self, lat: float, lon: float) -> Point:
        return self.at(world(lat, lon))

    def placing(self, shape: Shape) -> tuple[float, float, float]:
        """(a, bx, by): a shape's tile point (px, py) falls at (px * a + bx, by - py * a)."""
        a = shape.unit * self.scale
        bx = (shape.origin[0] - self.x0) * self.scale
        by = self.height - (shape.origin[1] - self.y0) * self.scale
        return a, bx, by

    def box(self) -> tuple[float, float, float, float]:
        x1, y1 = self.x0 + self.width / self.scale, self.y0 + self.height / self.scale
        return self.x0, self.y0, x1, y1

    def inside(self, x: float, y: float, margin: float = 0.0) -> bool:
        return margin <= x <= self.width - margin and margin <= y <= self.height - margin

    def zoom(self, tiles: StreetTiles) -> int:
        """The tile zoom whose tiles print at about 200-400 points across."""
        wanted = int(math.floor(math.log2(max(self.scale / 200, 1))))
        return max(tiles.min_zoom, min(tiles.max_zoom, wanted))

    def metres_per_point(self) -> float:
        return metres_per_world_unit(self.lat) / self.scale

    def road_scale(self) -> float:
        """Road widths: full at street level (about 1:5,000), thinner as the map takes in more."""
        return max(0.18, min(1.0, 1.8 / max(self.metres_per_point(), 0.1)))
