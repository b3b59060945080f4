"""Typing a place finds it: towns, streets with their locality, points of interest and house
numbers from OpenStreetMap, best first, with slips and abbreviations forgiven."""

from __future__ import annotations

import pytest

from controlroom.geo.gazetteer import search
from controlroom.geo.geometry import haversine_m

HANLEY = (53.0245, -2.1794)  # Hanley bus station and Piccadilly
ROYAL_STOKE = (53.0033, -2.2136)
STOKE_STATION = (53.0079, -2.1809)
HARTSHILL_ROAD = (53.0087, -2.2000)
HANLEY_MARKET = (53.0257, -2.1755)

KNOWN = [
    # typed, the label begins, kind, where it really is, found within metres of there
    ("Hanley", "Hanley", "place", HANLEY, 1000),
    ("Royal Stoke University Hospital", "Royal Stoke University Hospital", "poi", ROYAL_STOKE, 400),
    ("royal stoke", "Royal Stoke University Hospital", "poi", ROYAL_STOKE, 400),
    ("Leek Road Hanley", "Leek Road, Hanley", "street", HANLEY, 2500),
    ("Hartshill Road", "Hartshill Road", "street", HARTSHILL_ROAD, 1500),
    ("Piccadilly Hanley", "Piccadilly, Hanley", "street", HANLEY, 300),
    ("Piccadilly", "Piccadilly, Hanley", "street", HANLEY, 300),
    ("Market Square, Hanley", "Market Square, Hanley", "street", HANLEY_MARKET, 300),
    ("Stoke station", "Stoke-on-Trent Railway Station", "poi", STOKE_STATION, 300),
    ("Hanley police station", "Hanley Police Station", "poi", HANLEY, 800),
]
SLIPS = [
    ("Leek Rd, Hanley", "Leek Road, Hanley"),
    ("Hanly", "Hanley"),
    ("Picadilly hanley", "Piccadilly, Hanley"),
    ("Royl Stoke Univ", "Royal Stoke University Hospital"),
    ("Hartshil Rd", "Hartshill Road"),
    ("stoke stn", "Stoke-on-Trent Railway Station"),
    ("Hartsh", "Hartshill"),  # typed so far
    ("st georges hospital stafford", "St George's Hospital"),
    ("Queens hospital burton", "Queen's Hospital"),
]


@pytest.mark.parametrize(("typed", "label", "kind", "place", "within_m"), KNOWN)
def test_known_places_resolve_near_where_they_are(typed, label, kind, place, within_m):
    best = search(typed)[0]
    assert best.label.startswith(label) and best.kind == kind, best
    assert haversine_m(best.lat, best.lon, *place) < within_m


@pytest.mark.parametrize(("typed", "label"), SLIPS)
def test_slips_and_abbreviations_find_the_same_place(typed, label):
    assert search(typed)[0].label.startswith(label), search(typed)[:3]


def test_a_house_number_the_map_has_is_found_and_one_it_lacks_finds_the_street():
    house = search("350 Hartshill Road")[0]
    assert house.kind == "address" and house.label.startswith("350 Hartshill Road")
    assert haversine_m(house.lat, house.lon, *HARTSHILL_ROAD) < 1500
    # OSM has no number 12 on Hartshill Road: the street is offered, never an invented house
    found = search("12 Hartshill Road")
    assert found[0].kind == "street" and found[0].label.startswith("Hartshill Road")
    assert not [r for r in found if r.kind == "address" and r.label.startswith("12 ")]


def test_streets_of_the_same_name_are_told_apart_by_their_locality():
    labels = [r.label for r in search("London Road", limit=20)]
    assert len(labels) == len(set(labels)) > 5
    assert any("Newcastle-under-Lyme" in label for label in labels)
    assert any("Stoke" in label for label in labels)
    assert search("London Road Newcastle")[0].label.startswith("London Road, Newcastle")


def test_every_kind_has_entries_and_limits_are_kept():
    assert {r.kind for r in search("Hanley", limit=20)} >= {"place", "poi", "street"}
    assert len(search("road", limit=3)) == 3


def test_nothing_typed_or_nonsense_finds_nothing():
    assert search("") == search("   ") == search(",,,") == []
    assert search("zzzz qqqq") == []
    assert search("x" * 10_000) == []
    assert search("Hanley " * 2000)[0].label.startswith("Hanley")
