"""A map for print, drawn straight onto a reportlab canvas: the streets of the area (from the
project's own vector tiles), the briefing area's outline, hotspots as shaded circles and the
pack's places as numbered markers, with a scale bar and the map data's attribution.

Colours are the light street style's, toned for paper: sober, legible in greyscale.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor, white
from reportlab.pdfgen.canvas import Canvas

from controlroom.briefings.items import Figure
from controlroom.briefings.mapview import LatLon, MapSpec, MapView
from controlroom.briefings.overlays import (
    draw_attribution,
    draw_hotspots,
    draw_names,
    draw_places,
    draw_scale,
)
from controlroom.briefings.streets import Shape, StreetTiles

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
OUTLINE = HexColor("#1f3a5f")
INK = HexColor("#222222")


class StreetMap(Figure):
    """A framed map of ``width`` x ``height`` points."""

    def __init__(self, spec: MapSpec, tiles: StreetTiles | None, width: float, height: float):
        super().__init__()
        self.spec, self.tiles = spec, tiles
        self.width, self.height = width, height
        self._view = MapView.fitting(spec, width, height)

    def draw(self) -> None:
        c: Canvas = self.canv
        c.saveState()
        frame = c.beginPath()
        frame.rect(0, 0, self.width, self.height)
        c.clipPath(frame, stroke=0, fill=0)
        c.setFillColor(LAND)
        c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        self._shapes = (
            self.tiles.covering(self._view.box(), self._view.zoom(self.tiles)) if self.tiles else []
        )
        _draw_streets(c, self._view, self._shapes, self.spec.detail)
        _draw_outline(c, self._view, self.spec.outline)
        draw_hotspots(c, self._view, self.spec.hotspots)
        if self.tiles is not None:
            draw_names(c, self._view, self._shapes, self.spec.detail, self.spec.places)
        draw_places(c, self._view, self.spec.places)
        draw_scale(c, self._view)
        draw_attribution(c, self._view, self.tiles is not None)
        c.restoreState()
        c.setStrokeColor(INK)
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)


def _draw_streets(c: Canvas, view: MapView, shapes: list[Shape], detail: bool) -> None:
    areas: dict[str, list[Shape]] = {}
    for shape in shapes:
        if shape.layer in ("landuse", "landcover", "park") and shape.kind in AREAS:
            areas.setdefault(AREAS[shape.kind], []).append(shape)
    for colour, filled in areas.items():
        c.setFillColor(HexColor(colour))
        _paint(c, view, filled, "f")
    c.setFillColor(WATER)
    _paint(c, view, [s for s in shapes if s.layer == "water"], "f")
    if detail:
        c.setFillColor(BUILDING)
        c.setStrokeColor(BUILDING_EDGE)
        _paint(c, view, [s for s in shapes if s.layer == "building"], "B", width=0.25)
    c.setStrokeColor(WATER)
    _paint(c, view, [s for s in shapes if s.layer == "waterway"], "S", width=1.2)
    roads = [s for s in shapes if s.layer == "transportation"]
    _draw_roads(c, view, roads, detail)


def _draw_roads(c: Canvas, view: MapView, roads: list[Shape], detail: bool) -> None:
    scale = view.road_scale()
    c.setLineCap(1)
    c.setLineJoin(1)
    rail = [r for r in roads if r.kind in ("rail", "transit")]
    c.setStrokeColor(RAIL)
    _paint(c, view, rail, "S", width=0.7 * max(scale, 0.6), dash=(3, 2))
    for cased in (True, False):
        for kind, (colour, width) in ROADS.items():
            lines = [r for r in roads if r.kind == kind]
            if not lines or (kind in ("path", "track", "service") and not detail):
                continue
            if cased and kind in ("path", "track"):
                continue
            drawn = width * scale
            if cased:
                c.setStrokeColor(CASING)
                _paint(c, view, lines, "S", width=drawn + max(0.5, 0.9 * scale))
            else:
                dash = (1.5, 1.2) if kind in ("path", "track") else None
                c.setStrokeColor(HexColor(colour))
                _paint(c, view, lines, "S", width=drawn, dash=dash)


def _paint(
    c: Canvas,
    view: MapView,
    shapes: list[Shape],
    operator: str,
    width: float = 0.0,
    dash: tuple[float, float] | None = None,
) -> None:
    """Stroke or fill the shapes with the canvas's colours: each tile's paths as written once
    at decoding, placed by a transform (widths and dashes are then in tile units). Fills are
    nonzero: the tiles wind holes against their outer rings."""
    by_tile: dict[tuple[float, float], list[Shape]] = {}
    for shape in shapes:
        by_tile.setdefault(shape.origin, []).append(shape)
    for group in by_tile.values():
        a, bx, by = view.placing(group[0])
        ops = [f"q {a:.6g} 0 0 {-a:.6g} {bx:.4f} {by:.4f} cm"]
        if width:
            ops.append(f"{width / a:.2f} w")
        if dash:
            ops.append(f"[{dash[0] / a:.1f} {dash[1] / a:.1f}] 0 d")
        ops.extend(s.path for s in group)
        ops.append(f"{operator} Q")
        c.addLiteral("\n".join(ops))


def _ring(ops: list[str], view: MapView, ring: list[LatLon]) -> None:
    points = [view.of(lat, lon) for lat, lon in ring]
    if len(points) < 2:
        return
    ops.append(f"{points[0][0]:.1f} {points[0][1]:.1f} m")
    ops.extend(f"{x:.1f} {y:.1f} l" for x, y in points[1:])
    ops.append("h")


def _draw_outline(c: Canvas, view: MapView, rings: list[list[LatLon]]) -> None:
    if not rings:
        return
    ops: list[str] = []
    for ring in rings:
        _ring(ops, view, ring)
    rings_path = "\n".join(ops)
    frame = f"0 0 {view.width:.1f} {view.height:.1f} re"
    c.saveState()
    c.setFillColor(white)
    c.setFillAlpha(0.55)  # a veil over what lies outside the area: the area stands out
    c.addLiteral(f"{frame}\n{rings_path}\nf*")
    c.restoreState()
    c.setStrokeColor(OUTLINE)
    c.setLineWidth(1.5)
    c.addLiteral(rings_path + "\nS")
