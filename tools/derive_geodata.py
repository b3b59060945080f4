"""Derive the run-time geodata in resources/geodata/ from ../shared/data.

Usage: python tools/derive_geodata.py [--data ../shared/data] [--out resources/geodata]

Writes districts.geojson (force outline as its 9 districts), wards.geojson (beats with a patrol
weight), hotspots.json (crime-weighted street points) and
gps_profile.json (speed and jitter figures measured from the GPX tracks).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from geodata_lib import (
    gps_profile,
    point_in_any,
    simplify_geometry,
)

BUSY_DISTRICTS = {
    "Stoke-on-Trent": 3.0,
    "Stafford": 2.0,
    "Newcastle-under-Lyme": 2.0,
    "East Staffordshire": 2.0,
    "Tamworth": 2.0,
}
ROOT = Path(__file__).resolve().parent.parent


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, data: object) -> None:
    text = json.dumps(data, separators=(",", ":"))
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode(), mtime=0))
    else:
        path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


def derive_districts(data: Path) -> dict:
    src = load_json(data / "boundaries/staffordshire_police_area_lad2013_coarse.geojson")
    features = [
        {
            "type": "Feature",
            "properties": {"code": f["properties"]["LAD13CD"], "name": f["properties"]["LAD13NM"]},
            "geometry": simplify_geometry(f["geometry"], 0.002),
        }
        for f in src["features"]
    ]
    return {"type": "FeatureCollection", "features": features}


def derive_wards(data: Path) -> dict:
    src = load_json(data / "boundaries/staffordshire_police_area_wards2013.geojson")
    features = []
    for f in src["features"]:
        p = f["properties"]
        props = {
            "code": p["WD13CD"],
            "name": p["WD13NM"],
            "district": p["LAD13NM"],
            "weight": BUSY_DISTRICTS.get(p["LAD13NM"], 1.0),
        }
        geometry = simplify_geometry(f["geometry"], 0.0006)
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def street_name(location: str) -> str:
    return location.removeprefix("On or near ").strip()


def read_street_points(data: Path, districts: dict) -> dict[tuple[float, float], list]:
    """Distinct (lat, lon) -> [street, crime count], inside the force area."""
    points: dict[tuple[float, float], list] = {}
    stoke = load_json(data / "police_uk/stoke_2019-01_anonymised_street_points.geojson")
    for f in stoke["features"]:
        lon, lat = f["geometry"]["coordinates"]
        name = street_name(f["properties"]["location"])
        points[(round(lat, 5), round(lon, 5))] = [name, f["properties"]["crimes_2019_01"]]
    # every 20th row force-wide: each row is a sample of about 20 crimes
    with open(data / "police_uk/2019-01-staffordshire-street_every20th.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["Latitude"] or not row["LSOA name"]:
                continue
            key = (round(float(row["Latitude"]), 5), round(float(row["Longitude"]), 5))
            entry = points.setdefault(key, [street_name(row["Location"]), 0])
            entry[1] += 20 if not row["LSOA name"].startswith("Stoke-on-Trent") else 0
    return {k: v for k, v in points.items() if point_in_any(k[0], k[1], districts)}


def derive_hotspots(points: dict) -> list:
    rows = [[lat, lon, count, name] for (lat, lon), (name, count) in points.items() if count > 0]
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    return rows


def derive_gps(data: Path) -> dict:
    car = (data / "gpx/around-visnjan-with-car.gpx").read_text(encoding="utf-8")
    hike = (data / "gpx/korita-zbevnica.gpx").read_text(encoding="utf-8")
    return {"vehicle": gps_profile(car), "foot": gps_profile(hike)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "geodata")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no shared data at {args.data}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    districts = derive_districts(args.data)
    write_json(args.out / "districts.geojson", districts)
    write_json(args.out / "wards.geojson", derive_wards(args.data))
    points = read_street_points(args.data, districts)
    write_json(args.out / "hotspots.json", {"hotspots": derive_hotspots(points)})
    write_json(args.out / "gps_profile.json", derive_gps(args.data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
