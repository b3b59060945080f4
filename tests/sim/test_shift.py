import collections
from datetime import UTC, datetime

from controlroom.geo.area import load_area
from controlroom.geo.hotspots import node_weights
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


def test_call_signs_are_uk_style_unique_and_stable_for_a_seed():
    roster = make_roster(1, 300)
    signs = [p.callsign for p in roster]
    assert len(set(signs)) == 300
    assert all(s[:2].isalpha() and s[2:].isdigit() for s in signs)
    assert signs == [p.callsign for p in make_roster(1, 300)]
    assert {p.mode for p in roster} == {"foot", "vehicle"}


def test_every_officer_starts_inside_the_force_area():
    area = load_area()
    shift = Shift(2, 400, START)
    for officer in shift.officers.values():
        lat, lon, _, _ = officer.position(0.0)
        assert area.contains(lat, lon), officer.plan.callsign


def test_busy_towns_get_most_officers():
    roster = make_roster(3, 1000)
    stoke = sum(p.district == "Stoke-on-Trent" for p in roster)
    moorlands = sum(p.district == "Staffordshire Moorlands" for p in roster)
    assert stoke > 3 * moorlands


def test_foot_and_vehicle_speeds_differ():
    roster = make_roster(4, 200)
    foot = [p.patrol_speed_mps for p in roster if p.mode == "foot"]
    cars = [p.patrol_speed_mps for p in roster if p.mode == "vehicle"]
    assert max(foot) < 3.0 < min(cars)


def test_same_seed_same_captures_and_pings():
    _, first = _play(7, 40, 30, capture_rate=4)
    _, again = _play(7, 40, 30, capture_rate=4)
    captures = [o.body for o in first if o.kind == "capture"]
    assert captures and captures == [o.body for o in again if o.kind == "capture"]
    assert [o.body for o in first if o.kind == "pings"] == [
        o.body for o in again if o.kind == "pings"
    ]
    _, other = _play(8, 40, 30, capture_rate=4)
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


def test_all_kinds_and_crime_like_captures_at_hotspots():
    shift, out = _play(11, 200, 60, capture_rate=3)
    captures = [o for o in out if o.kind == "capture"]
    assert {c.body["kind"] for c in captures} == set(KINDS)
    weights = node_weights()
    graph = shift.graph
    for c in captures:
        if c.body["kind"] in CRIME_LIKE:
            node = graph.nearest(c.body["lat"], c.body["lon"])
            near = graph.within(graph.lat[node], graph.lon[node], 120)
            assert any(weights[n] > 0 for n in near)


def test_incidents_are_raised_near_crime():
    _, out = _play(12, 300, 30)
    incidents = [o.body for o in out if o.kind == "incident"]
    assert incidents
    assert {i["grade"] for i in incidents} <= {"immediate", "priority", "scheduled", "resolution"}


def test_task_goes_through_its_lifecycle_along_the_graph():
    shift = Shift(13, 5, START)
    callsign = next(p.callsign for p in shift.roster if p.shift_start <= 0)
    shift.advance(5.0)
    node = shift.officers[callsign].beat[-1]  # dispatch sends someone nearby
    shift.receive_task(callsign, 99, shift.graph.lat[node], shift.graph.lon[node])
    states = []
    for step in range(2, 12 * 120):
        for o in shift.advance(step * 5.0):
            if o.kind == "task_status" and o.callsign == callsign:
                states.append(o.body["state"])
    assert states in (
        ["acknowledged", "en_route", "on_scene", "completed"],
        ["declined"],
    )
    if states[-1] == "completed":
        assert shift.officers[callsign].leg.path[0] == node
