"""The desk's live state follows the review: who holds a claim and since when, the latest
grading, an amendment back in the queue unseen, a withdrawn capture let go and a released one
taken as sent; replays and duplicates change nothing."""

from __future__ import annotations

from controlroom.live.state import Change, LiveState
from tests.live.test_state import capture, ev, iso

SNAPSHOT = {"seq": 10, "units": [], "captures": [capture("c1", -60), capture("c2", -30)]}


def _state() -> tuple[LiveState, list[Change]]:
    state = LiveState()
    state.load_snapshot(SNAPSHOT)
    changes: list[Change] = []
    state.subscribe(changes.append)
    return state, changes


def status(seq: int, ident: str, state: str, by: str, note: str = "") -> dict:
    payload = {"id": ident, "status": state, "by": by, "at": iso(seq), "note": note}
    return ev(seq, "capture.status", payload)


STREAM = [
    status(11, "c1", "in_review", "user:sam"),
    status(11, "c1", "in_review", "user:sam"),  # duplicate
    ev(
        12,
        "capture.graded",
        {
            "id": "c1",
            "grading": {"source": 2, "intelligence": "B", "handling": "C"},
            "grading_id": 7,
            "handling_code": "C",
            "handling_conditions": "force only",
            "sanitised_text": "Dealing reported.",
            "by": "user:sam",
            "at": iso(12),
        },
    ),
    status(13, "c1", "has_issues", "user:sam", "No VRM"),
    ev(14, "capture.revised", {**capture("c1", -60), "revision": 2, "status": "new"}),
    ev(15, "capture.withdrawn", {"id": "c2", "handling_code": "C"}),
    ev(16, "capture.released", {**capture("c3", -10), "sanitised": True, "summary": "Sanitised"}),
]


def test_the_review_is_followed_live():
    state, changes = _state()
    for event in STREAM[:3]:
        state.apply(event)
    c1 = state.captures["c1"]
    assert (c1.status, c1.review_by, c1.review_at) == ("in_review", "user:sam", iso(11))
    assert c1.grading is not None and (c1.grading.source, c1.grading.handling) == (2, "C")
    assert c1.handling_code == "C" and c1.sanitised_text == "Dealing reported."
    state.apply(STREAM[3])
    assert state.captures["c1"].status == "has_issues"
    assert state.captures["c1"].review_note == "No VRM"
    state.mark_seen("c1")
    state.apply(STREAM[4])
    assert state.captures["c1"].revision == 2 and state.captures["c1"].status == "new"
    assert "c1" in state.unseen  # the amendment is back in the queue, not yet looked at


def test_a_withdrawn_capture_is_let_go_and_a_released_one_taken():
    state, changes = _state()
    for event in STREAM:
        state.apply(event)
    assert "c2" not in state.captures and "c2" not in state.captures_newest_first()
    assert Change("captures", reset=True) in changes
    assert state.captures["c3"].sanitised and state.captures["c3"].summary == "Sanitised"
    assert state.captures_newest_first()[0] == "c3"
    again = state.captures.copy()
    for event in STREAM:
        assert not state.apply(event)  # a replay is all duplicates
    assert state.captures == again


def test_events_about_captures_a_workstation_does_not_hold_are_ignored():
    state, changes = _state()
    state.apply(status(11, "elsewhere", "reviewed", "user:sam"))
    state.apply(ev(12, "capture.withdrawn", {"id": "elsewhere"}))
    assert changes == [] and set(state.captures) == {"c1", "c2"}
