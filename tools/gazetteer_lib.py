"""Build the gazetteer from the OSM tiles and the road graph (for derive_roads.py).

Places (towns, suburbs, villages), named points of interest and house numbers come from the
zoom-14 tiles; streets come from the road graph, one entry per street name and locality (Stoke
has several London Roads; a long road such as Leek Road runs through many localities).
House numbers carry no street in the tiles: each takes the nearest named road within 60 m.
"""

from __future__ import annotations

import math
import re
import sys
from collections import defaultdict
from pathlib import Path

import mapbox_vector_tile
import numpy as np
from pmtiles.reader import MmapSource, Reader, all_tiles

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from controlroom.geo.area import load_area
from controlroom.geo.localities import REACH_M, Place, Places
from controlroom.geo.roadclass import IMPORTANCE, KIND_INDEX, KINDS
from controlroom.geo.roads import RoadGraph
from controlroom.geo.snap import RoadIndex

ZOOM = 14
HOUSE_STREET_M = 60.0
SAME_POI_M = 300.0
# Points of interest a control room is asked for most, first.
POI_RANK = {
    "hospital": 9,
    "police": 9,
    "fire_station": 8,
    "station": 8,
    "bus_station": 7,
    "university": 7,
    "college": 7,
    "school": 7,
    "townhall": 6,
    "stadium": 6,
    "prison": 6,
    "library": 5,
    "pub": 5,
    "bar": 5,
    "supermarket": 5,
    "place_of_worship": 4,
    "kindergarten": 4,
    "doctors": 4,
    "pharmacy": 4,
    "fuel": 4,
    "parking": 1,
}
SKIP_POI = {"bollard", "waste_basket", "gate", "post_box", "bicycle_parking", "information"}


def _lat_lon(x: int, y: int, extent: int, px: float, py: float) -> tuple[float, float]:
    n = 2**ZOOM
    lon = (x + px / extent) / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (y + (extent - py) / extent) / n))))
    return round(lat, 6), round(lon, 6)


def read_tile_points(path: Path) -> dict[str, list[tuple[float, float, dict]]]:
    """(lat, lon, properties) of every point in the place, poi and housenumber layers."""
    out: dict[str, list] = defaultdict(list)
    with open(path, "rb") as fh:
        reader = Reader(MmapSource(fh))
        for (z, x, y), data in all_tiles(reader.get_bytes):
            if z != ZOOM:
                continue
            tile = mapbox_vector_tile.decode(data)
            for layer in ("place", "poi", "housenumber"):
                found = tile.get(layer)
                if not found:
                    continue
                for feature in found["features"]:
                    if feature["geometry"]["type"] != "Point":
                        continue
                    px, py = feature["geometry"]["coordinates"]
                    point = _lat_lon(x, y, found["extent"], px, py)
                    out[layer].append((*point, feature["properties"]))
    return out


def places_of(points: list) -> list[Place]:
    area, seen, out = load_area(), set(), []
    for lat, lon, props in points:
        name, kind = props.get("name:latin"), props.get("class")
        if not name or kind not in REACH_M or (name, kind, round(lat, 3)) in seen:
            continue
        seen.add((name, kind, round(lat, 3)))
        out.append(Place(name, kind, lat, lon, area.district_at(lat, lon) or ""))
    return out


# What a point of interest is, from its name where the tiles give no class.
NAMED_AS = (
    (r"\bpolice (station|post|headquarters)\b", "police"),
    (r"\bfire ?station\b", "fire_station"),
    (r"\bambulance station\b", "ambulance_station"),
    (r"\bbus station\b", "bus_station"),
    (r"\b(railway|rail|train) station\b", "station"),
    (r"\b(pumping|service|filling|petrol|power|transmitting|compressor|booster)\b", "utility"),
    (r"\bstation$", "station"),
    (r"\bhospital$", "hospital"),
    (r"\b(school|academy)$", "school"),
)


def _category(props: dict) -> str:
    sub = props.get("subclass") or props.get("class") or ""
    if sub:
        return sub
    name = props.get("name:latin", "").lower()
    return next((kind for pattern, kind in NAMED_AS if re.search(pattern, name)), "")


def pois_of(points: list) -> list[tuple[str, str, float, float]]:
    """(name, category, lat, lon), one per building: a name repeated within 300 m is one POI."""
    chosen: dict[str, list[tuple[str, str, float, float]]] = defaultdict(list)
    ranked = sorted(points, key=lambda p: not p[2].get("class"))  # classed ones first
    for lat, lon, props in ranked:
        name = (props.get("name:latin") or "").strip()
        category = _category(props)
        if not name or category in SKIP_POI:
            continue
        same = chosen[name.lower()]
        cos = math.cos(math.radians(lat))
        if any(math.hypot(lat - o[2], (lon - o[3]) * cos) * 111_195 < SAME_POI_M for o in same):
            continue
        same.append((name, category, lat, lon))
    return [p for group in chosen.values() for p in group]


def districts_of(lats, lons) -> list[str]:
    area = load_area()
    return [area.district_at(la, lo) or "" for la, lo in zip(lats, lons, strict=True)]


def streets_of(graph: RoadGraph, places: Places) -> list[list]:
    """[name, lat, lon, importance, locality, town, ref] per street name and locality."""
    named = np.flatnonzero(graph.named)
    first, after = graph.shape_offset[named], graph.shape_offset[named + 1]
    mid = first + (after - first) // 2  # a shape point halfway along each edge
    lats, lons = graph.shape_lat[mid], graph.shape_lon[mid]
    locality, town = places.assign(lats, lons, districts_of(lats.tolist(), lons.tolist()))
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, edge in enumerate(named.tolist()):
        groups[(graph.street(edge), int(locality[i]))].append(i)
    out = []
    for (name, loc), members in groups.items():
        edges = named[members]
        length = float(graph.edge_length[edges].sum())
        if length < 40.0 and loc >= 0:
            continue  # a road's tip over a locality boundary names no street there
        lat, lon = _middle(graph, edges)
        importance = max(IMPORTANCE.get(KINDS[k].name, 0) for k in graph.edge_kind[edges])
        rank = min(9, importance + int(math.log10(max(length, 10.0))))
        ref = next((graph.ref(e) for e in edges.tolist() if graph.ref(e)), "")
        out.append([name, lat, lon, rank, loc, int(town[members[0]]), ref if ref != name else ""])
    return out


def _middle(graph: RoadGraph, edges: np.ndarray) -> tuple[float, float]:
    """The shape point of these edges nearest their middle: a point on the street itself."""
    points = np.concatenate(
        [np.arange(graph.shape_offset[e], graph.shape_offset[e + 1]) for e in edges.tolist()]
    )
    lat, lon = graph.shape_lat[points], graph.shape_lon[points]
    best = int(np.argmin(np.hypot(lat - lat.mean(), (lon - lon.mean()) * graph.cos_lat)))
    return round(float(lat[best]), 6), round(float(lon[best]), 6)


def addresses_of(graph: RoadGraph, points: list) -> list[tuple[str, str, float, float]]:
    """(house number, street, lat, lon) for each house number near a named road."""
    named = (graph.edge_name >= 0) & (graph.edge_kind != KIND_INDEX["motorway"])
    index = RoadIndex(graph, named)
    houses = [(p[0], p[1], str(p[2]["housenumber"]).strip()) for p in points]
    houses = [h for h in houses if re.fullmatch(r"\d{1,4}[A-Za-z]?", h[2])]
    lats, lons = np.array([h[0] for h in houses]), np.array([h[1] for h in houses])
    edge, _, _, _, off = index.snap_many(lats, lons)
    out = {}
    for (lat, lon, number), e, metres in zip(houses, edge.tolist(), off.tolist(), strict=True):
        if metres <= HOUSE_STREET_M:
            out.setdefault((number.upper(), graph.names[graph.edge_name[e]]), (lat, lon))
    return [(n, s, lat, lon) for (n, s), (lat, lon) in out.items()]


def _assign(places: Places, lats: list[float], lons: list[float]):
    return places.assign(np.array(lats), np.array(lons), districts_of(lats, lons))


def build_gazetteer(graph: RoadGraph, tiles: Path) -> dict:
    points = read_tile_points(tiles)
    place_list = places_of(points["place"])
    places = Places(place_list)
    streets = streets_of(graph, places)
    pois = pois_of(points["poi"])
    addresses = addresses_of(graph, points["housenumber"])
    poi_loc, poi_town = _assign(places, [p[2] for p in pois], [p[3] for p in pois])
    adr_loc, adr_town = _assign(places, [a[2] for a in addresses], [a[3] for a in addresses])
    print(
        f"gazetteer: {len(place_list)} places, {len(streets)} streets, {len(pois)} points of "
        f"interest, {len(addresses)} house numbers"
    )
    return {
        "attribution": "© OpenStreetMap contributors (ODbL 1.0)",
        "places": [[p.name, p.kind, p.lat, p.lon, p.district] for p in places.places],
        "streets": streets,
        "pois": [
            [name, category, lat, lon, POI_RANK.get(category, 2), int(loc), int(town)]
            for (name, category, lat, lon), loc, town in zip(pois, poi_loc, poi_town, strict=True)
        ],
        "addresses": [
            [number, street, lat, lon, int(loc), int(town)]
            for (number, street, lat, lon), loc, town in zip(
                addresses, adr_loc, adr_town, strict=True
            )
        ],
    }
