"""The road graph: how tools/roads_lib.py joins OSM's tile-cut lines into a routable network,
and that the shipped network holds the real roads."""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

import numpy as np

from controlroom.geo.roads import FOOT, ONEWAY, VEHICLE, RoadGraph, load_roads
from controlroom.geo.snap import RoadIndex

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from roads_lib import chain_pieces, pack, snap_loose_ends, split_at_junctions

STREET = ("residential", "Mill Street", "", False, "")
ONE_WAY = ("residential", "Pall Mall", "", True, "")


def _lines(*lines):
    return [
        ([(round(x * 1e6), round(y * 1e6)) for x, y in coords], attrs) for coords, attrs in lines
    ]


def test_lines_are_split_at_junctions_and_chained_across_tile_seams():
    lines = _lines(
        # one street cut at a tile edge (x = -2.17), crossed by a lane at its middle vertex
        ([(-2.172, 53.02), (-2.171, 53.02), (-2.170, 53.02)], STREET),
        ([(-2.170, 53.02), (-2.169, 53.02), (-2.168, 53.02)], STREET),
        ([(-2.171, 53.019), (-2.171, 53.02), (-2.171, 53.021)], ("service", "", "", False, "")),
    )
    edges = chain_pieces(split_at_junctions(lines))
    mill = sorted(len(e.keys) for e in edges if e.attrs == STREET)
    assert mill == [2, 4]  # west of the junction, and east of it through the seam as one edge
    assert sum(1 for e in edges if e.attrs[0] == "service") == 2


def test_one_way_pieces_are_chained_only_head_to_tail():
    lines = _lines(
        ([(-2.1, 53.0), (-2.099, 53.0)], ONE_WAY),
        ([(-2.098, 53.0), (-2.099, 53.0)], ONE_WAY),  # drawn the other way: a different way
    )
    assert len(chain_pieces(split_at_junctions(lines))) == 2


def test_a_loose_end_within_a_metre_and_a_half_joins_the_road_beside_it():
    lines = _lines(
        ([(-2.1, 53.0), (-2.1, 53.001)], STREET),
        ([(-2.101, 53.0005), (-2.100015, 53.0005)], ONE_WAY),  # ends 1 m short of Mill Street
    )
    lines[0][0].insert(1, (-2_100_000, 53_000_500))  # Mill Street has a vertex there
    assert snap_loose_ends(lines) == 1
    edges = chain_pieces(split_at_junctions(lines))
    graph = RoadGraph(pack(edges))
    assert len(graph) == 4 and graph.edges == 3


def test_the_network_is_one_for_cars_obeying_one_way_streets_and_one_on_foot():
    graph = load_roads()
    assert len(graph) > 100_000 and graph.allows(VEHICLE).sum() > 100_000
    oneway = graph.allows(ONEWAY) & graph.allows(VEHICLE)
    assert 0.03 < oneway.mean() < 0.2
    kinds = {graph.kind(e) for e in np.flatnonzero(graph.allows(VEHICLE))[::50].tolist()}
    assert "path" not in kinds and "residential" in kinds
    assert graph.allows(FOOT).sum() > graph.allows(VEHICLE).sum()


def _middle_of(coords: list) -> tuple[float, float]:
    """Halfway along the line's middle segment (its vertices may be junctions of other roads)."""
    (x1, y1), (x2, y2) = coords[len(coords) // 2 - 1], coords[len(coords) // 2]
    return (x1 + x2) / 2, (y1 + y2) / 2


def test_the_shipped_network_holds_the_named_roads_of_the_osm_data(shared_data):
    with gzip.open(shared_data / "osm/staffordshire_roads_2021.geojson.gz", "rt") as fh:
        features = [f for f in json.load(fh)["features"] if f["properties"]["name"]]
    graph = load_roads()
    index = RoadIndex(graph, graph.edge_name >= 0)
    sample = random.Random(1).sample(features, 400)
    points = [_middle_of(f["geometry"]["coordinates"]) for f in sample]
    edge, _, _, _, off = index.snap_many(
        np.array([p[1] for p in points]), np.array([p[0] for p in points])
    )
    same = [
        graph.street(e) == f["properties"]["name"] and metres < 2.0
        for f, e, metres in zip(sample, edge.tolist(), off.tolist(), strict=True)
    ]
    assert sum(same) >= 0.97 * len(sample)
