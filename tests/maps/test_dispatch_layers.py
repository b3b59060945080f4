"""Incidents, recommended units and the emergency alarm on the map."""

from map_helpers import apply_and_wait, page_value

INCIDENT = {
    "id": 7,
    "summary": "Fight outside the Potters Bar",
    "grade": "immediate",
    "lat": 53.0245,
    "lon": -2.1794,
    "overdue": False,
    "age_min": 3,
}


def dispatch_state(qtbot, view):
    return page_value(qtbot, lambda cb: view.evaluate("crLive.dispatchState()", cb))


def test_incidents_show_by_grade_and_overdue_ones_are_marked(qtbot, map_view):
    apply_and_wait(qtbot, map_view, {"incidents": {"upsert": [INCIDENT]}})
    state = dispatch_state(qtbot, map_view)
    assert state["incidents"] == [
        {"id": 7, "lat": 53.0245, "lon": -2.1794, "grade": "immediate", "overdue": False}
    ]
    apply_and_wait(qtbot, map_view, {"incidents": {"upsert": [{**INCIDENT, "overdue": True}]}})
    assert dispatch_state(qtbot, map_view)["incidents"][0]["overdue"] is True
    apply_and_wait(qtbot, map_view, {"incidents": {"remove": [7]}})
    assert dispatch_state(qtbot, map_view)["incidents"] == []


def test_clicking_an_incident_emits_incident_clicked(qtbot, map_view):
    apply_and_wait(qtbot, map_view, {"incidents": {"upsert": [INCIDENT]}})
    with qtbot.waitSignal(map_view.bridge.incident_clicked, timeout=5000) as clicked:
        map_view.evaluate(
            "crLive.map().eachLayer(function (l) { if (l.options && l.options.pane === "
            "'crIncidents') l.fire('click', {}, true); }) && true"
        )
    assert clicked.args == [7]


def test_candidates_are_drawn_and_cleared(qtbot, map_view):
    candidates = {
        "lat": 53.0245,
        "lon": -2.1794,
        "units": [
            {"callsign": "SK21", "lat": 53.03, "lon": -2.18, "eta_s": 140, "distance_m": 900},
            {"callsign": "SK40", "lat": 53.04, "lon": -2.19, "eta_s": 420, "distance_m": 2600},
        ],
    }
    report = apply_and_wait(qtbot, map_view, {"candidates": candidates})
    assert report["candidates"] == 2
    assert dispatch_state(qtbot, map_view)["candidates"] == 4  # a line and a label each
    apply_and_wait(qtbot, map_view, {"candidates": None})
    assert dispatch_state(qtbot, map_view)["candidates"] == 0


def test_an_alarm_flies_the_map_to_the_officer(qtbot, map_view):
    report = apply_and_wait(
        qtbot, map_view, {"alarm": {"callsign": "SK99", "lat": 52.8069, "lon": -2.1166}}
    )
    assert report["alarm"] == "SK99"

    def centred():
        state = page_value(qtbot, lambda cb: map_view.query({}, cb))
        lat, lon = state["center"]
        return abs(lat - 52.8069) < 0.01 and abs(lon + 2.1166) < 0.01

    qtbot.waitUntil(centred, timeout=5000)
    assert dispatch_state(qtbot, map_view)["alarm"] == 1
