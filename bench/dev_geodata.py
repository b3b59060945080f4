"""Quick stand-in geodata for benchmarks and screenshots, derived from ../shared/data.

The simulator produces the real ``resources/geodata/``; until then this writes a dissolved force
outline and the wards into a scratch directory (never into the repository).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "boundaries"
LADS = SHARED / "staffordshire_police_area_lad2013_coarse.geojson"
WARDS = SHARED / "staffordshire_police_area_wards2013.geojson"


def _rings(geom):
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    for poly in polys:
        yield from poly


def dissolve_outline(lads: dict) -> dict:
    """Outer boundary of the districts: edges shared by two districts cancel out."""
    edges: Counter = Counter()
    for f in lads["features"]:
        for ring in _rings(f["geometry"]):
            pts = [tuple(p) for p in ring]
            for a, b in zip(pts, pts[1:], strict=False):
                if a != b:
                    edges[frozenset((a, b))] += 1
    nxt = defaultdict(list)
    for edge, n in edges.items():
        if n % 2 == 1:
            a, b = tuple(edge)
            nxt[a].append(b)
            nxt[b].append(a)
    rings, seen = [], set()
    for start in list(nxt):
        if start in seen:
            continue
        ring, prev, cur = [start], None, start
        seen.add(start)
        while True:
            options = [p for p in nxt[cur] if p != prev and (p not in seen or p == start)]
            if not options:
                break
            prev, cur = cur, options[0]
            ring.append(cur)
            if cur == start:
                break
            seen.add(cur)
        if len(ring) > 3 and ring[0] == ring[-1]:
            rings.append([list(p) for p in ring])
    rings.sort(key=len, reverse=True)
    geometry = {"type": "MultiPolygon", "coordinates": [[r] for r in rings[:3]]}
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": geometry}],
    }


def write_dev_geodata(directory: Path) -> bool:
    """Write force_outline.geojson and wards.geojson into ``directory``; False if no data."""
    if not LADS.is_file():
        return False
    directory.mkdir(parents=True, exist_ok=True)
    outline = dissolve_outline(json.loads(LADS.read_text()))
    (directory / "force_outline.geojson").write_text(json.dumps(outline))
    if WARDS.is_file():
        (directory / "wards.geojson").write_text(WARDS.read_text())
    return True
