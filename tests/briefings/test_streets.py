"""The printed map's tile decoder reads the project's street tiles as mapbox-vector-tile does."""

from __future__ import annotations

from pathlib import Path

import mapbox_vector_tile

from controlroom.briefings.streets import StreetTiles, world
from controlroom.geo.gazetteer import read_gazetteer

STREETS = Path(__file__).resolve().parents[2] / "resources" / "basemap" / "streets.pmtiles"
HANLEY_TILE = (14, 8092, 5335)


def test_street_names_and_their_lines_decode_as_the_reference_decoder_reads_them():
    tiles = StreetTiles(STREETS)
    data = tiles._archive.tile(*HANLEY_TILE)
    reference = mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})
    expected = []
    for feature in reference["transportation_name"]["features"]:
        geometry = feature["geometry"]
        lines = geometry["coordinates"]
        lines = [lines] if geometry["type"] == "LineString" else lines
        expected.append([[tuple(p) for p in line] for line in lines])
    shapes = [s for s in tiles.shapes(*HANLEY_TILE) if s.layer == "transportation_name"]
    assert [[list(part) for part in s.parts] for s in shapes] == expected
    assert any(s.name == "Stafford Street" for s in shapes)  # Hanley's own streets
    buildings = [s for s in tiles.shapes(*HANLEY_TILE) if s.layer == "building"]
    assert len(buildings) == len(reference["building"]["features"])
    assert all(s.path.count(" m") >= 1 and s.path.endswith("h") for s in buildings)


def test_a_street_sits_where_the_gazetteer_puts_it():
    tiles = StreetTiles(STREETS)
    z, x, y = HANLEY_TILE
    west, north, east, south = x / (1 << z), y / (1 << z), (x + 1) / (1 << z), (y + 1) / (1 << z)
    named = {s.name: s for s in tiles.shapes(*HANLEY_TILE) if s.layer == "transportation_name"}
    found = 0
    for name, lat, lon, *_ in read_gazetteer()["streets"]:
        px, py = world(lat, lon)
        if name in named and west <= px <= east and north <= py <= south:
            x0, y0, x1, y1 = named[name].box
            slack = 0.05 / (1 << z)  # the gazetteer's point is on the street, not on this piece
            found += x0 - slack <= px <= x1 + slack and y0 - slack <= py <= y1 + slack
    assert found >= 100  # of some 150 streets of the tile
