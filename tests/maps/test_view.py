from map_helpers import apply_and_wait, dispose, page_value

from controlroom.vocabulary import EMERGENCY_COLOUR, STALE_COLOUR, UNIT_STATUS
from maps.page import MapSettings
from maps.view import MapView

UNIT = {"callsign": "ALPHA1", "lat": 53.0, "lon": -2.18, "status": "available", "stale": False}


def position(qtbot, view, callsign):
    return page_value(qtbot, lambda cb: view.unit_position(callsign, cb))


def test_page_becomes_ready(map_view):
    assert map_view.is_ready


def test_diff_moves_a_unit_marker(qtbot, map_view):
    report = apply_and_wait(qtbot, map_view, {"units": {"upsert": [UNIT]}})
    assert report["created"] == 1 and report["ms"] >= 0
    first = position(qtbot, map_view, "ALPHA1")
    assert (first["lat"], first["lon"]) == (53.0, -2.18)

    apply_and_wait(qtbot, map_view, {"units": {"upsert": [{"callsign": "ALPHA1", "lat": 53.01}]}})
    moved = position(qtbot, map_view, "ALPHA1")
    assert (moved["lat"], moved["lon"]) == (53.01, -2.18)
    assert moved["status"] == "available"


def test_removed_unit_leaves_the_map(qtbot, map_view):
    apply_and_wait(qtbot, map_view, {"units": {"upsert": [UNIT]}})
    apply_and_wait(qtbot, map_view, {"units": {"remove": ["ALPHA1"]}})
    assert position(qtbot, map_view, "ALPHA1") is None


def test_stale_unit_is_greyed(qtbot, map_view):
    apply_and_wait(qtbot, map_view, {"units": {"upsert": [UNIT]}})
    live = position(qtbot, map_view, "ALPHA1")
    apply_and_wait(qtbot, map_view, {"units": {"upsert": [{"callsign": "ALPHA1", "stale": True}]}})
    stale = position(qtbot, map_view, "ALPHA1")
    assert live["fillColor"] == UNIT_STATUS.colour("available")  # as the tables colour it
    assert stale["stale"] is True and stale["fillColor"] == STALE_COLOUR


def test_emergency_outranks_stale(qtbot, map_view):
    unit = {**UNIT, "status": "emergency", "stale": True}
    apply_and_wait(qtbot, map_view, {"units": {"upsert": [unit]}})
    shown = position(qtbot, map_view, "ALPHA1")
    assert shown["emergency"] is True and shown["fillColor"] == EMERGENCY_COLOUR
    state = page_value(qtbot, lambda cb: map_view.query({}, cb))
    assert state["emergencies"] == 1


def test_clicking_a_unit_emits_unit_clicked(qtbot, map_view):
    apply_and_wait(qtbot, map_view, {"units": {"upsert": [UNIT]}})
    with qtbot.waitSignal(map_view.bridge.unit_clicked, timeout=5000) as clicked:
        map_view.evaluate("crLive.unitMarker('ALPHA1').fire('click', {}, true) && true")
    assert clicked.args == ["ALPHA1"]


def test_clicking_a_capture_emits_capture_clicked(qtbot, map_view):
    capture = {
        "id": "c-1",
        "kind": "stop_search",
        "lat": 53.0,
        "lon": -2.1,
        "summary": "<b>x</b>",
        "callsign": "ALPHA1",
        "at": "2024-05-01T10:00:00Z",
    }
    report = apply_and_wait(qtbot, map_view, {"captures": {"upsert": [capture]}})
    assert report["captures"] == 1
    with qtbot.waitSignal(map_view.bridge.capture_clicked, timeout=5000) as clicked:
        map_view.evaluate("crLive.captureMarker('c-1').fire('click') && true")
    assert clicked.args == ["c-1"]


def test_clicking_the_map_emits_map_clicked(qtbot, map_view):
    with qtbot.waitSignal(map_view.bridge.map_clicked, timeout=5000) as clicked:
        map_view.evaluate(
            "(function(m){m.fire('click', {latlng: L.latLng(53.1, -2.2)});"
            "return true})(crBasemap && window[document.querySelector"
            "('.folium-map').id])"
        )
    assert clicked.args == [53.1, -2.2]


def test_track_select_and_focus(qtbot, map_view):
    diff = {
        "units": {"upsert": [UNIT]},
        "track": {"callsign": "ALPHA1", "points": [[53.0, -2.2], [53.0, -2.19], [53.0, -2.18]]},
        "select": {"kind": "unit", "id": "ALPHA1"},
        "focus": {"lat": 53.0, "lon": -2.18, "zoom": 14},
    }
    apply_and_wait(qtbot, map_view, diff)
    state = page_value(qtbot, lambda cb: map_view.query({}, cb))
    assert state["track"] == 3 and state["selected"] == {"kind": "unit", "id": "ALPHA1"}
    assert state["zoom"] == 14
    apply_and_wait(qtbot, map_view, {"track": None})
    assert page_value(qtbot, lambda cb: map_view.query({}, cb))["track"] == 0


def test_calls_made_before_ready_are_queued(qtbot, tmp_path):
    view = MapView(MapSettings(geodata_dir=tmp_path), page_dir=tmp_path / "page")
    view.apply_diff({"units": {"upsert": [UNIT]}})
    answers = []
    view.unit_position("ALPHA1", answers.append)  # asked before the page even exists
    assert not view.is_ready
    with qtbot.waitSignal(view.batch_applied, timeout=20_000):
        view.load_map()
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    # the query was queued before the diff was sent, so it ran first and found nothing
    assert answers == [None]
    assert position(qtbot, view, "ALPHA1")["lat"] == 53.0
    dispose(view)


def test_page_errors_come_back_as_none_not_a_crash(qtbot, map_view):
    assert page_value(qtbot, lambda cb: map_view.evaluate("undefinedThing.x", cb)) is None
    assert page_value(qtbot, lambda cb: map_view.evaluate("42", cb)) == 42


def test_reloaded_page_gets_the_whole_state_again(qtbot, map_view):
    apply_and_wait(qtbot, map_view, {"units": {"upsert": [UNIT, {**UNIT, "callsign": "B2"}]}})
    apply_and_wait(
        qtbot, map_view, {"units": {"remove": ["B2"]}, "select": {"kind": "unit", "id": "ALPHA1"}}
    )
    with qtbot.waitSignal(map_view.batch_applied, timeout=20_000) as applied:
        map_view.reload_map()
    assert applied.args[0]["created"] == 1
    assert position(qtbot, map_view, "ALPHA1")["lat"] == 53.0
    assert position(qtbot, map_view, "B2") is None
    state = page_value(qtbot, lambda cb: map_view.query({}, cb))
    assert state["selected"] == {"kind": "unit", "id": "ALPHA1"}


def test_plain_moves_travel_compact_and_still_move_markers(qtbot, map_view):
    from maps.view import compact

    diff = {
        "units": {
            "upsert": [
                {"callsign": "ALPHA1", "lat": 53.02, "lon": -2.17},
                {"callsign": "BRAVO2", "status": "on_scene"},
            ]
        }
    }
    sent = compact(diff)
    assert sent["units"]["moves"] == ["ALPHA1", 53.02, -2.17, None]
    assert sent["units"]["upsert"] == [{"callsign": "BRAVO2", "status": "on_scene"}]
    apply_and_wait(qtbot, map_view, {"units": {"upsert": [UNIT]}})
    apply_and_wait(
        qtbot,
        map_view,
        {
            "units": {
                "upsert": [{"callsign": "ALPHA1", "lat": 53.03, "lon": -2.16, "heading_deg": 90}]
            }
        },
    )
    moved = position(qtbot, map_view, "ALPHA1")
    assert (moved["lat"], moved["lon"]) == (53.03, -2.16) and moved["status"] == "available"
