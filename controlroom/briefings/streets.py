"""The street basemap (``resources/basemap/streets.pmtiles``) read for print: tiles decoded once
into plain shapes in world coordinates, kept in a cache shared by every map of every document,
so the insets of a pack that sit in the same streets decode each tile once.

World coordinates are Web Mercator scaled to [0, 1) (x east, y south), the tiles' own frame.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mapbox_vector_tile.Mapbox import vector_tile_pb2

from controlroom.briefings.mvt import decode_points
from controlroom.geo.tile_archive import StreetTileArchive

Point = tuple[float, float]
EXTENT = 4096  # the tiles' own coordinate range
_CACHED_TILES = 128  # about 1 MB each: a district's overview and its insets several times over
# What the printed map draws, by layer: the classes kept and the kind of shape they are.
AREA_LAYERS = ("landuse", "landcover", "park", "water", "building")
LINE_LAYERS = ("waterway", "transportation", "transportation_name")
POINT_LAYERS = ("place",)  # town and suburb names for the overview
NAMED_LAYERS = ("transportation_name", "place")  # shapes whose points the names are put by


@dataclass(frozen=True, slots=True)
class Shape:
    """One feature of a tile: ``path`` draws its lines (or rings) in the tile's own units, which
    put at world ``origin + point * unit``; ``parts`` holds the points of the features names
    are put by; ``box`` is its extent in world coordinates."""

    layer: str
    kind: str  # the feature's class ("residential", "primary", "river", ...)
    parts: tuple[tuple[tuple[int, int], ...], ...]
    origin: Point
    unit: float
    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    name: str = ""
    path: str = ""  # the parts as PDF path operators in tile units (drawn under a transform)


def world(lat: float, lon: float) -> Point:
    """A point's Web Mercator position in [0, 1) (y grows to the south)."""
    lat = max(-85.0, min(85.0, lat))
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2
    return (lon + 180) / 360, y


def metres_per_world_unit(lat: float) -> float:
    """The ground length of one world unit at a latitude (Mercator stretches it by 1/cos)."""
    return 40_075_016.686 * math.cos(math.radians(lat))


class StreetTiles:
    """One PMTiles archive of vector tiles, decoded on demand; safe to share between threads."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._archive = StreetTileArchive(self.path)
        self.min_zoom, self.max_zoom = self._archive.min_zoom, self._archive.max_zoom
        self._decoded: OrderedDict[tuple[int, int, int], tuple[Shape, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def shapes(self, z: int, x: int, y: int) -> tuple[Shape, ...]:
        """The tile's shapes (empty where the archive has no tile), decoded at most once."""
        key = (z, x, y)
        with self._lock:
            cached = self._decoded.get(key)
            if cached is not None:
                self._decoded.move_to_end(key)
                return cached
        data = self._archive.tile(z, x, y)
        shapes = _decode(data, z, x, y) if data else ()
        with self._lock:
            self._decoded[key] = shapes
            while len(self._decoded) > _CACHED_TILES:
                self._decoded.popitem(last=False)
        return shapes

    def forget(self) -> None:
        """Drop the decoded tiles (the next map decodes afresh: a benchmark's cold start)."""
        with self._lock:
            self._decoded.clear()

    def covering(self, box: tuple[float, float, float, float], z: int) -> list[Shape]:
        """Every shape of the tiles at zoom ``z`` that the world box (x0, y0, x1, y1) touches."""
        n = 1 << z
        x0, y0, x1, y1 = (min(n - 1, max(0, int(v * n))) for v in box)
        found: list[Shape] = []
        for tx in range(x0, x1 + 1):
            for ty in range(y0, y1 + 1):
                found.extend(s for s in self.shapes(z, tx, ty) if _overlaps(s.box, box))
        return found


_open: dict[Path, StreetTiles] = {}
_open_lock = threading.Lock()


def street_tiles(path: Path) -> StreetTiles:
    """The archive at ``path``, opened once per process (its decoded tiles kept with it)."""
    key = Path(path).resolve()
    with _open_lock:
        tiles = _open.get(key)
        if tiles is None:
            tiles = _open[key] = StreetTiles(key)
        return tiles


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _decode(data: bytes, z: int, x: int, y: int) -> tuple[Shape, ...]:
    tile = vector_tile_pb2.tile()
    tile.ParseFromString(data)
    unit = 1 / (EXTENT * (1 << z))
    origin = (x / (1 << z), y / (1 << z))
    shapes: list[Shape] = []
    for layer in tile.layers:
        if layer.name in AREA_LAYERS + LINE_LAYERS + POINT_LAYERS:
            shapes.extend(_layer_shapes(layer, origin, unit))
    return tuple(shapes)


def _layer_shapes(layer: Any, origin: Point, unit: float) -> list[Shape]:
    name = layer.name
    features = [f for f in layer.features if f.type in (2, 3) or name in POINT_LAYERS]
    points = decode_points([list(f.geometry) for f in features])
    keys, values = list(layer.keys), [v.string_value for v in layer.values]
    text = points.texts()
    close = name in AREA_LAYERS
    ox, oy = origin
    shapes: list[Shape] = []
    for feature, geometry, (x0, y0, x1, y1) in zip(
        features, points.geometries, points.boxes, strict=True
    ):
        if geometry is None:
            continue
        tags = feature.tags
        props = {keys[tags[i]]: values[tags[i + 1]] for i in range(0, len(tags) - 1, 2)}
        kind = props.get("class") or props.get("subclass") or name
        label = props.get("name:latin") or props.get("ref") or ""
        parts = points.parts(geometry) if name in NAMED_LAYERS else ()
        box = (ox + x0 * unit, oy + y0 * unit, ox + x1 * unit, oy + y1 * unit)
        path = points.path(geometry, close, text) if name not in POINT_LAYERS else ""
        shapes.append(Shape(name, kind, parts, origin, unit, box, label, path))
    return shapes
