"""Back to the officer: "has issues" reaches the capturing device's stream with the note; the
device's amendment (same id, the next revision) is kept beside every earlier revision and the
capture returns to the queue as new, the change shown."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.hub.desk import LiveStream, Staff, events_of, grade, intel, read_stream, review
from tests.hub.helpers import capture


@pytest.fixture(scope="module")
def staff(hub):
    return Staff(hub)


@pytest.fixture(scope="module")
def analyst(staff):
    return staff["intelligence"]


def _amend(device, body: dict, revision: int, **changes) -> dict:
    amended = {**body, **changes, "revision": revision}
    return amended


def test_has_issues_reaches_the_capturing_device_with_the_note(hub, staff, analyst):
    device, other = hub.device(), hub.device()
    dispatcher = staff["dispatcher"]
    body = intel(device)
    marker = capture("note")
    with (
        LiveStream(device, body["id"], "/api/v1/device/events") as officer,
        LiveStream(other, marker["id"], "/api/v1/device/events") as elsewhere,
        LiveStream(dispatcher, marker["id"]) as workstation,
    ):
        sent = review(analyst, body["id"], "has_issues", note="Which vehicle? No VRM given")
        assert sent.status_code == 200
        task = {"callsign": other.callsign, "kind": "patrol", "note": marker["id"]}
        dispatcher.post("/api/v1/tasks", json=task)  # ends the other device's read
        device.post("/api/v1/device/captures", json=marker)  # ends the workstation's read
    (feedback,) = events_of(officer.text)
    assert feedback["type"] == "capture.feedback" and feedback["subject"] == body["id"]
    payload = feedback["payload"]
    assert payload["capture_id"] == body["id"] and payload["note"] == "Which vehicle? No VRM given"
    assert payload["revision"] == 1 and payload["by"] == f"user:{analyst.username}"
    assert "capture.feedback" not in elsewhere.text
    kinds = [e["type"] for e in events_of(workstation.text) if e["subject"] == body["id"]]
    kinds = [k for k in kinds if k != "capture.created"]  # (live delivery may lag the commit)
    assert kinds == ["capture.status"]  # the workstations see the step, not the device's event


def test_an_amendment_is_a_new_revision_and_returns_to_the_queue(hub, staff, analyst):
    device, dispatcher = hub.device(), staff["dispatcher"]
    body = intel(device)
    review(analyst, body["id"], "has_issues", note="No VRM")
    fields = {**body["fields"], "vrm": "AB12 CDE"}
    amended = _amend(device, body, 2, fields=fields, summary="Dealing, car AB12 CDE")
    sentinel = capture("note", summary="after the amendment")
    # (read to a capture sent after it: the review's own event may still be on its way)
    with LiveStream(dispatcher, sentinel["id"]) as workstation:
        stored = device.post("/api/v1/device/captures", json=amended)
        assert device.post("/api/v1/device/captures", json=sentinel).status_code == 201
    assert stored.status_code == 201, stored.text
    doc = stored.json()
    assert doc["revision"] == 2 and doc["status"] == "new"
    assert doc["amended_fields"] == ["summary", "fields.vrm"]
    assert doc["review_by"] == f"device:{device.callsign}"
    assert doc["fields"]["vrm"] == "AB12 CDE" and doc["summary"] == "Dealing, car AB12 CDE"
    about = [e for e in events_of(workstation.text) if e["subject"] == body["id"]]
    (revised,) = [e for e in about if e["type"] == "capture.revised"]
    assert revised["payload"]["revision"] == 2
    assert analyst.get(f"/api/v1/captures/{body['id']}").json() == doc
    listed = analyst.get("/api/v1/captures", params={"status": "new"}).json()["captures"]
    assert body["id"] in [c["id"] for c in listed]

    revisions = analyst.get(f"/api/v1/captures/{body['id']}/revisions").json()["revisions"]
    assert [r["revision"] for r in revisions] == [1, 2]
    assert revisions[0]["summary"] == body["summary"] and "vrm" not in revisions[0]["fields"]
    assert revisions[1]["changes"] == [
        {"field": "summary", "before": body["summary"], "after": "Dealing, car AB12 CDE"},
        {"field": "fields.vrm", "before": None, "after": "AB12 CDE"},
    ]
    steps = analyst.get(f"/api/v1/captures/{body['id']}/reviews").json()["reviews"]
    assert [(s["state"], s["by"]) for s in steps][-1] == ("new", f"device:{device.callsign}")


def test_revisions_are_idempotent_and_never_overwritten(hub):
    device = hub.device()
    body = intel(device)
    second = _amend(device, body, 2, summary="second")
    assert device.post("/api/v1/device/captures", json=second).status_code == 201
    assert device.post("/api/v1/device/captures", json=second).status_code == 200  # a resend
    again = device.post("/api/v1/device/captures", json=body)  # revision 1 once more
    assert again.status_code == 200 and again.json()["revision"] == 2
    other = device.post("/api/v1/device/captures", json=_amend(device, body, 2, summary="else"))
    assert other.status_code == 409 and other.json()["error"] == "conflict"
    skipped = device.post("/api/v1/device/captures", json=_amend(device, body, 4))
    assert skipped.status_code == 409 and skipped.json()["error"] == "revision_gap"
    assert skipped.json()["revision"] == 2
    unknown = capture("note", revision=2)
    refused = device.post("/api/v1/device/captures", json=unknown)
    assert refused.status_code == 409 and refused.json()["revision"] == 0
    stranger = hub.device()
    taken = stranger.post("/api/v1/device/captures", json=_amend(stranger, body, 3))
    assert taken.status_code == 409 and "another unit" in taken.json()["detail"]
    for revision in (0, -1, "2", 2.5, True, None, 1001):
        sent = device.post("/api/v1/device/captures", json={**body, "revision": revision})
        assert sent.status_code == 422, revision
    with hub.engine.connect() as connection:
        kept = connection.execute(
            text("SELECT revision, summary FROM capture_revisions WHERE capture_id = :id"),
            {"id": body["id"]},
        ).all()
    assert sorted(kept) == [(1, body["summary"]), (2, "second")]


@pytest.mark.parametrize("table", ["capture_revisions", "capture_gradings", "capture_reviews"])
def test_the_store_refuses_to_change_history(hub, analyst, table):
    device = hub.device()
    body = intel(device)
    grade(analyst, body["id"])
    review(analyst, body["id"], "reviewed")
    for statement in (f"UPDATE {table} SET capture_id = capture_id", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError, match="append-only"), hub.engine.begin() as connection:
            connection.execute(text(statement))


def test_an_officer_may_raise_the_code_to_c_but_never_lower_it(hub, staff, analyst):
    device, dispatcher = hub.device(), staff["dispatcher"]
    secret = intel(device, "C")
    lowered = _amend(device, secret, 2, fields={**secret["fields"], "handling_code": "P"})
    assert device.post("/api/v1/device/captures", json=lowered).json()["handling_code"] == "C"
    assert dispatcher.get(f"/api/v1/captures/{secret['id']}").status_code == 403

    graded = intel(device, "P")
    grade(analyst, graded["id"], "P")
    raised = _amend(device, graded, 2, fields={**graded["fields"], "handling_code": "C"})
    kept = device.post("/api/v1/device/captures", json=raised).json()
    assert kept["handling_code"] == "P"  # the analyst's grading stands

    plain = intel(device, "P")
    raised = _amend(device, plain, 2, fields={**plain["fields"], "handling_code": "C"})
    watch = LiveStream(dispatcher, plain["id"], until_type="capture.withdrawn")
    with watch as workstation:
        assert device.post("/api/v1/device/captures", json=raised).json()["handling_code"] == "C"
    kinds = [e["type"] for e in events_of(workstation.text) if e["subject"] == plain["id"]]
    assert [k for k in kinds if k != "capture.created"] == ["capture.withdrawn"]
    assert dispatcher.get(f"/api/v1/captures/{plain['id']}").status_code == 403
    assert dispatcher.get(f"/api/v1/captures/{plain['id']}/revisions").status_code == 403


def test_the_device_stream_resumes_with_the_feedback_it_missed(hub, analyst):
    device = hub.device()
    body = intel(device)
    start = json.loads(device.get("/api/v1/health").text)["seq"]
    review(analyst, body["id"], "has_issues", note="Time of the sighting?")
    got = read_stream(device, f"/api/v1/device/events?after={start}", body["id"])
    (feedback,) = events_of(got)
    assert feedback["payload"]["note"] == "Time of the sighting?"
