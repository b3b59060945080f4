"""The supervisor's audit: filtered by person, action, target and time, newest first in pages
that neither skip nor repeat a record, exported as CSV that a spreadsheet cannot run, and only
for the roles that audit."""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, datetime

import pytest

from tests.hub.desk import Staff, intel


@pytest.fixture(scope="module")
def staff(hub):
    return Staff(hub)


@pytest.fixture(scope="module")
def supervisor(staff):
    return staff["supervisor"]


def _page(client, **params) -> dict:
    response = client.get("/api/v1/audit", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat()


def test_the_audit_is_filtered_by_person_action_target_and_time(hub, supervisor):
    device, analyst = hub.device(), hub.user("intelligence")
    body = intel(device)
    before = time.time()
    for reason in ("first", "second", "third"):
        analyst.get(f"/api/v1/captures/{body['id']}", params={"reason": reason})
    after = time.time()
    mine = {"actor": f"user:{analyst.username}", "action": "capture.read"}
    found = _page(supervisor, **mine)["records"]
    assert [r["reason"] for r in found] == ["third", "second", "first"]
    assert {r["target"] for r in found} == {f"capture:{body['id']}"}
    window = _page(supervisor, **mine, since=_iso(before), until=_iso(after))["records"]
    assert [r["reason"] for r in window] == ["third", "second", "first"]
    assert _page(supervisor, **mine, until=_iso(before))["records"] == []
    assert _page(supervisor, **mine, since=_iso(after + 1))["records"] == []
    exact = _page(supervisor, target=f"capture:{body['id']}")["records"]
    # (the hub's linker records that it linked the capture, whenever it gets to it)
    assert {r["action"] for r in exact} - {"capture.link"} == {"capture.create", "capture.read"}
    prefixed = _page(supervisor, target_prefix=f"capture:{body['id'][:8]}")["records"]
    assert {r["id"] for r in exact} <= {r["id"] for r in prefixed}
    assert _page(supervisor, target_prefix="capture:%")["records"] == []  # % is literal
    assert _page(supervisor, target_prefix="capture_")["records"] == []  # _ is literal


def test_pages_cover_the_log_without_a_gap_or_a_repeat(hub, supervisor):
    analyst = hub.user("intelligence")
    for _ in range(7):
        analyst.get("/api/v1/captures", params={"limit": 1})
    actor = f"user:{analyst.username}"
    whole = _page(supervisor, actor=actor, limit=100)
    assert whole["next"] is None and len(whole["records"]) == 8  # the sign-in and 7 lists
    seen, before = [], None
    while True:
        params = {"actor": actor, "limit": 3, **({"before": before} if before else {})}
        page = _page(supervisor, **params)
        seen += [r["id"] for r in page["records"]]
        if page["next"] is None:
            break
        before = page["next"]
    assert seen == [r["id"] for r in whole["records"]] and seen == sorted(seen, reverse=True)


def test_the_audit_exports_as_csv_that_runs_nothing(hub, staff, supervisor):
    device, analyst = hub.device(), staff["intelligence"]
    body = intel(device)
    formula = '=HYPERLINK("http://example.invalid","x")'
    analyst.get(f"/api/v1/captures/{body['id']}", params={"reason": formula})
    exported = supervisor.get("/api/v1/audit.csv", params={"target": f"capture:{body['id']}"})
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    listed = _page(supervisor, target=f"capture:{body['id']}")["records"]
    assert [int(r["id"]) for r in rows] == [r["id"] for r in listed]
    read = next(r for r in rows if r["action"] == "capture.read")
    assert read["reason"] == "'" + formula and read["actor"] == f"user:{analyst.username}"
    assert [r["hash"] for r in rows] == [r["hash"] for r in listed]
    few = supervisor.get("/api/v1/audit.csv", params={"limit": 2}).text
    assert len(list(csv.DictReader(io.StringIO(few)))) == 2
    exports = _page(supervisor, actor=f"user:{supervisor.username}", action="audit.export")
    assert exports["records"]  # exporting the audit is audited too


def test_only_supervisors_and_administrators_read_the_audit(staff):
    for role, status in (
        ("dispatcher", 403),
        ("intelligence", 403),
        ("sergeant", 403),
        ("admin", 200),
    ):
        client = staff[role]
        for path in ("/api/v1/audit", "/api/v1/audit.csv", "/api/v1/audit/verify"):
            assert client.get(path).status_code == status, (role, path)


def test_hostile_audit_queries_are_refused(supervisor):
    for params in (
        {"since": "yesterday"},
        {"until": "2025-01-01T00:00:00"},  # no zone
        {"before": -1},
        {"before": "x"},
        {"before": 2**64},
        {"limit": 0},
        {"limit": 5001},
        {"actor": "user:\x00x"},
        {"target": "capture:\x1b[2J"},
        {"target_prefix": "x" * 201},
    ):
        refused = supervisor.get("/api/v1/audit", params=params)
        assert refused.status_code == 422, (params, refused.text)
        assert refused.json()["error"] == "invalid"
    assert supervisor.get("/api/v1/audit.csv", params={"limit": 0}).status_code == 422
    assert supervisor.get("/api/v1/audit/verify").json()["ok"]
