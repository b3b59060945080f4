"""3x5x2 grading by the analyst: validated on the server, every grading kept oldest first with
who, when and why, the latest carried by the capture; the officer's grade shown as a proposal
and a historic 5x5x5 grade as recorded."""

from __future__ import annotations

import pytest

from tests.hub.desk import LiveStream, Staff, events_of, grade, intel
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


def test_every_grading_is_kept_and_the_latest_is_the_captures(staff, device, analyst):
    body = intel(device)
    with LiveStream(analyst, body["id"], until_type="capture.graded") as watching:
        first = grade(analyst, body["id"], "P", source=3, intelligence="D", reason="first look")
    assert first.status_code == 200, first.text
    assert first.json()["grading"] == {"source": 3, "intelligence": "D", "handling": "P"}
    (graded,) = [e for e in events_of(watching.text) if e["type"] == "capture.graded"]
    assert graded["payload"]["grading"] == first.json()["grading"]
    supervisor = staff["supervisor"]
    second = grade(
        supervisor,
        body["id"],
        "C",
        source=1,
        intelligence="A",
        conditions="Only to the drugs team",
        sanitised_text="Dealing reported near the shops.",
        reason="corroborated by CCTV",
    )
    assert second.status_code == 200, second.text
    stored = analyst.get(f"/api/v1/captures/{body['id']}").json()
    assert stored["grading"] == {"source": 1, "intelligence": "A", "handling": "C"}
    assert stored["handling_code"] == "C" and stored["graded_by"] == f"user:{supervisor.username}"
    assert stored["handling_conditions"] == "Only to the drugs team"
    assert stored["sanitised_text"] == "Dealing reported near the shops."
    history = analyst.get(f"/api/v1/captures/{body['id']}/gradings").json()["gradings"]
    assert [(g["written"], g["by"], g["reason"]) for g in history] == [
        ("3-D-P", f"user:{analyst.username}", "first look"),
        ("1-A-C", f"user:{supervisor.username}", "corroborated by CCTV"),
    ]
    assert history[0]["at"] < history[1]["at"] and history[1]["conditions"]
    audit = supervisor.get(
        "/api/v1/audit", params={"action": "capture.grade", "target": f"capture:{body['id']}"}
    ).json()["records"]
    assert [r["detail"]["grading"] for r in audit] == ["1-A-C", "3-D-P"]  # newest first
    assert audit[0]["reason"] == "corroborated by CCTV"


INVALID = [
    {"source": 4},
    {"source": 0},
    {"source": "1"},
    {"source": True},
    {"source": 1.5},
    {"source": None},
    {"intelligence": "F"},
    {"intelligence": "a"},
    {"intelligence": "AB"},
    {"intelligence": 1},
    {"handling": "p"},
    {"handling": "X"},
    {"handling": ""},
    {"handling": "C", "conditions": ""},
    {"handling": "C", "conditions": "   "},
    {"conditions": "x" * 2001},
    {"sanitised_text": "x" * 20_001},
    {"sanitised_text": "nul \u0000 inside"},
    {"reason": ["why"]},
]


def test_gradings_that_do_not_fit_3x5x2_are_refused(device, analyst):
    body = intel(device)
    path = f"/api/v1/captures/{body['id']}/grading"
    valid = {"source": 2, "intelligence": "B", "handling": "P", "sanitised_text": ""}
    for change in INVALID:
        refused = analyst.put(path, json={**valid, **change})
        assert refused.status_code == 422, (change, refused.text)
        assert refused.json()["error"] == "invalid"
    for missing in ("source", "intelligence", "handling"):
        without = {k: v for k, v in valid.items() if k != missing}
        assert analyst.put(path, json=without).status_code == 422, missing
    for raw in (b"", b"{", b"[1,2]", b"null", b'"P"'):
        sent = analyst.put(path, content=raw, headers={"Content-Type": "application/json"})
        assert sent.status_code == 422, raw
    assert analyst.get(f"/api/v1/captures/{body['id']}/gradings").json()["gradings"] == []
    assert analyst.get(f"/api/v1/captures/{body['id']}").json()["grading"] is None
    assert analyst.put(path, json=valid).status_code == 200


def test_only_analysts_and_supervisors_grade_and_read_gradings(staff, device, analyst):
    body = intel(device)
    assert grade(analyst, body["id"]).status_code == 200
    for role in ("dispatcher", "sergeant", "admin"):
        client = staff[role]
        assert grade(client, body["id"], "C").status_code == 403, role
        assert client.get(f"/api/v1/captures/{body['id']}/gradings").status_code == 403, role
    assert analyst.get(f"/api/v1/captures/{body['id']}").json()["handling_code"] == "P"
    assert grade(analyst, capture()["id"]).status_code == 404
    assert grade(analyst, "not-a-capture").status_code == 404


def test_the_officers_grade_is_a_proposal_and_a_5x5x5_grade_is_shown_as_recorded(device, analyst):
    fields = {
        "text": "Quoted from an old log entry",
        "source_evaluation": 3,
        "intelligence_assessment": "D",
        "handling_code": "P",
        "historic_grading": {
            "system": "5x5x5",
            "source": "B",
            "intelligence": "2",
            "handling": "4",
        },
    }
    body = capture("intelligence", fields=fields)
    assert device.post("/api/v1/device/captures", json=body).status_code == 201
    stored = analyst.get(f"/api/v1/captures/{body['id']}").json()
    assert stored["grading"] is None  # nobody has graded it yet
    assert stored["proposed_grading"] == {
        "system": "3x5x2",
        "source": "3",
        "intelligence": "D",
        "handling": "P",
    }
    assert stored["historic_grading"] == {
        "system": "5x5x5",
        "source": "B",
        "intelligence": "2",
        "handling": "4",
    }
    graded = grade(analyst, body["id"], "P", source=2, intelligence="C").json()
    assert graded["grading"] == {"source": 2, "intelligence": "C", "handling": "P"}
    assert graded["proposed_grading"]["source"] == "3"  # the proposal stays as it was made


def test_odd_grades_in_the_officers_fields_are_not_shown(device, analyst):
    for odd in (
        {"historic_grading": "B24"},
        {"historic_grading": {"system": "5x5x5", "source": ["B"]}},
        {
            "historic_grading": {
                "system": "9x9",
                "source": "B",
                "intelligence": "2",
                "handling": "4",
            }
        },
        {"source_evaluation": {"deep": True}, "intelligence_assessment": "x" * 100},
    ):
        body = capture("intelligence", fields={"text": "odd", **odd})
        assert device.post("/api/v1/device/captures", json=body).status_code == 201, odd
        stored = analyst.get(f"/api/v1/captures/{body['id']}").json()
        assert stored["historic_grading"] is None and stored["proposed_grading"] is None, odd
