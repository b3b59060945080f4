"""A point named in words: the street it is on and the locality it is in."""

from __future__ import annotations

from controlroom.geo.reverse import reverse


def test_a_point_on_leek_road_is_on_leek_road_in_hanley():
    found = reverse(53.0236, -2.1562)
    assert found.street == "Leek Road" and found.locality == "Hanley"
    assert found.label == "Leek Road, Hanley"


def test_points_in_town_name_their_street_and_locality():
    assert reverse(53.02519, -2.17679).street == "Piccadilly"
    hartshill = reverse(53.00898, -2.20439)
    assert hartshill.street == "Hartshill Road" and hartshill.locality == "Hartshill"


def test_a_point_in_open_country_is_near_somewhere():
    found = reverse(52.9, -2.0)
    assert found.street == "" and found.label.startswith("near ")
