"""Typing a street finds it, with its district, at a point on the street."""

from __future__ import annotations

from controlroom.geo.area import load_area
from controlroom.geo.gazetteer import search


def test_a_typed_street_is_found_in_its_district():
    found = search("abbey road")
    assert found, "Abbey Road is in the street data"
    assert all("abbey road" in p.label.lower() for p in found)
    assert load_area().contains(found[0].lat, found[0].lon)
    assert found[0].district


def test_names_that_start_with_the_text_come_first_and_nothing_matches_nothing():
    found = search("road", limit=50)
    assert found and all("road" in p.label.lower() for p in found)
    assert search("") == []
    assert search("zzzz no such street") == []
