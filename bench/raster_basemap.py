"""What the raster alternative to the street basemap costs: PNG tiles rendered in Python from the
same vector tiles (decoded with mapbox-vector-tile, drawn with QPainter: areas, water, buildings
and roads, no labels), as a renderer served through the mbtiles: scheme would make them.

Prints the render time per tile by zoom, PNG size, and the cold time to fill a 1600x1000 view;
writes the tiles around Hanley (z9-18, the pan/zoom tour's area) to an MBTiles file, so that
``python bench/map.py --basemap FILE.mbtiles`` measures the page side with raster tiles.

    python bench/raster_basemap.py [--out /tmp/raster.mbtiles]
"""

from __future__ import annotations

import argparse
import math
import os
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import mapbox_vector_tile  # noqa: E402
from map_tour import HANLEY, spread  # noqa: E402
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

from maps.map_settings import STREET_TILES  # noqa: E402
from maps.street_tiles import StreetTileArchive  # noqa: E402

SIZE = 256
LAND, WATER, BUILDING, AREA = "#111922", "#0c2436", "#1d2733", "#141d28"
ROADS = {  # class -> (colour, px at z14); widths double per zoom above 14, halve below
    "motorway": ("#7d7466", 5), "trunk": ("#6b6a66", 4.6), "primary": ("#566679", 4.2),
    "secondary": ("#46566a", 3.8), "tertiary": ("#384657", 3.2), "minor": ("#2b3747", 2),
    "service": ("#222c38", 1), "path": ("#3b4a5c", 0.6), "track": ("#3b4a5c", 0.6),
}  # fmt: skip


def tile_of(lat: float, lon: float, z: int) -> tuple[float, float]:
    n = 1 << z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return (lon + 180) / 360 * n, y


def path_of(geometry: dict, scale: float, ox: float, oy: float, close: bool) -> QPainterPath:
    path = QPainterPath()
    kind, coords = geometry["type"], geometry["coordinates"]
    lines = {"LineString": [coords], "MultiLineString": coords, "Polygon": coords}.get(kind)
    if kind == "MultiPolygon":
        lines = [ring for polygon in coords for ring in polygon]
    for line in lines or []:
        path.moveTo(QPointF(line[0][0] * scale - ox, line[0][1] * scale - oy))
        for x, y in line[1:]:
            path.lineTo(QPointF(x * scale - ox, y * scale - oy))
        if close:
            path.closeSubpath()
    return path


def render(archive: StreetTileArchive, decoded: dict, z: int, x: int, y: int) -> bytes:
    sz = min(z, 14)
    shift = z - sz
    key = (sz, x >> shift, y >> shift)
    if key not in decoded:
        data = archive.tile(*key)
        options = {"y_coord_down": True}
        decoded[key] = mapbox_vector_tile.decode(data, default_options=options) if data else {}
    layers = decoded[key]
    scale = SIZE * (1 << shift) / 4096
    ox, oy = (x - (key[1] << shift)) * SIZE, (y - (key[2] << shift)) * SIZE
    image = QImage(SIZE, SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor(LAND))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fills = [("landuse", AREA), ("landcover", "#0f1d19"), ("park", "#12231c"), ("water", WATER)]
    if z >= 14:
        fills.append(("building", BUILDING))
    for layer, colour in fills:
        for feature in layers.get(layer, {}).get("features", []):
            path = path_of(feature["geometry"], scale, ox, oy, close=True)
            painter.fillPath(path, QColor(colour))
    width_scale = 2 ** (z - 14)
    for cls, (colour, px) in ROADS.items():
        pen = QPen(QColor(colour), px * width_scale)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        for feature in layers.get("transportation", {}).get("features", []):
            if feature["properties"].get("class") == cls:
                painter.drawPath(path_of(feature["geometry"], scale, ox, oy, close=False))
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(QByteArray(buffer.data()))


def tour_tiles(z: int) -> list[tuple[int, int]]:
    """The tiles a 1600x1000 view around Hanley sees at zoom z, with the tour's pans."""
    cx, cy = tile_of(*HANLEY, z)
    half_x, half_y = (800 + 1000) / SIZE, (500 + 700) / SIZE
    xs = range(int(cx - half_x), int(cx + half_x) + 1)
    ys = range(int(cy - half_y), int(cy + half_y) + 1)
    return [(x, y) for x in xs for y in ys if 0 <= x < 1 << z and 0 <= y < 1 << z]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/controlroom-raster.mbtiles"))
    args = ap.parse_args()
    QGuiApplication(sys.argv[:1])
    archive = StreetTileArchive(STREET_TILES)
    args.out.unlink(missing_ok=True)
    db = sqlite3.connect(args.out)
    db.executescript(
        "CREATE TABLE metadata (name TEXT, value TEXT);"
        "CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB);"
    )
    db.executemany(
        "INSERT INTO metadata VALUES (?, ?)",
        [("format", "png"), ("minzoom", "9"), ("maxzoom", "18"), ("name", "raster trial")],
    )
    decoded: dict = {}
    timings: dict[str, list[float]] = {}
    sizes: list[int] = []
    view_ms = {}
    for z in range(9, 19):
        cx, cy = tile_of(*HANLEY, z)
        in_view = 0.0
        for x, y in tour_tiles(z):
            started = time.perf_counter()
            png = render(archive, decoded, z, x, y)
            ms = (time.perf_counter() - started) * 1000
            timings.setdefault("z9-13" if z < 14 else f"z{z}", []).append(ms)
            sizes.append(len(png))
            if abs(x + 0.5 - cx) * SIZE < 800 + SIZE and abs(y + 0.5 - cy) * SIZE < 500 + SIZE:
                in_view += ms
            db.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, (1 << z) - 1 - y, png))
        view_ms[z] = in_view
        decoded.clear()  # each zoom starts cold, as a first visit would
    db.commit()
    db.close()
    print("raster alternative (Python: mapbox-vector-tile decode + QPainter, no labels):")
    for group, values in timings.items():
        print(f"  render ms per tile, {group}: {spread(values)} ({len(values)} tiles)")
    print(f"  PNG per tile: {spread([s / 1024 for s in sizes])} KB")
    for z in (10, 14, 16, 18):
        print(f"  cold render of a 1600x1000 view at z{z}: {view_ms[z]:.0f} ms on one core")
    print(f"  tiles written to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
