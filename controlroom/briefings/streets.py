"""The street basemap (``resources/basemap/streets.pmtiles``) read for print: tiles decoded once
into plain shapes in world coordinates, kept in a cache shared by every map of every document,
so the insets of a pack that sit in the same streets decode each tile once.

World coordinates are Web Mercator scaled to [0, 1) (x east, y south), the tiles' own frame.
"""

from __future__ import annotations

import gzip
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mapbox_vector_tile.Mapbox import vector_tile_pb2
from pmtiles.reader import MmapSource, Reader
from pmtiles.tile import Compression

Point = tuple[float, float]
EXTENT = 4096  # the tiles' own coordinate range
_CACHED_TILES = 256
# What the printed map draws, by layer: the classes kept and the kind of shape they are.
AREA_LAYERS = ("landuse", "landcover", "park", "water", "building")
LINE_LAYERS = ("waterway", "transportation", "transportation_name")
POINT_LAYERS = ("place",)  # town and suburb names for the overview


@dataclass(frozen=True, slots=True)
class Shape:
    """One feature of a tile: ``parts`` are its lines (or rings) in the tile's own units, which
    put at world ``origin + point * unit``; ``box`` is its extent in world coordinates."""

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
        self._file = self.path.open("rb")
        self._reader = Reader(MmapSource(self._file))
        header = self._reader.header()
        self.min_zoom = int(header["min_zoom"])
        self.max_zoom = int(header["max_zoom"])
        self._gzipped = header["tile_compression"] == Compression.GZIP
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
        data = self._reader.get(z, x, y) if 0 <= x < 1 << z and 0 <= y < 1 << z else None
        if data and self._gzipped:
            data = gzip.decompress(data)
        shapes = _decode(data, z, x, y) if data else ()
        with self._lock:
            self._decoded[key] = shapes
            while len(self._decoded) > _CACHED_TILES:
                self._decoded.popitem(last=False)
        return shapes

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
        if layer.name not in AREA_LAYERS + LINE_LAYERS + POINT_LAYERS:
            continue
        keys, values = list(layer.keys), [v.string_value for v in layer.values]
        for feature in layer.features:
            if feature.type not in (_LINE, _POLYGON) and layer.name not in POINT_LAYERS:
                continue
            parts, (x0, y0, x1, y1) = _geometry(list(feature.geometry), feature.type == _POINT)
            if not parts:
                continue
            tags = dict(zip(feature.tags[::2], feature.tags[1::2], strict=False))
            props = {keys[k]: values[v] for k, v in tags.items()}
            ox, oy = origin
            box = (ox + x0 * unit, oy + y0 * unit, ox + x1 * unit, oy + y1 * unit)
            kind = props.get("class") or props.get("subclass") or layer.name
            name = props.get("name:latin") or props.get("ref") or ""
            path = _path(parts, close=layer.name in AREA_LAYERS)
            shapes.append(Shape(layer.name, kind, parts, origin, unit, box, name, path))
    return tuple(shapes)


_POINT, _LINE, _POLYGON = 1, 2, 3
_MOVE_TO, _LINE_TO = 1, 2
_NEAR = 2


def _geometry(commands: Sequence[int], points: bool) -> tuple[tuple, tuple[int, int, int, int]]:
    """A feature's geometry commands as lines of points (a ring's closing is left to the
    drawing), with their extent. See the Mapbox Vector Tile specification, section 4.3."""
    parts: list[tuple[tuple[int, int], ...]] = []
    line: list[tuple[int, int]] = []
    x = y = 0
    i, n = 0, len(commands)
    while i < n:
        command = commands[i]
        op, count = command & 7, command >> 3
        i += 1
        if op not in (_MOVE_TO, _LINE_TO):
            continue  # ClosePath
        if op == _MOVE_TO and line:
            parts.append(tuple(line))
            line = []
        for _ in range(count):
            dx, dy = commands[i], commands[i + 1]
            i += 2
            x += (dx >> 1) ^ -(dx & 1)
            y += (dy >> 1) ^ -(dy & 1)
            line.append((x, y))
    if line:
        parts.append(tuple(line))
    kept = tuple(p for p in parts if len(p) > 1 or points)
    if not kept:
        return (), (0, 0, 0, 0)
    xs = [min(p)[0] for p in kept] + [max(p)[0] for p in kept]
    ys = [min(q[1] for q in p) for p in kept] + [max(q[1] for q in p) for p in kept]
    return kept, (min(xs), min(ys), max(xs), max(ys))


def _path(parts: tuple[tuple[tuple[int, int], ...], ...], close: bool) -> str:
    """PDF path operators for the parts, once per tile: points within ``_NEAR`` tile units of
    the last one kept are dropped (a tenth of a point at most, even on a street-level inset)."""
    ops: list[str] = []
    for part in parts:
        lx, ly = part[0]
        ops.append(f"{lx} {ly} m")
        last = len(part) - 1
        for i, (x, y) in enumerate(part):
            if abs(x - lx) + abs(y - ly) > _NEAR or (i == last and i):
                ops.append(f"{x} {y} l")
                lx, ly = x, y
        if close:
            ops.append("h")
    return "\n".join(ops)
