"""The desk's writes across a crash: the hub is killed outright while gradings, review steps
and amended revisions are being written. Nothing it acknowledged is lost, and nothing is half
written: each stored change has exactly one event and one audit record, and each capture
agrees with the newest of its gradings, review steps and revisions."""

from __future__ import annotations

import threading
import uuid
from collections import Counter

import httpx
import orjson
from sqlalchemy import text

from tests.hub.desk import intel
from tests.hubprocess import http_client, wait_for

CAPTURES = 12


def _loop(stop: threading.Event, acknowledged: list, send) -> None:
    """Call `send(n)` until the hub stops answering; note what it acknowledged."""
    n = 0
    while not stop.is_set():
        n += 1
        try:
            marker = send(n)
        except httpx.HTTPError:
            return  # the hub died: that change was never acknowledged
        if marker is not None:
            acknowledged.append(marker)


def test_nothing_acknowledged_is_lost_and_nothing_is_half_written(fresh_hub):
    hub = fresh_hub
    device = hub.device()
    analyst = hub.user("intelligence")
    bodies = [intel(device) for _ in range(CAPTURES)]
    revision = {b["id"]: 1 for b in bodies}
    graded, reviewed, amended = [], [], []

    def client() -> httpx.Client:
        return http_client(hub.url, headers=analyst.headers, timeout=5)

    grader, reviewer = client(), client()
    amender = http_client(hub.url, headers=device.headers, timeout=5)

    def grade(n: int):
        body = bodies[n % CAPTURES]
        marker = f"grading-{uuid.uuid4().hex}"
        grading = {"source": 1 + n % 3, "intelligence": "ABCDE"[n % 5], "reason": marker}
        grading |= {"handling": "C", "conditions": "force only"} if n % 2 else {"handling": "P"}
        reply = grader.put(f"/api/v1/captures/{body['id']}/grading", json=grading)
        return marker if reply.status_code == 200 else None

    def review(n: int):
        body = bodies[(n * 5) % CAPTURES]
        marker = f"review-{uuid.uuid4().hex}"
        state = "in_review" if n % 2 else "reviewed"
        reply = reviewer.post(
            f"/api/v1/captures/{body['id']}/review", json={"state": state, "note": marker}
        )
        return marker if reply.status_code == 200 else None

    def amend(n: int):
        body = bodies[(n * 7) % CAPTURES]
        next_revision = revision[body["id"]] + 1
        marker = f"revision-{uuid.uuid4().hex}"
        sent = {**body, "revision": next_revision, "summary": marker}
        reply = amender.post("/api/v1/device/captures", json=sent)
        if reply.status_code != 201:
            return None
        revision[body["id"]] = next_revision
        return (body["id"], next_revision, marker)

    stop = threading.Event()
    workers = [
        threading.Thread(target=_loop, args=(stop, done, send))
        for done, send in ((graded, grade), (reviewed, review), (amended, amend))
    ]
    for worker in workers:
        worker.start()
    wait_for(lambda: min(len(graded), len(reviewed), len(amended)) >= 15, timeout=60)
    hub.kill()
    stop.set()
    for worker in workers:
        worker.join(10)

    hub.start()
    with hub.engine.connect() as connection:
        gradings = connection.execute(text("SELECT id, capture_id, reason FROM capture_gradings"))
        gradings = gradings.all()
        reviews = connection.execute(
            text("SELECT id, capture_id, note, by FROM capture_reviews")
        ).all()
        revisions = connection.execute(
            text("SELECT capture_id, revision, summary FROM capture_revisions")
        ).all()
        events = [
            (kind, subject, orjson.loads(payload))
            for kind, subject, payload in connection.execute(
                text("SELECT type, subject, payload FROM events WHERE type LIKE 'capture.%'")
            )
        ]
        audits = [
            (action, target, orjson.loads(detail))
            for action, target, detail in connection.execute(
                text("SELECT action, target, detail FROM audit WHERE action LIKE 'capture.%'")
            )
        ]
        captures = {
            row.id: row
            for row in connection.execute(
                text("SELECT id, revision, status, grade_source, grade_intelligence, "
                     "handling_code, summary FROM captures")
            )
        }  # fmt: skip

    # Nothing acknowledged is lost.
    assert set(graded) <= {g.reason for g in gradings}
    assert set(reviewed) <= {r.note for r in reviews}
    assert set(amended) <= {(r.capture_id, r.revision, r.summary) for r in revisions}

    # Each stored change has exactly one event and one audit record.
    graded_events = Counter(p["grading_id"] for k, _, p in events if k == "capture.graded")
    grade_audits = Counter(d["grading_id"] for a, _, d in audits if a == "capture.grade")
    for g in gradings:
        assert graded_events[g.id] == 1 and grade_audits[g.id] == 1, g
    status_events = Counter((s, p["note"]) for k, s, p in events if k == "capture.status")
    review_audits = Counter(d.get("review_id") for a, _, d in audits if a == "capture.review")
    for r in reviews:
        if r.by.startswith("user:"):
            assert status_events[(r.capture_id, r.note)] == 1, r
            assert review_audits[r.id] == 1, r
    revised_events = Counter((s, p["revision"]) for k, s, p in events if k == "capture.revised")
    amend_audits = Counter(
        (t.removeprefix("capture:"), d["revision"]) for a, t, d in audits if a == "capture.amend"
    )
    for r in revisions:
        if r.revision > 1:
            key = (r.capture_id, r.revision)
            assert revised_events[key] == 1 and amend_audits[key] == 1, r

    # Each capture agrees with the newest of its revisions, gradings and review steps.
    for capture_id, row in captures.items():
        kept = sorted((r.revision, r.summary) for r in revisions if r.capture_id == capture_id)
        assert kept[-1] == (row.revision, row.summary)
        assert [n for n, _ in kept] == list(range(1, row.revision + 1))
    latest_grading = {g.capture_id: g for g in sorted(gradings, key=lambda g: g.id)}
    supervisor = hub.user("supervisor")
    for capture_id, grading in latest_grading.items():
        history = supervisor.get(f"/api/v1/captures/{capture_id}/gradings").json()["gradings"]
        assert history[-1]["id"] == grading.id
        stored = captures[capture_id]
        assert (stored.grade_source, stored.grade_intelligence, stored.handling_code) == (
            history[-1]["source"],
            history[-1]["intelligence"],
            history[-1]["handling"],
        )
    for capture_id in captures:
        steps = supervisor.get(f"/api/v1/captures/{capture_id}/reviews").json()["reviews"]
        if steps:
            assert steps[-1]["state"] == captures[capture_id].status
    assert supervisor.get("/api/v1/audit/verify").json()["ok"]
