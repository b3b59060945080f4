"""The street basemap's tile archive: what the project ships, and the tool that makes it."""

import math
import sys
from pathlib import Path

import mapbox_vector_tile
import pytest

from maps.map_settings import STREET_TILES
from maps.street_tiles import StreetTileArchive
from tests.conftest import SHARED_DATA

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
SOURCE = SHARED_DATA / "osm" / "staffordshire_omt_2021.pmtiles"
HANLEY = (53.0245, -2.1794)


def tile_of(lat, lon, z):
    n = 1 << z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def named_roads(archive, lat, lon, z=14, around=1):
    """(name, ref) of every named road in the tiles around (lat, lon)."""
    cx, cy = tile_of(lat, lon, z)
    found = set()
    for x in range(cx - around, cx + around + 1):
        for y in range(cy - around, cy + around + 1):
            data = archive.tile(z, x, y)
            if not data:
                continue
            layer = mapbox_vector_tile.decode(data).get("transportation_name", {})
            for feature in layer.get("features", []):
                props = feature["properties"]
                found.add((props.get("name:latin"), props.get("ref")))
    return found


def test_the_shipped_archive_names_hanleys_streets_and_road_numbers():
    archive = StreetTileArchive(STREET_TILES)
    roads = named_roads(archive, *HANLEY, around=3)  # a 7 x 7 km square
    assert ("Leek Road", "A53") in roads
    assert ("Potteries Way", "A5008") in roads
    names = {name for name, _ in roads}
    assert {"Piccadilly", "Stafford Street", "Etruria Road", "Town Road"} <= names


def test_the_shipped_archive_covers_county_to_street_zoom_with_every_layer_drawn():
    archive = StreetTileArchive(STREET_TILES)
    assert archive.min_zoom <= 9 and archive.max_zoom == 14
    county = mapbox_vector_tile.decode(archive.tile(9, *tile_of(52.85, -2.0, 9)))
    assert {"transportation", "place", "water", "landuse"} <= set(county)
    street = mapbox_vector_tile.decode(archive.tile(14, *tile_of(*HANLEY, 14)))
    assert {"building", "transportation", "transportation_name", "water", "poi"} <= set(street)
    cx, cy = tile_of(52.85, -2.0, 9)
    places = {
        f["properties"].get("name:latin")
        for x, y in [(cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        if archive.tile(9, x, y)
        for f in mapbox_vector_tile.decode(archive.tile(9, x, y))
        .get("place", {})
        .get("features", [])
    }
    assert {"Stafford", "Stoke-on-Trent", "Lichfield", "Tamworth", "Leek"} <= places


def test_tiles_outside_the_archive_are_none_not_errors():
    archive = StreetTileArchive(STREET_TILES)
    assert archive.tile(14, 0, 0) is None  # the middle of the Pacific
    assert archive.tile(15, *tile_of(*HANLEY, 15)) is None  # past the last zoom
    assert archive.tile(3, 99, 99) is None  # not a tile at all


def test_the_shipped_archive_stays_lean():
    assert STREET_TILES.stat().st_size < 28_000_000  # no larger than the source archive


@pytest.mark.skipif(not SOURCE.is_file(), reason=f"no source tiles at {SOURCE}")
def test_the_tile_tool_makes_the_shipped_archive_from_the_source(tmp_path):
    from derive_basemap import derive

    out = tmp_path / "streets.pmtiles"
    figures = derive(SOURCE, out)
    assert figures["tiles"] > 1900 and figures["bytes_out"] < figures["bytes_in"]
    assert ("Leek Road", "A53") in named_roads(StreetTileArchive(out), *HANLEY, around=3)
    assert out.read_bytes() == STREET_TILES.read_bytes(), "rerun tools/derive_basemap.py"
