"""Review: states with who and when, a claim every analyst sees live and a second analyst is
refused with the holder's name, explicit take-over and release, the older status call folded
in, roles on the server, and hostile input refused without changing anything."""

from __future__ import annotations

import pytest

from tests.hub.desk import LiveStream, Staff, events_of, grade, intel, review
from tests.hub.helpers import capture


@pytest.fixture(scope="module")
def device(hub):
    return hub.device()


@pytest.fixture(scope="module")
def staff(hub):
    return Staff(hub)


@pytest.fixture(scope="module")
def analyst(staff):
    return staff["intelligence"]


@pytest.fixture(scope="module")
def second(hub):
    return hub.user("intelligence")


def _stored(client, capture_id: str) -> dict:
    return client.get(f"/api/v1/captures/{capture_id}").json()


def test_each_review_step_records_who_and_when(device, analyst):
    body = intel(device)
    assert _stored(analyst, body["id"])["status"] == "new"
    for state in ("in_review", "reviewed", "actioned", "no_further_action"):
        answered = review(analyst, body["id"], state, note=f"now {state}")
        assert answered.status_code == 200, answered.text
        stored = _stored(analyst, body["id"])
        assert stored == answered.json()
        assert stored["status"] == state and stored["review_note"] == f"now {state}"
        assert stored["review_by"] == f"user:{analyst.username}" and stored["review_at"]
    steps = analyst.get(f"/api/v1/captures/{body['id']}/reviews").json()["reviews"]
    assert [(s["was"], s["state"]) for s in steps] == [
        ("new", "in_review"),
        ("in_review", "reviewed"),
        ("reviewed", "actioned"),
        ("actioned", "no_further_action"),
    ]
    assert {s["by"] for s in steps} == {f"user:{analyst.username}"}
    assert [s["at"] for s in steps] == sorted(s["at"] for s in steps)


def test_only_analysts_and_supervisors_review(staff, device):
    supervisor = staff["supervisor"]
    body = intel(device)
    for role in ("dispatcher", "sergeant", "admin"):
        client = staff[role]
        refused = review(client, body["id"], "reviewed")
        assert refused.status_code == 403 and refused.json()["error"] == "forbidden", role
        status = client.post(f"/api/v1/captures/{body['id']}/status", json={"status": "reviewed"})
        assert status.status_code == 403, role
        assert grade(client, body["id"]).status_code == 403, role
    assert _stored(supervisor, body["id"])["status"] == "new"
    assert review(supervisor, body["id"], "reviewed").status_code == 200


def test_a_claim_is_seen_live_and_a_second_analyst_is_told_who_has_it(device, analyst, second):
    first = analyst
    body = intel(device)
    with LiveStream(second, body["id"], until_type="capture.status") as watching:
        assert review(first, body["id"], "in_review").status_code == 200
    (claim,) = [e for e in events_of(watching.text) if e["type"] == "capture.status"]
    assert claim["payload"]["status"] == "in_review"
    assert claim["payload"]["by"] == f"user:{first.username}" and claim["payload"]["at"]

    for attempt in (
        lambda: review(second, body["id"], "in_review"),
        lambda: review(second, body["id"], "reviewed"),
        lambda: review(second, body["id"], "new"),
        lambda: grade(second, body["id"]),
    ):
        refused = attempt()
        assert refused.status_code == 409, refused.text
        assert refused.json()["error"] == "claimed"
        assert first.username in refused.json()["detail"]
        assert refused.json()["by"] == f"user:{first.username}" and refused.json()["since"]
    assert _stored(second, body["id"])["review_by"] == f"user:{first.username}"
    assert _stored(second, body["id"])["grading"] is None


def test_a_claim_is_taken_over_or_given_back_on_the_record(staff, device, analyst, second):
    first = analyst
    body = intel(device)
    review(first, body["id"], "in_review")
    taken = review(second, body["id"], "in_review", note="Sam is off sick", take_over=True)
    assert taken.status_code == 200 and taken.json()["review_by"] == f"user:{second.username}"
    refused = review(first, body["id"], "reviewed")
    assert refused.status_code == 409 and second.username in refused.json()["detail"]
    released = review(second, body["id"], "new")
    assert released.status_code == 200 and released.json()["status"] == "new"
    assert review(first, body["id"], "in_review").status_code == 200
    steps = first.get(f"/api/v1/captures/{body['id']}/reviews").json()["reviews"]
    assert [(s["state"], s["taken_from"]) for s in steps] == [
        ("in_review", None),
        ("in_review", f"user:{first.username}"),
        ("new", None),
        ("in_review", None),
    ]
    supervisor = staff["supervisor"]
    audit = supervisor.get("/api/v1/audit", params={"target": f"capture:{body['id']}"}).json()
    takeover = [r for r in audit["records"] if r["detail"].get("taken_from")]
    assert takeover and takeover[0]["reason"] == "Sam is off sick"


def test_a_capture_nobody_holds_is_finished_at_once_and_a_repeat_changes_nothing(device, analyst):
    body = intel(device)
    assert review(analyst, body["id"], "no_further_action").status_code == 200
    assert review(analyst, body["id"], "no_further_action").status_code == 200
    assert review(analyst, body["id"], "in_review").status_code == 200
    assert review(analyst, body["id"], "in_review").status_code == 200
    steps = analyst.get(f"/api/v1/captures/{body['id']}/reviews").json()["reviews"]
    assert [s["state"] for s in steps] == ["no_further_action", "in_review"]


def test_a_new_note_on_the_same_state_is_kept_as_a_step_of_its_own(device, analyst):
    body = intel(device)
    assert review(analyst, body["id"], "in_review", note="checking the VRM").status_code == 200
    again = review(analyst, body["id"], "in_review", note="VRM checked, on PNC")
    assert again.status_code == 200 and again.json()["review_note"] == "VRM checked, on PNC"
    assert review(analyst, body["id"], "in_review", note="VRM checked, on PNC").status_code == 200
    steps = analyst.get(f"/api/v1/captures/{body['id']}/reviews").json()["reviews"]
    assert [(s["state"], s["note"]) for s in steps] == [
        ("in_review", "checking the VRM"),
        ("in_review", "VRM checked, on PNC"),
    ]


def test_has_issues_needs_a_note_saying_what_is_missing(device, analyst):
    body = intel(device)
    for note in ("", "   ", "\n\t"):
        refused = review(analyst, body["id"], "has_issues", note=note)
        assert refused.status_code == 422 and "note" in refused.json()["detail"], repr(note)
    assert _stored(analyst, body["id"])["status"] == "new"
    sent_back = review(analyst, body["id"], "has_issues", note="No registration given")
    assert (
        sent_back.status_code == 200 and sent_back.json()["review_note"] == "No registration given"
    )


def test_the_older_status_call_is_the_same_review_step(device, analyst, second):
    first = analyst
    body = intel(device)
    path = f"/api/v1/captures/{body['id']}/status"
    answered = first.post(path, json={"status": "in_review", "reason": "looking"})
    assert answered.status_code == 200 and answered.json()["review_note"] == "looking"
    refused = second.post(path, json={"status": "reviewed"})
    assert refused.status_code == 409 and refused.json()["error"] == "claimed"
    assert first.post(path, json={"status": "actioned"}).json()["status"] == "actioned"
    assert first.post(path, json={"status": "has_issues"}).status_code == 422


HOSTILE = [
    b"",
    b"not json",
    b"[]",
    b'{"state": 1}',
    b'{"state": "done"}',
    b'{"state": "REVIEWED"}',
    b'{"state": null}',
    b'{"note": "no state"}',
    b'{"state": "reviewed", "note": 5}',
    b'{"state": "reviewed", "note": {"a": 1}}',
    b'{"state": "reviewed", "note": "nul \\u0000 inside"}',
    b'{"state": "reviewed", "take_over": "yes"}',
    b'{"state": "reviewed", "note": "' + b"x" * 2001 + b'"}',
    b'{"state": "reviewed"' + b"," * 10 + b"}",
    b"[" * 5000 + b"]" * 5000,
]


def test_hostile_review_bodies_are_refused_and_change_nothing(device, analyst):
    stored = intel(device)
    path = f"/api/v1/captures/{stored['id']}/review"
    for body in HOSTILE:
        refused = analyst.post(path, content=body, headers={"Content-Type": "application/json"})
        assert refused.status_code == 422, (body[:40], refused.text)
        assert set(refused.json()) >= {"error", "detail"}
    after = _stored(analyst, stored["id"])
    assert after["status"] == "new" and after["review_by"] is None
    assert analyst.get(f"/api/v1/captures/{stored['id']}/reviews").json()["reviews"] == []


def test_review_of_what_does_not_exist_is_404(analyst):
    for capture_id in ("no-such-capture", "0" * 600, "%00", "\u202e", capture()["id"]):
        refused = review(analyst, capture_id, "reviewed")
        assert refused.status_code == 404, capture_id
        assert refused.json()["error"] == "not_found"


def test_hostile_reasons_on_history_reads_are_refused_and_audit_nothing(hub, device, analyst):
    stored = intel(device)
    paths = [f"/api/v1/captures/{stored['id']}{tail}" for tail in ("", "/gradings", "/reviews")]
    paths.append(f"/api/v1/captures/{stored['id']}/revisions")
    supervisor = hub.user("supervisor")
    target = {"target": f"capture:{stored['id']}", "limit": 5000}

    def audited() -> int:
        return len(supervisor.get("/api/v1/audit", params=target).json()["records"])

    before = audited()
    for path in paths:
        for reason in ("bell\x07", "nul\x00", "x" * 501, "\u202e" * 600):
            refused = analyst.get(path, params={"reason": reason})
            assert refused.status_code == 422, (path, reason[:8], refused.text)
            assert set(refused.json()) >= {"error", "detail"}
    assert audited() == before  # a refused read is not recorded as a read
    for path in paths:
        assert analyst.get(path, params={"reason": "Checking the source"}).status_code == 200
