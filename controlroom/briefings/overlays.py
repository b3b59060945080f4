"""What a printed map carries over its streets: hotspots as shaded circles (gathered into cells,
so a street full of reports is one hotspot, not a smear), the pack's places as numbered markers,
street and place names, a scale bar and the map data's attribution."""

from __future__ import annotations

import math
from collections import defaultdict

from reportlab.lib.colors import HexColor, white
from reportlab.pdfgen.canvas import Canvas

from controlroom.briefings.mapview import MapView
from controlroom.briefings.streets import Point, Shape
from controlroom.briefings.styles import BOLD, FONT, ITALIC

HOTSPOT = HexColor("#b03a2e")
MARKER = HexColor("#1f3a5f")
INK = HexColor("#222222")
STREET_INK = HexColor("#4a4a4a")
PLACE_INK = HexColor("#333333")
HOTSPOT_CELLS = 14  # the most hotspots one map shows
CELLS_ACROSS = 28  # hotspot cells across the map's width
# Road classes whose names are printed, most important first.
NAMED_ROADS = ("motorway", "trunk", "primary", "secondary", "tertiary", "minor", "pedestrian")
# Towns first; not the city: its point sits on one of its towns, whose name matters more.
PLACE_CLASSES = {"town": 1, "suburb": 2, "village": 2, "quarter": 3, "neighbourhood": 3}
Box = tuple[float, float, float, float]
Hotspot = tuple[float, float, int]  # lat, lon, reports
Marker = tuple[int, float, float]  # number, lat, lon


def draw_hotspots(c: Canvas, view: MapView, hotspots: list[Hotspot]) -> None:
    cells = _cells(view, hotspots)
    if not cells:
        return
    most = max(count for _, _, count in cells)
    cell = view.width / CELLS_ACROSS
    c.setFillColor(HOTSPOT)
    c.setStrokeColor(HOTSPOT)
    for x, y, count in cells:
        share = count / most
        radius = cell * (0.55 + 0.9 * math.sqrt(share))
        c.setFillAlpha(0.14 + 0.16 * share)
        c.circle(x, y, radius, stroke=0, fill=1)
        c.setFillAlpha(0.25 + 0.3 * share)
        c.circle(x, y, radius * 0.45, stroke=0, fill=1)
    c.setFillAlpha(1)


def _cells(
    view: MapView, hotspots: list[tuple[float, float, int]]
) -> list[tuple[float, float, int]]:
    """The busiest cells of the map as (x, y, count), at each cell's weighted centre."""
    size = view.width / CELLS_ACROSS
    sums: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for lat, lon, count in hotspots:
        x, y = view.of(lat, lon)
        if count <= 0 or not view.inside(x, y, -size):
            continue
        cell = sums[(int(x // size), int(y // size))]
        cell[0] += x * count
        cell[1] += y * count
        cell[2] += count
    busiest = sorted(sums.values(), key=lambda s: -s[2])[:HOTSPOT_CELLS]
    return [(sx / n, sy / n, int(n)) for sx, sy, n in busiest]


def draw_places(c: Canvas, view: MapView, places: list[Marker]) -> None:
    for number, lat, lon in places:
        x, y = view.of(lat, lon)
        c.setFillColor(MARKER)
        c.setStrokeColor(white)
        c.setLineWidth(1.2)
        c.circle(x, y, 6.5 if number < 10 else 7.5, stroke=1, fill=1)
        c.setFillColor(white)
        c.setFont(BOLD, 7.5)
        c.drawCentredString(x, y - 2.7, str(number))


def draw_names(
    c: Canvas, view: MapView, shapes: list[Shape], detail: bool, places: list[Marker]
) -> None:
    """Street names on a street-level map, town and suburb names on a wider one; none over
    the places' markers."""
    w, h = view.width, view.height
    taken: list[Box] = [(w - 80, h - 10, w, h), (0, 0, 60, 16)]  # attribution, scale bar
    for _, lat, lon in places:
        x, y = view.of(lat, lon)
        taken.append((x - 8, y - 8, x + 8, y + 8))
    if detail:
        _street_names(c, view, shapes, taken)
    else:
        _place_names(c, view, shapes, taken)


def _street_names(c: Canvas, view: MapView, shapes: list[Shape], taken: list[Box]) -> None:
    rank = {kind: i for i, kind in enumerate(NAMED_ROADS)}
    named = [s for s in shapes if s.layer == "transportation_name" and s.name and s.kind in rank]
    named.sort(key=lambda s: rank[s.kind])
    seen: set[str] = set()
    size = 6.0
    for shape in named:
        if shape.name in seen:
            continue
        width = c.stringWidth(shape.name, FONT, size)
        spot = _label_spot(view, shape, width + 6)
        if spot is None:
            continue
        x, y, angle = spot
        half = width / 2 + 2
        box = (x - half, y - half, x + half, y + half)
        if any(_overlaps(box, other) for other in taken):
            continue
        taken.append(box)
        seen.add(shape.name)
        _haloed(c, shape.name, x, y, angle, FONT, size, STREET_INK)


def _label_spot(view: MapView, shape: Shape, length: float) -> tuple[float, float, float] | None:
    """Where a name of ``length`` points fits along the shape inside the map: the middle of
    its longest line, turned along the line and kept upright."""
    a, bx, by = view.placing(shape)
    best: list[Point] = []
    for part in shape.parts:
        line = [(px * a + bx, by - py * a) for px, py in part]
        line = [p for p in line if view.inside(p[0], p[1], 4)]
        if _length(line) > _length(best):
            best = line
    if _length(best) < length:
        return None
    middle, half = _length(best) / 2, length / 2
    (x0, y0), (x1, y1) = _along(best, middle - half), _along(best, middle + half)
    angle = math.degrees(math.atan2(y1 - y0, x1 - x0))
    mx, my = _along(best, middle)
    return mx, my, (angle + 90) % 180 - 90


def _length(line: list[Point]) -> float:
    return sum(math.dist(p, q) for p, q in zip(line, line[1:], strict=False))


def _along(line: list[Point], distance: float) -> Point:
    for p, q in zip(line, line[1:], strict=False):
        step = math.dist(p, q)
        if step >= distance and step > 0:
            t = distance / step
            return p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t
        distance -= step
    return line[-1]


def _place_names(c: Canvas, view: MapView, shapes: list[Shape], taken: list[Box]) -> None:
    places = [s for s in shapes if s.layer == "place" and s.name and s.kind in PLACE_CLASSES]
    places.sort(key=lambda s: PLACE_CLASSES[s.kind])
    seen: set[str] = set()
    for shape in places:
        if shape.name in seen:
            continue
        px, py = view.at(_world_of(shape))
        size = 8.5 if PLACE_CLASSES[shape.kind] <= 1 else 7.0
        font = BOLD if PLACE_CLASSES[shape.kind] <= 1 else ITALIC
        half = c.stringWidth(shape.name, font, size) / 2 + 2
        beside = half + 9
        spots = [(px, py), (px, py + 11), (px, py - 11), (px + beside, py), (px - beside, py)]
        spots += [(px + beside, py + 11), (px - beside, py - 11), (px, py + 20), (px, py - 20)]
        for x, y in spots:  # on the place, else above, below or beside it
            box = (x - half, y - size / 2, x + half, y + size / 2 + 2)
            if view.inside(x, y, half) and not any(_overlaps(box, t) for t in taken):
                taken.append(box)
                seen.add(shape.name)
                _haloed(c, shape.name, x, y, 0.0, font, size, PLACE_INK)
                break


def _world_of(shape: Shape) -> tuple[float, float]:
    px, py = shape.parts[0][0]
    return shape.origin[0] + px * shape.unit, shape.origin[1] + py * shape.unit


def _haloed(
    c: Canvas, text: str, x: float, y: float, angle: float, font: str, size: float, ink: HexColor
) -> None:
    """A name over a white halo (drawn as stroked text; the render mode is graphics state, so
    the halo is kept inside its own save/restore)."""
    c.saveState()
    c.translate(x, y)
    c.rotate(angle)
    left = -c.stringWidth(text, font, size) / 2
    for halo in (True, False):
        if halo:
            c.saveState()
            c.setStrokeColor(white)
            c.setLineWidth(1.8)
            c.setLineJoin(1)
        label = c.beginText(left, -size * 0.35)
        label.setFont(font, size)
        label.setTextRenderMode(1 if halo else 0)
        label.textOut(text)
        if not halo:
            c.setFillColor(ink)
        c.drawText(label)
        if halo:
            c.restoreState()
    c.restoreState()


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def draw_scale(c: Canvas, view: MapView) -> None:
    metres_per_point = view.metres_per_point()
    target = metres_per_point * view.width * 0.2
    step = 10 ** math.floor(math.log10(target))
    metres = max(m * step for m in (1, 2, 5) if m * step <= target)
    length = metres / metres_per_point
    text = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    x, y = 6.0, 7.0
    c.setFillColor(white)
    c.setFillAlpha(0.85)
    c.rect(0, 0, length + 12 + c.stringWidth(text, FONT, 6.5), 15, stroke=0, fill=1)
    c.setFillAlpha(1)
    c.setStrokeColor(INK)
    c.setLineWidth(1)
    c.line(x, y, x + length, y)
    c.line(x, y - 2, x, y + 3)
    c.line(x + length, y - 2, x + length, y + 3)
    c.setFillColor(INK)
    c.setFont(FONT, 6.5)
    c.drawString(x + length + 3, y - 2, text)


def draw_attribution(c: Canvas, view: MapView, streets: bool) -> None:
    if not streets:
        return
    text = "© OpenStreetMap contributors"
    size = 5.0
    w = c.stringWidth(text, FONT, size)
    c.setFillColor(white)
    c.setFillAlpha(0.85)
    c.rect(view.width - w - 5, view.height - 8, w + 5, 8, stroke=0, fill=1)
    c.setFillAlpha(1)
    c.setFillColor(INK)
    c.setFont(FONT, size)
    c.drawString(view.width - w - 2.5, view.height - 6, text)
