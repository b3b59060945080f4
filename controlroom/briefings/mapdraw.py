"""A map for print, drawn straight onto a reportlab canvas: the streets of the area (from the
project's own vector tiles), the briefing area's outline, hotspots as shaded circles and the
pack's places as numbered markers, with a scale bar and the map data's attribution.

Colours are the light street style's, toned for paper: sober, legible in greyscale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfgen.canvas import Canvas

from controlroom.briefings.items import Figure
from controlroom.briefings.streets import Point, Shape, StreetTiles, metres_per_world_unit, world

LatLon = tuple[float, float]
LAND = HexColor("#f6f4f0")
AREAS = {
    "residential": "#e7e3dd", "industrial": "#e4dfe4", "commercial": "#ecdfdf", "retail": "#eedcda",
    "wood": "#d3e2c8", "forest": "#d3e2c8", "grass": "#dfebd2", "park": "#d6e9cb",
    "recreation_ground": "#d6e9cb", "cemetery": "#d5e0cf", "pitch": "#d3e6cf",
    "hospital": "#f1dddd", "school": "#efe8d6", "college": "#efe8d6", "university": "#efe8d6",
    "nature_reserve": "#d6e6cc", "golf_course": "#d8e8cc", "allotments": "#dfe8cf",
}  # fmt: skip
WATER = HexColor("#c6dcec")
BUILDING, BUILDING_EDGE = HexColor("#dcd6ce"), HexColor("#c9c1b6")
CASING = HexColor("#9d9a94")
# Road class -> (fill colour, width in points on a street-level map); drawn bottom to top.
ROADS: dict[str, tuple[str, float]] = {
    "path": ("#9c948a", 0.5), "track": ("#9c948a", 0.5), "service": ("#ffffff", 1.2),
    "pedestrian": ("#f4f1ec", 1.6), "minor": ("#ffffff", 2.4), "tertiary": ("#ffffff", 3.0),
    "secondary": ("#fbf1c6", 3.4), "primary": ("#f8dea0", 3.8), "trunk": ("#f3c98d", 4.2),
    "motorway": ("#e8a977", 4.6),
}  # fmt: skip
RAIL = HexColor("#7b7b7b")
HOTSPOT = HexColor("#c0392b")
OUTLINE = HexColor("#1f3a5f")
MARKER = HexColor("#1f3a5f")
INK = HexColor("#222222")


@dataclass
class MapSpec:
    """What a map shows: the ground it must cover and what is drawn over the streets."""

    covers: list[LatLon]  # points the map must show (it is widened to the frame's shape)
    outline: list[list[LatLon]] = field(default_factory=list)
    hotspots: list[tuple[float, float, int]] = field(default_factory=list)
    places: list[tuple[int, float, float]] = field(default_factory=list)  # number, lat, lon
    min_metres: float = 400.0  # the least ground the frame spans (a single point is a street)
    detail: bool = False  # street level: buildings, casings, street names


class StreetMap(Figure):
    """A framed map of ``width`` x ``height`` points."""

    def __init__(self, spec: MapSpec, tiles: StreetTiles | None, width: float, height: float):
        super().__init__()
        self.spec, self.tiles = spec, tiles
        self.width, self.height = width, height
        self._view = _View.fitting(spec, width, height)

    def draw(self) -> None:
        c: Canvas = self.canv
        c.saveState()
        frame = c.beginPath()
        frame.rect(0, 0, self.width, self.height)
        c.clipPath(frame, stroke=0, fill=0)
        c.setFillColor(LAND)
        c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.tiles is not None:
            _draw_streets(c, self._view, self.tiles, self.spec.detail)
        _draw_outline(c, self._view, self.spec.outline)
        _draw_hotspots(c, self._view, self.spec.hotspots)
        _draw_places(c, self._view, self.spec.places)
        _draw_scale(c, self._view)
        _draw_attribution(c, self.width, self.tiles is not None)
        c.restoreState()
        c.setStrokeColor(INK)
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)


@dataclass
class _View:
    """World coordinates to the frame's points: ``(x - x0) * scale`` (y flipped for PDF)."""

    x0: float
    y0: float
    scale: float
    width: float
    height: float
    lat: float

    @classmethod
    def fitting(cls, spec: MapSpec, width: float, height: float) -> _View:
        points = [world(lat, lon) for lat, lon in spec.covers] or [world(52.8, -2.0)]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        lat = sum(p[0] for p in spec.covers) / len(spec.covers) if spec.covers else 52.8
        least = spec.min_metres / metres_per_world_unit(lat)
        span_x, span_y = max(max(xs) - min(xs), least), max(max(ys) - min(ys), least)
        scale = min(width / (span_x * 1.08), height / (span_y * 1.08))
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        return cls(cx - width / 2 / scale, cy - height / 2 / scale, scale, width, height, lat)

    def at(self, p: Point) -> Point:
        return (p[0] - self.x0) * self.scale, self.height - (p[1] - self.y0) * self.scale

    def box(self) -> tuple[float, float, float, float]:
        x1, y1 = self.x0 + self.width / self.scale, self.y0 + self.height / self.scale
        return self.x0, self.y0, x1, y1

    def zoom(self, tiles: StreetTiles) -> int:
        """The tile zoom whose tiles print at about 200-400 points across."""
        wanted = int(math.floor(math.log2(max(self.scale / 200, 1))))
        return max(tiles.min_zoom, min(tiles.max_zoom, wanted))

    def road_scale(self) -> float:
        """Road widths: full at street level (about 1:5,000), thinner as the map takes in more."""
        metres_per_point = metres_per_world_unit(self.lat) / self.scale
        return max(0.18, min(1.0, 1.8 / max(metres_per_point, 0.1)))


def _draw_streets(c: Canvas, view: _View, tiles: StreetTiles, detail: bool) -> None:
    shapes = tiles.covering(view.box(), view.zoom(tiles))
    for shape in shapes:
        if shape.layer in ("landuse", "landcover", "park"):
            fill = AREAS.get(shape.kind)
            if fill:
                _fill(c, view, shape, HexColor(fill))
    for shape in shapes:
        if shape.layer == "water":
            _fill(c, view, shape, WATER)
    if detail:
        c.setStrokeColor(BUILDING_EDGE)
        c.setLineWidth(0.25)
        for shape in shapes:
            if shape.layer == "building":
                _fill(c, view, shape, BUILDING, stroke=True)
    _draw_lines(c, view, [s for s in shapes if s.layer == "waterway"], WATER, 1.2)
    roads = [s for s in shapes if s.layer == "transportation"]
    _draw_roads(c, view, roads, detail)


def _draw_roads(c: Canvas, view: _View, roads: list[Shape], detail: bool) -> None:
    scale = view.road_scale()
    c.setLineCap(1)
    c.setLineJoin(1)
    rail = [r for r in roads if r.kind in ("rail", "transit")]
    _draw_lines(c, view, rail, RAIL, 0.7 * max(scale, 0.6), dash=(3, 2))
    for cased in (True, False):
        for kind, (colour, width) in ROADS.items():
            lines = [r for r in roads if r.kind == kind]
            if not lines or (kind in ("path", "track", "service") and not detail):
                continue
            if cased and kind in ("path", "track"):
                continue
            drawn = width * scale
            if cased:
                _draw_lines(c, view, lines, CASING, drawn + max(0.5, 0.9 * scale))
            else:
                dash = (1.5, 1.2) if kind in ("path", "track") else None
                _draw_lines(c, view, lines, HexColor(colour), drawn, dash=dash)


def _draw_lines(
    c: Canvas,
    view: _View,
    shapes: list[Shape],
    colour: Color,
    width: float,
    dash: tuple[float, float] | None = None,
) -> None:
    if not shapes:
        return
    ops: list[str] = []
    for shape in shapes:
        for part in shape.parts:
            _trace(ops, view, part, close=False)
    c.setStrokeColor(colour)
    c.setLineWidth(width)
    c.setDash(*dash) if dash else c.setDash()
    c.addLiteral("\n".join(ops) + "\nS")
    c.setDash()


def _fill(c: Canvas, view: _View, shape: Shape, colour: Color, stroke: bool = False) -> None:
    ops: list[str] = []
    for part in shape.parts:
        _trace(ops, view, part, close=True)
    c.setFillColor(colour)
    c.addLiteral("\n".join(ops) + ("\nB*" if stroke else "\nf*"))  # even-odd: holes stay open


def _trace(ops: list[str], view: _View, part: tuple[Point, ...], close: bool) -> None:
    """PDF path operators for one line or ring, written directly (a county view has 100,000s
    of points), dropping points closer than a third of a point to the last one kept."""
    x0, y0, s, h = view.x0, view.y0, view.scale, view.height
    px, py = part[0]
    lx, ly = (px - x0) * s, h - (py - y0) * s
    ops.append(f"{lx:.1f} {ly:.1f} m")
    last = len(part) - 1
    for i, (px, py) in enumerate(part):
        x, y = (px - x0) * s, h - (py - y0) * s
        if abs(x - lx) + abs(y - ly) > 0.35 or (i == last and i):
            ops.append(f"{x:.1f} {y:.1f} l")
            lx, ly = x, y
    if close:
        ops.append("h")


def _draw_outline(c: Canvas, view: _View, rings: list[list[LatLon]]) -> None:
    if not rings:
        return
    ops: list[str] = []
    for ring in rings:
        _trace(ops, view, tuple(world(lat, lon) for lat, lon in ring), close=True)
    c.setStrokeColor(OUTLINE)
    c.setLineWidth(1.6)
    c.setDash(6, 3)
    c.addLiteral("\n".join(ops) + "\nS")
    c.setDash()


def _draw_hotspots(c: Canvas, view: _View, hotspots: list[tuple[float, float, int]]) -> None:
    if not hotspots:
        return
    most = max(max(count for _, _, count in hotspots), 1)
    c.setFillColor(HOTSPOT)
    c.setStrokeColor(HOTSPOT)
    c.setLineWidth(0.6)
    for lat, lon, count in sorted(hotspots, key=lambda h: -h[2]):
        x, y = view.at(world(lat, lon))
        radius = 4 + 14 * math.sqrt(max(count, 0) / most)
        c.setFillAlpha(0.12 + 0.22 * max(count, 0) / most)
        c.circle(x, y, radius, stroke=0, fill=1)
        c.setFillAlpha(1)
        c.circle(x, y, radius, stroke=1, fill=0)


def _draw_places(c: Canvas, view: _View, places: list[tuple[int, float, float]]) -> None:
    for number, lat, lon in places:
        x, y = view.at(world(lat, lon))
        label = str(number)
        c.setFillColor(MARKER)
        c.setStrokeColor(white)
        c.setLineWidth(1.2)
        radius = 6.5 if number < 10 else 7.5
        c.circle(x, y, radius, stroke=1, fill=1)
        c.setFillColor(white)
        c.setFont("Helvetica-Bold", 7.5)
        c.drawCentredString(x, y - 2.6, label)


def _draw_scale(c: Canvas, view: _View) -> None:
    metres_per_point = metres_per_world_unit(view.lat) / view.scale
    target = metres_per_point * view.width * 0.22
    step = 10 ** math.floor(math.log10(target))
    metres = max(m * step for m in (1, 2, 5) if m * step <= target)
    length = metres / metres_per_point
    x, y = 8.0, 8.0
    c.setFillColor(white)
    c.setFillAlpha(0.8)
    c.rect(x - 4, y - 4, length + 40, 16, stroke=0, fill=1)
    c.setFillAlpha(1)
    c.setStrokeColor(INK)
    c.setLineWidth(1)
    c.line(x, y, x + length, y)
    c.line(x, y - 2, x, y + 3)
    c.line(x + length, y - 2, x + length, y + 3)
    c.setFillColor(INK)
    c.setFont("Helvetica", 6.5)
    text = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    c.drawString(x + length + 4, y - 1, text)


def _draw_attribution(c: Canvas, width: float, streets: bool) -> None:
    if not streets:
        return
    text = "© OpenStreetMap contributors"
    c.setFont("Helvetica", 5.5)
    w = c.stringWidth(text, "Helvetica", 5.5)
    c.setFillColor(white)
    c.setFillAlpha(0.8)
    c.rect(width - w - 6, 0, w + 6, 9, stroke=0, fill=1)
    c.setFillAlpha(1)
    c.setFillColor(INK)
    c.drawString(width - w - 3, 2.5, text)
