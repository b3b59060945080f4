import collections
import math
from datetime import UTC, datetime

import numpy as np
import pytest

from controlroom.geo.area import load_area
from controlroom.geo.geometry import haversine_m
from controlroom.geo.hotspots import hotspots_within
from controlroom.geo.routing import router
from controlroom.sim.calls import CALL_TYPES, CallHandler
from controlroom.sim.captures import CRIME_LIKE, KINDS
from controlroom.sim.roster import make_roster
from controlroom.sim.shift import Shift

START = datetime(2025, 1, 1, 22, 0, tzinfo=UTC)


def _play(seed: int, officers: int, minutes: int, **kw):
    shift = Shift(seed, officers, START, **kw)
    out = []
    for step in range(1, minutes * 12 + 1):
        out += shift.advance(step * 5.0)
    return shift, out


@pytest.fixture(scope="module")
def hour():
    """An hour of a 60-officer shift, with where each officer truly was every 5 seconds."""
    shift = Shift(11, 60, START, capture_rate=3)
    out, truth = [], collections.defaultdict(list)
    for step in range(1, 12 * 60 + 1):
        t = step * 5.0
        out += shift.advance(t)
        for callsign, officer in shift.officers.items():
            if officer.on_duty(t) and officer.task is None:
                truth[callsign].append((t, *officer.position(t)))
    return shift, out, truth


def test_call_signs_are_uk_style_unique_and_stable_for_a_seed():
    roster = make_roster(1, 300)
    signs = [p.callsign for p in roster]
    assert len(set(signs)) == 300
    assert all(s[:2].isalpha() and s[2:].isdigit() for s in signs)
    assert signs == [p.callsign for p in make_roster(1, 300)]
    assert {p.mode for p in roster} == {"foot", "vehicle"}


def test_every_officer_starts_inside_the_force_area():
    area = load_area()
    shift = Shift(2, 200, START)
    for officer in shift.officers.values():
        lat, lon, _, _ = officer.position(0.0)
        assert area.contains(lat, lon), officer.plan.callsign


def test_busy_towns_get_most_officers():
    roster = make_roster(3, 1000)
    stoke = sum(p.district == "Stoke-on-Trent" for p in roster)
    moorlands = sum(p.district == "Staffordshire Moorlands" for p in roster)
    assert stoke > 3 * moorlands


def test_patrolling_officers_stay_on_the_roads_they_may_use(hour):
    shift, _, truth = hour
    roads = router()
    for callsign, track in truth.items():
        mode = shift.officers[callsign].plan.mode
        lats = np.array([p[1] for p in track])
        lons = np.array([p[2] for p in track])
        off = roads.network(mode).index.snap_many(lats, lons)[4]
        assert float(np.percentile(off, 99)) < 3.0, callsign  # cars never on footpaths


def test_cars_drive_at_road_speeds_and_officers_walk(hour):
    shift, _, truth = hour
    speeds = collections.defaultdict(list)
    for callsign, track in truth.items():
        moving = [p[3] for p in track if p[3] > 0]
        speeds[shift.officers[callsign].plan.mode] += moving
    assert 0.9 < float(np.median(speeds["foot"])) < 1.8
    assert 6 < float(np.median(speeds["vehicle"])) < 20
    assert max(speeds["vehicle"]) < 100 / 3.6 + 0.1  # never above the motorway speed


def test_pings_are_where_the_officer_was_give_or_take_the_gps(hour):
    shift, out, truth = hour
    where = {(c, t): (lat, lon) for c, track in truth.items() for t, lat, lon, *_ in track}
    offsets = []
    for o in out:
        for ping in o.body["pings"] if o.kind == "pings" else ():
            t = round((datetime.fromisoformat(ping["at"]) - START).total_seconds() * 1.0)
            if (o.callsign, t) in where:
                offsets.append(haversine_m(ping["lat"], ping["lon"], *where[(o.callsign, t)]))
    assert len(offsets) > 1000 and float(np.median(offsets)) < 10


def test_all_kinds_and_crime_like_captures_at_hotspots(hour):
    shift, out, _ = hour
    captures = [o for o in out if o.kind == "capture"]
    assert {c.body["kind"] for c in captures} == set(KINDS)
    for c in captures:  # on beats with recorded crime, crime-like captures are made at it
        if c.body["kind"] in CRIME_LIKE and shift.officers[c.callsign].beat.hot:
            assert hotspots_within(c.body["lat"], c.body["lon"], 400), c.body["summary"]


def test_same_seed_same_captures_and_pings():
    _, first = _play(7, 30, 20, capture_rate=4)
    _, again = _play(7, 30, 20, capture_rate=4)
    captures = [o.body for o in first if o.kind == "capture"]
    assert captures and captures == [o.body for o in again if o.kind == "capture"]
    assert [o.body for o in first if o.kind == "pings"] == [
        o.body for o in again if o.kind == "pings"
    ]
    _, other = _play(8, 30, 20, capture_rate=4)
    assert [o.body["id"] for o in other if o.kind == "capture"] != [c["id"] for c in captures]


def test_pings_every_interval_while_on_duty():
    shift, out = _play(5, 10, 10, ping_interval=5.0)
    per_unit = collections.Counter()
    for o in out:
        if o.kind == "pings":
            per_unit[o.callsign] += len(o.body["pings"])
    on_duty = [p.callsign for p in shift.roster if p.shift_start <= 0 and p.shift_end > 600]
    for callsign in on_duty:
        assert 100 <= per_unit[callsign] <= 121


def test_the_call_handler_grades_each_call_by_what_it_is():
    handler = CallHandler(3, 40)
    calls = handler.due(6 * 3600.0)
    assert calls[0].at < 30  # the first call comes in at once
    assert 40 < len(calls) < 120  # about 0.3 an officer-hour
    grade = {c.what: c.grade for c in CALL_TYPES}
    assert grade["Burglary in progress, intruders still inside"] == "immediate"
    assert grade["Burglary found this morning, happened overnight"] == "scheduled"
    assert all(c.body()["grade"] == grade[c.kind.what] for c in calls)
    assert {c.kind.grade for c in calls} == {"immediate", "priority", "scheduled", "resolution"}


def test_calls_come_from_real_addresses_on_real_streets():
    calls = CallHandler(4, 40).due(3 * 3600.0)
    area = load_area()
    for call in calls:
        body = call.body()
        assert area.contains(body["lat"], body["lon"])
        assert call.street and call.street in body["summary"] and call.street in call.address
    assert sum(call.address[0].isdigit() for call in calls) > len(calls) / 3  # house numbers


def test_task_goes_through_its_lifecycle_along_the_roads():
    shift = Shift(13, 5, START)
    callsign = next(p.callsign for p in shift.roster if p.shift_start <= 0)
    shift.advance(5.0)
    goal = shift.officers[callsign].beat.stops[-1]  # dispatch sends someone nearby
    shift.receive_task(callsign, 99, None, *goal)
    states, at_scene = [], None
    for step in range(2, 12 * 120):
        for o in shift.advance(step * 5.0):
            if o.kind == "task_status" and o.callsign == callsign:
                states.append(o.body["state"])
                if o.body["state"] == "on_scene":
                    at_scene = shift.officers[callsign].position(step * 5.0)
    assert states in (
        ["acknowledged", "en_route", "on_scene", "completed"],
        ["declined"],
    )
    if states[-1] == "completed":
        lat, lon, _, _ = at_scene
        assert math.isclose(lat, goal[0], abs_tol=1e-6) and math.isclose(lon, goal[1], abs_tol=1e-6)
