"""Ranking units for an incident by estimated time of arrival along the roads."""

from __future__ import annotations

import random
import time

import pytest

from controlroom.geo.routing import router
from controlroom.recommend import Unit, recommend

HANLEY = (53.0245, -2.1794)
NOW = time.time()
# Etruria Vale Road, Etruria; Lower Bedford Street is 270 m away across the Trent & Mersey and
# Caldon canals (no bridge near), Wellesley Street 670 m away on the same side.
ETRURIA_VALE_ROAD = (53.019960, -2.189691)
ACROSS_THE_CANALS = (53.018549, -2.192906)
SAME_SIDE = (53.016505, -2.181562)


def unit(callsign, lat, lon, status="available", mode="foot", age=10.0):
    return Unit(callsign, status, mode, lat, lon, NOW - age)


@pytest.fixture(scope="module")
def roads():
    return router()


def test_the_nearest_deployable_unit_comes_first(roads):
    units = [
        unit("FAR", 53.05, -2.19),
        unit("NEAR", 53.026, -2.180),
        unit("MIDDLE", 53.035, -2.185),
    ]
    ranked = recommend(units, *HANLEY, NOW, 120, roads)
    assert [r.callsign for r in ranked] == ["NEAR", "MIDDLE", "FAR"]
    assert ranked[0].eta_s < ranked[1].eta_s < ranked[2].eta_s
    assert all(r.routed and r.distance_m >= r.straight_m * 0.99 for r in ranked)


def test_a_unit_across_the_canals_loses_to_one_farther_away_but_nearer_by_road(roads):
    units = [
        unit("ACROSS", *ACROSS_THE_CANALS, mode="vehicle"),
        unit("SAME-SIDE", *SAME_SIDE, mode="vehicle"),
    ]
    ranked = recommend(units, *ETRURIA_VALE_ROAD, NOW, 120, roads)
    assert [r.callsign for r in ranked] == ["SAME-SIDE", "ACROSS"]
    across, same = ranked[1], ranked[0]
    assert across.straight_m < same.straight_m
    assert across.distance_m > 4 * across.straight_m > same.distance_m


def test_the_eta_is_the_duration_of_the_units_route(roads):
    ranked = recommend([unit("CAR", *ACROSS_THE_CANALS, mode="vehicle")], *HANLEY, NOW, 120, roads)
    route = roads.route(ACROSS_THE_CANALS, HANLEY, "vehicle")
    assert ranked[0].eta_s == pytest.approx(route.duration_s, abs=1.0)
    assert ranked[0].distance_m == pytest.approx(route.distance_m, abs=2.0)


def test_stale_and_committed_units_are_left_out_but_deployable_ones_stay(roads):
    units = [
        unit("QUIET", 53.0246, -2.1795, age=600),
        unit("BUSY", 53.0246, -2.1795, status="on_scene"),
        unit("ESCORT", 53.0246, -2.1795, status="unavailable"),
        unit("PULLABLE", 53.03, -2.18, status="committed_deployable"),
        unit("FREE", 53.04, -2.18),
        unit("NOWHERE", None, None),
    ]
    ranked = recommend(units, *HANLEY, NOW, 120, roads)
    assert [r.callsign for r in ranked] == ["PULLABLE", "FREE"]


def test_a_car_further_away_can_arrive_before_a_walker(roads):
    units = [unit("WALKER", 53.030, -2.1794), unit("CAR", 53.060, -2.1794, mode="vehicle")]
    ranked = recommend(units, *HANLEY, NOW, 120, roads)
    assert [r.callsign for r in ranked] == ["CAR", "WALKER"]
    assert ranked[0].straight_m > ranked[1].straight_m


def test_the_best_ten_of_a_force_are_the_ten_quickest_by_route(roads):
    """The bounded search from the incident agrees with routing every unit on its own."""
    rng = random.Random(4)
    units = [
        unit(f"U{i}", 53.0245 + rng.uniform(-0.05, 0.05), -2.1794 + rng.uniform(-0.08, 0.08),
             mode=rng.choice(["foot", "vehicle"]))
        for i in range(60)
    ]  # fmt: skip
    ranked = recommend(units, *HANLEY, NOW, 120, roads, limit=10)
    each = {u.callsign: roads.route((u.lat, u.lon), HANLEY, u.mode).duration_s for u in units}
    best = sorted(each, key=each.__getitem__)[:10]
    assert [r.callsign for r in ranked] == best


def test_air_units_and_a_missing_road_network_fall_back_to_the_straight_line(roads):
    ranked = recommend([unit("NH900", 53.05, -2.17, mode="air")], *HANLEY, NOW, 120, roads)
    assert not ranked[0].routed and ranked[0].distance_m == pytest.approx(ranked[0].straight_m)
    without = recommend([unit("A", 53.0160, -2.1810)], *HANLEY, NOW, 120, None)
    assert without[0].routed is False and without[0].eta_s > 0
