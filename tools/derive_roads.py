"""Derive the road graph and the gazetteer in resources/geodata/ from ../shared/data/osm.

Usage: python tools/derive_roads.py [--data ../shared/data] [--out resources/geodata]

Writes roads.npz (the routable road network: tools/roads_lib.py) and gazetteer.json.gz (places,
streets, points of interest and house numbers: tools/gazetteer_lib.py). Needs the `pmtiles` and
`mapbox-vector-tile` packages (the dev extra) to read the tiles.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gazetteer_lib import build_gazetteer
from roads_lib import build_graph

from controlroom.geo.roads import RoadGraph

ROOT = Path(__file__).resolve().parent.parent
ROADS = "osm/staffordshire_roads_2021.geojson.gz"
TILES = "osm/staffordshire_omt_2021.pmtiles"


def write_roads(path: Path, arrays: dict[str, np.ndarray]) -> None:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    path.write_bytes(buffer.getvalue())
    print(f"wrote {path} ({path.stat().st_size} bytes)")


def write_gazetteer(path: Path, gazetteer: dict) -> None:
    text = json.dumps(gazetteer, separators=(",", ":"), ensure_ascii=False)
    path.write_bytes(gzip.compress(text.encode(), compresslevel=9, mtime=0))
    print(f"wrote {path} ({path.stat().st_size} bytes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "geodata")
    args = parser.parse_args(argv)
    if not (args.data / ROADS).is_file():
        print(f"no OSM roads at {args.data / ROADS}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    arrays = build_graph(args.data / ROADS)
    write_roads(args.out / "roads.npz", arrays)
    gazetteer = build_gazetteer(RoadGraph(arrays), args.data / TILES)
    write_gazetteer(args.out / "gazetteer.json.gz", gazetteer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
