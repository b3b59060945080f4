"""Handling codes on every read path: the leak matrix (``tests/hub/leaks.py``) for every role,
on both stores, with captures coded C by the officer, regraded P to C, released C to P, graded
P, left ungraded and amended to C; and workstations that already hold a capture are told."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import httpx
import pytest

from controlroom.live.state import LiveState
from tests.hub.desk import LiveStream, events_of, read_stream
from tests.hub.helpers import capture, iso
from tests.hub.leaks import (
    CLEARED,
    FULL,
    HIDDEN,
    READ_PATHS,
    ROLES,
    SHOWN_SANITISED,
    Case,
    Matrix,
    ReadPath,
    expected,
    without_withdrawals,
)
from tests.hubprocess import HubProcess


@dataclass(frozen=True)
class Plan:
    """How a case's capture comes to stand: the officer's code, the analyst's grading, and
    an amendment the officer marks C."""

    name: str
    officer_code: str | None
    graded: str | None
    amended_to_c: bool
    uncleared_see: str


PLANS = [
    Plan("coded C by the officer", "C", None, False, HIDDEN),
    Plan("regraded P to C", "P", "C", False, HIDDEN),
    Plan("released C to P", "C", "P", False, SHOWN_SANITISED),
    Plan("graded P", "P", "P", False, SHOWN_SANITISED),
    Plan("not graded, P", "P", None, False, FULL),
    Plan("no code", None, None, False, FULL),
    Plan("amended to C by the officer", "P", None, True, HIDDEN),
]


def _send(device: httpx.Client, case: Case, code: str | None, revision: int = 1) -> None:
    fields = {"text": f"Seen at the address: {case.raw}", "source_evaluation": 2}
    if code is not None:
        fields["handling_code"] = code
    body = capture(
        "intelligence",
        id=case.id,
        summary=f"Intel {case.raw}",
        fields=fields,
        revision=revision,
        at=iso(-60),
    )
    response = device.post("/api/v1/device/captures", json=body)
    assert response.status_code == 201, response.text


def _attach(device: httpx.Client, case: Case) -> None:
    content = case.bytes.encode()
    response = device.put(
        f"/api/v1/device/captures/{case.id}/attachments/{case.attachment}",
        content=content,
        headers={"X-Content-SHA256": hashlib.sha256(content).hexdigest()},
    )
    assert response.status_code == 201, response.text


def _review(analyst: httpx.Client, case: Case, state: str) -> None:
    body = {"state": state, "note": f"Analyst's note: {case.raw}"}
    response = analyst.post(f"/api/v1/captures/{case.id}/review", json=body)
    assert response.status_code == 200, response.text


def _grade(analyst: httpx.Client, case: Case, handling: str) -> None:
    body = {
        "source": 2,
        "intelligence": "B",
        "handling": handling,
        "conditions": "Not outside the force" if handling == "C" else "",
        "sanitised_text": case.sanitised,
    }
    response = analyst.put(f"/api/v1/captures/{case.id}/grading", json=body)
    assert response.status_code == 200, response.text


def _build(hub: HubProcess, analyst: httpx.Client, plan: Plan) -> Case:
    device = hub.device()
    case = Case(plan.name, plan.uncleared_see, graded=plan.graded is not None)
    case.callsign = device.callsign
    _send(device, case, plan.officer_code)
    _attach(device, case)
    _review(analyst, case, "in_review")
    if plan.graded:
        _grade(analyst, case, plan.graded)
        _review(analyst, case, "reviewed")
    if plan.amended_to_c:
        _review(analyst, case, "has_issues")
        _send(device, case, "C", revision=2)
    return case


@pytest.fixture(scope="module")
def readers(hub: HubProcess) -> dict[str, httpx.Client]:
    return {role: hub.user(role) for role in ROLES}


@pytest.fixture(scope="module")
def matrix(hub: HubProcess, readers) -> Matrix:
    cases = [_build(hub, readers["intelligence"], plan) for plan in PLANS]
    sentinel = capture("note", summary="end of the matrix")
    assert hub.device().post("/api/v1/device/captures", json=sentinel).status_code == 201
    return Matrix(cases, sentinel["id"])


def _check(role: str, case: Case, path: ReadPath, got: str) -> None:
    must, never = expected(role, case, path)
    where = f"{role} reading {path.name} of a capture {case.name}"
    for kind in sorted(must):
        assert case.secret(kind) in got, f"{where} does not see its {kind} text"
    for kind in sorted(never):
        assert case.secret(kind) not in got, f"{where} is shown its {kind} text"
    kept_from = (HIDDEN, SHOWN_SANITISED) if path.by_raw else (HIDDEN,)
    if path.listing and case.uncleared_see in kept_from and role not in CLEARED:
        assert case.id not in path.unsaid(got, case), f"{where} is told it exists"


@pytest.mark.parametrize("path", READ_PATHS, ids=lambda p: p.name)
@pytest.mark.parametrize("role", ROLES)
def test_no_read_path_shows_a_role_what_it_may_not_see(matrix, readers, role, path):
    for case in matrix.cases:
        _check(role, case, path, path.read(readers[role], case, matrix))


def test_a_workstation_holding_a_capture_is_told_it_is_withdrawn(hub, readers):
    device, analyst, dispatcher = hub.device(), readers["intelligence"], readers["dispatcher"]
    state = LiveState()
    state.load_snapshot(dispatcher.get("/api/v1/snapshot").json())
    case = Case("regraded while held", HIDDEN, graded=True)
    sentinel = capture("note", summary="after the withdrawal")
    with LiveStream(dispatcher, sentinel["id"]) as live:
        _send(device, case, "P")
        _grade(analyst, case, "C")
        _review(analyst, case, "reviewed")  # after the withdrawal: never to this workstation
        device.post("/api/v1/device/captures", json=sentinel)
    kinds = [(e["type"], e["subject"]) for e in events_of(live.text)]
    assert ("capture.created", case.id) in kinds  # it held the capture ...
    assert ("capture.withdrawn", case.id) in kinds  # ... and was told to let go
    after = kinds[kinds.index(("capture.withdrawn", case.id)) + 1 :]
    assert [k for k in after if k[1] == case.id] == []
    for line in live.text.splitlines():
        state.apply_json(line)
    assert case.id not in state.captures and sentinel["id"] in state.captures
    assert dispatcher.get(f"/api/v1/captures/{case.id}").status_code == 403


def test_a_capture_released_from_c_reaches_other_roles_as_its_sanitised_text(hub, readers):
    device, analyst, sergeant = hub.device(), readers["intelligence"], readers["sergeant"]
    case = Case("released while watched", SHOWN_SANITISED, graded=True)
    sentinel = capture("note", summary="after the release")
    with (
        LiveStream(sergeant, sentinel["id"]) as uncleared,
        LiveStream(readers["supervisor"], sentinel["id"]) as cleared,
    ):
        _send(device, case, "C")
        _grade(analyst, case, "P")
        device.post("/api/v1/device/captures", json=sentinel)
    about = [e for e in events_of(uncleared.text) if e["subject"] == case.id]
    assert [e["type"] for e in about] == ["capture.released"]
    released = about[0]["payload"]
    assert released["summary"] == case.sanitised and released["sanitised"]
    assert released["fields"] == {} and case.raw not in uncleared.text
    # The cleared roles held it whole all along: no release for them, the grading instead.
    about = [e for e in events_of(cleared.text) if e["subject"] == case.id]
    assert [e["type"] for e in about] == ["capture.created", "capture.graded"]
    assert case.raw in cleared.text


def test_a_restarted_hub_replays_nothing_withheld_from_its_store(hub, matrix, readers):
    """The stream read back from the store (not the hub's memory) after every change."""
    hub.restart()
    for role in ("dispatcher", "sergeant"):
        got = read_stream(readers[role], "/api/v1/events?after=0", matrix.sentinel)
        for case in matrix.cases:
            seen = case.uncleared_see
            if seen != FULL:
                assert case.raw not in got and case.bytes not in got, (role, case.name)
            if seen == HIDDEN:
                told = without_withdrawals(got, case)
                assert case.id not in told and case.sanitised not in got, (role, case.name)
            expected_text = {FULL: case.raw, SHOWN_SANITISED: case.sanitised}.get(seen)
            if expected_text is not None:
                assert expected_text in got, (role, case.name)
