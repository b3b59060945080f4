"""Ranking units for an incident by estimated time of arrival."""

from __future__ import annotations

import time

import pytest

from controlroom.geo.streets import load_streets
from controlroom.recommend import Unit, recommend

HANLEY = (53.0245, -2.1794)
NOW = time.time()


def unit(callsign, lat, lon, status="available", mode="foot", age=10.0):
    return Unit(callsign, status, mode, lat, lon, NOW - age)


@pytest.fixture(scope="module")
def streets():
    return load_streets()


def test_the_nearest_deployable_unit_comes_first(streets):
    units = [
        unit("FAR", 53.05, -2.19),
        unit("NEAR", 53.026, -2.180),
        unit("MIDDLE", 53.035, -2.185),
    ]
    ranked = recommend(units, *HANLEY, NOW, 120, streets)
    assert [r.callsign for r in ranked] == ["NEAR", "MIDDLE", "FAR"]
    assert ranked[0].eta_s < ranked[1].eta_s < ranked[2].eta_s
    assert all(r.distance_m >= r.straight_m * 0.99 for r in ranked)


def test_stale_and_committed_units_are_left_out_but_deployable_ones_stay(streets):
    units = [
        unit("QUIET", 53.0246, -2.1795, age=600),
        unit("BUSY", 53.0246, -2.1795, status="on_scene"),
        unit("ESCORT", 53.0246, -2.1795, status="unavailable"),
        unit("PULLABLE", 53.03, -2.18, status="committed_deployable"),
        unit("FREE", 53.04, -2.18),
        unit("NOWHERE", None, None),
    ]
    ranked = recommend(units, *HANLEY, NOW, 120, streets)
    assert [r.callsign for r in ranked] == ["PULLABLE", "FREE"]


def test_a_car_further_away_can_arrive_before_a_walker(streets):
    units = [unit("WALKER", 53.030, -2.1794), unit("CAR", 53.060, -2.1794, mode="vehicle")]
    ranked = recommend(units, *HANLEY, NOW, 120, streets)
    assert [r.callsign for r in ranked] == ["CAR", "WALKER"]
    assert ranked[0].straight_m > ranked[1].straight_m


def test_in_town_the_route_follows_the_street_graph(streets):
    ranked = recommend([unit("A", 53.0160, -2.1810)], *HANLEY, NOW, 120, streets)
    assert ranked[0].routed is True
    without_graph = recommend([unit("A", 53.0160, -2.1810)], *HANLEY, NOW, 120, None)
    assert without_graph[0].routed is False and without_graph[0].eta_s > 0
