"""Derive the street basemap's vector tiles, resources/basemap/streets.pmtiles, from the
OpenStreetMap tiles in ../shared/data/osm/ (ODbL; see resources/basemap/README.md).

Usage: python tools/derive_basemap.py [--source ../shared/data/osm/staffordshire_omt_2021.pmtiles]
                                      [--out resources/basemap/streets.pmtiles]

Every tile keeps only what the map draws: the layers and feature classes in ``KEEP`` with the
attributes in ``ATTRIBUTES`` (unnamed copies of road lines in ``transportation_name`` are dropped,
the roads are drawn from ``transportation``). Geometry is copied command for command, never
re-encoded, so nothing moves. Tiles are stored gzipped, as PMTiles allows.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from mapbox_vector_tile.Mapbox import vector_tile_pb2
from pmtiles.reader import MmapSource, Reader, all_tiles
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "osm" / "staffordshire_omt_2021.pmtiles"
OUT = ROOT / "resources" / "basemap" / "streets.pmtiles"

ANY = None  # every class of the layer
# Layer -> the classes kept (None: all). Points of interest are the landmarks a dispatcher
# names a location by.
KEEP: dict[str, frozenset[str] | None] = {
    "water": ANY,
    "waterway": frozenset({"river", "canal", "stream"}),
    "landuse": ANY,
    "landcover": frozenset({"wood", "grass", "wetland", "sand"}),  # not farmland: noise
    "park": ANY,
    "urban_areas": ANY,
    "building": ANY,
    "transportation": frozenset(
        [
            "motorway",
            "trunk",
            "primary",
            "secondary",
            "tertiary",
            "minor",
            "service",
            "track",
            "path",
            "pedestrian",
            "busway",
            "raceway",
            "rail",
            "transit",
            "bridge",
        ]
    ),
    "transportation_name": ANY,
    "place": frozenset(
        [
            "city",
            "town",
            "village",
            "suburb",
            "hamlet",
            "neighbourhood",
            "quarter",
            "locality",
            "isolated_dwelling",
        ]
    ),
    "water_name": ANY,
    "poi": frozenset(
        [
            "hospital",
            "police",
            "fire_station",
            "school",
            "college",
            "railway",
            "bus",
            "town_hall",
            "beer",
            "bar",
            "fuel",
            "library",
            "stadium",
            "prison",
            "place_of_worship",
            "grocery",
            "shop",
            "lodging",
            "cinema",
            "theatre",
            "museum",
            "attraction",
            "park",
            "pharmacy",
            "post",
        ]
    ),
    "housenumber": ANY,
    "aeroway": frozenset({"runway", "taxiway", "aerodrome", "helipad"}),
}
ATTRIBUTES = frozenset(
    ["class", "subclass", "name:latin", "ref", "brunnel", "oneway", "housenumber", "rank"]
)
NAMED_ONLY = frozenset({"transportation_name", "water_name", "poi"})


def feature_tags(layer, feature) -> Iterator[tuple[str, object]]:
    """The (key, value message) pairs of a feature."""
    tags = feature.tags
    for i in range(0, len(tags) - 1, 2):
        yield layer.keys[tags[i]], layer.values[tags[i + 1]]


def string_value(value) -> str:
    return value.string_value if value.HasField("string_value") else ""


def keep_feature(layer_name: str, tags: dict[str, object]) -> bool:
    classes = KEEP[layer_name]
    cls = string_value(tags["class"]) if "class" in tags else ""
    if classes is not None and cls not in classes:
        return False
    if layer_name in NAMED_ONLY:
        return "name:latin" in tags or "ref" in tags
    return True


def slim_layer(layer, out_layer) -> int:
    """Copy the kept features of ``layer`` with their kept attributes; returns how many."""
    out_layer.name, out_layer.version, out_layer.extent = layer.name, layer.version, layer.extent
    keys: dict[str, int] = {}
    values: dict[bytes, int] = {}
    kept = 0
    for feature in layer.features:
        tags = {k: v for k, v in feature_tags(layer, feature) if k in ATTRIBUTES}
        if not keep_feature(layer.name, tags):
            continue
        out = out_layer.features.add()
        out.type = feature.type
        out.geometry.extend(feature.geometry)
        if feature.HasField("id"):
            out.id = feature.id
        for key, value in tags.items():
            if key not in keys:
                keys[key] = len(keys)
                out_layer.keys.append(key)
            packed = value.SerializeToString()
            if packed not in values:
                values[packed] = len(values)
                out_layer.values.add().CopyFrom(value)
            out.tags.extend((keys[key], values[packed]))
        kept += 1
    return kept


def slim_tile(data: bytes) -> bytes:
    tile = vector_tile_pb2.tile()
    tile.ParseFromString(data)
    out = vector_tile_pb2.tile()
    for layer in tile.layers:
        if layer.name not in KEEP:
            continue
        out_layer = out.layers.add()
        if not slim_layer(layer, out_layer):
            del out.layers[-1]
    return out.SerializeToString()


def derive(source: Path, out: Path) -> dict[str, int]:
    with source.open("rb") as fh:
        reader = Reader(MmapSource(fh))
        header, metadata = reader.header(), reader.metadata()
        tiles = sorted(
            ((zxy_to_tileid(z, x, y), data) for (z, x, y), data in all_tiles(reader.get_bytes)),
            key=lambda item: item[0],
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    figures = {"tiles": 0, "bytes_in": 0, "bytes_out": 0}
    with out.open("wb") as fh:
        writer = Writer(fh)
        for tile_id, data in tiles:
            slim = slim_tile(data)
            if not slim:
                continue
            packed = gzip.compress(slim, compresslevel=9, mtime=0)
            writer.write_tile(tile_id, packed)
            figures["tiles"] += 1
            figures["bytes_in"] += len(data)
            figures["bytes_out"] += len(packed)
        header = dict(header, tile_compression=Compression.GZIP, tile_type=TileType.MVT)
        writer.finalize(header, output_metadata(metadata))
    return figures


def output_metadata(source: dict) -> dict:
    return {
        "name": "Control Room street basemap (Staffordshire, OpenStreetMap 2021)",
        "attribution": "© OpenStreetMap contributors",
        "licence": "ODbL 1.0",
        "source": source.get("name", ""),
        "vector_layers": [
            {
                "id": layer["id"],
                "fields": {k: v for k, v in layer["fields"].items() if k in ATTRIBUTES},
            }
            for layer in source.get("vector_layers", [])
            if layer["id"] in KEEP
        ],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, default=SOURCE)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if not args.source.is_file():
        print(f"no source tiles at {args.source}", file=sys.stderr)
        return 1
    figures = derive(args.source, args.out)
    print(json.dumps(figures), f"-> {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
