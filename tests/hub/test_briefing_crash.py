"""Publishing a briefing across a crash: the hub is killed outright while a publish is being
written, then while it is committed but not yet answered. A publish is whole or absent: its
version, its events to every unit, its audit record and its tasks together, or none of them;
what was acknowledged before (the draft, the officers' receipts) is never lost."""

from __future__ import annotations

import contextlib
import threading
import uuid

import httpx
import pytest
from sqlalchemy import text

from controlroom.cli import main
from controlroom.hub import faults
from tests.conftest import BACKENDS
from tests.databases import fresh_database
from tests.hub.briefing_helpers import new_team, pack, team_device
from tests.hubprocess import HubProcess, wait_for

UNITS = 3
POINTS = ("commit", "committed")


def _publish_in_background(hub, sergeant, briefing_id: int) -> threading.Thread:
    def publish() -> None:
        with contextlib.suppress(httpx.HTTPError):  # the hub died: it was never acknowledged
            sergeant.post(f"/api/v1/briefings/{briefing_id}/publish", timeout=60)

    worker = threading.Thread(target=publish)
    worker.start()
    return worker


def _stored(hub, briefing_id: int) -> dict:
    """What the store holds of the pack's publishes: versions, events, audit, tasks."""
    target, subject = f"briefing:{briefing_id}", str(briefing_id)
    with hub.engine.connect() as connection:

        def scalar(sql: str, **values):
            return connection.execute(text(sql), values).scalar()

        return {
            "version": scalar("SELECT version FROM briefings WHERE id = :b", b=briefing_id),
            "versions": scalar(
                "SELECT COUNT(*) FROM briefing_versions WHERE briefing_id = :b", b=briefing_id
            ),
            "published": scalar(
                "SELECT COUNT(*) FROM events WHERE type = 'briefing.published' AND subject = :s",
                s=subject,
            ),
            "audited": scalar(
                "SELECT COUNT(*) FROM audit WHERE action = 'briefing.publish' AND target = :t",
                t=target,
            ),
            "tasks": scalar(
                "SELECT COUNT(*) FROM briefing_tasks WHERE briefing_id = :b", b=briefing_id
            ),
            "receipts": scalar(
                "SELECT COUNT(*) FROM briefing_receipts WHERE briefing_id = :b", b=briefing_id
            ),
        }


@pytest.fixture(params=BACKENDS)
def gated_hub(request, tmp_path):
    """A hub whose writer holds a batch at ``commit`` (written, not committed) or at
    ``committed`` (not yet answered) while the gate file of that point exists."""
    url, drop = fresh_database(request.param, tmp_path)
    gates = {point: tmp_path / f"gate-{point}-{uuid.uuid4().hex}" for point in POINTS}
    held = ",".join(f"gate@{point}:{gate}" for point, gate in gates.items())
    process = HubProcess(url, tmp_path / "data", request.param, env={faults.ENV: held})
    process.gates = gates
    process.start()
    yield process
    process.stop()
    drop()


def _crash_while(hub, point: str, briefing_id: int, items: list[dict]) -> None:
    """Edit the draft to `items` (acknowledged), then kill the hub while its publish is held
    at the writer's `point`, and start it again."""
    gate = hub.gates[point]
    marker = gate.name
    sergeant = hub.user("sergeant")
    marked = [*items, {"id": f"note:{point}", "section": "risk", "kind": "note",
                       "title": "Dog at 4 Hope Street", "text": f"beware: {marker}"}]  # fmt: skip
    edited = sergeant.patch(f"/api/v1/briefings/{briefing_id}", json={"items": marked})
    assert edited.status_code == 200, edited.text
    gate.touch()
    worker = _publish_in_background(hub, sergeant, briefing_id)
    wait_for(gate.with_name(gate.name + ".held").exists, timeout=20)
    hub.kill()
    worker.join(10)
    gate.unlink()
    hub.start()


def test_a_publish_is_stored_whole_or_not_at_all_across_a_kill(gated_hub):
    hub = gated_hub
    team = new_team()
    officers = [team_device(hub, team) for _ in range(UNITS)]
    sergeant = hub.user("sergeant")
    briefing_id = sergeant.post("/api/v1/briefings", json=pack(team)).json()["id"]
    task = {"id": "task:1", "section": "method", "kind": "task", "title": "Patrol the park",
            "assigned_to": officers[0].callsign}  # fmt: skip
    assert sergeant.patch(f"/api/v1/briefings/{briefing_id}", json={"items": [task]}).is_success
    assert sergeant.post(f"/api/v1/briefings/{briefing_id}/publish").json()["version"] == 1
    for officer in officers:
        ack = officer.post(f"/api/v1/device/briefings/{briefing_id}/ack", json={"version": 1})
        assert ack.status_code == 200
    whole_v1 = _stored(hub, briefing_id)
    assert whole_v1 == {"version": 1, "versions": 1, "published": UNITS + 1, "audited": 1,
                        "tasks": 1, "receipts": UNITS}  # fmt: skip

    second = {**task, "id": "task:2", "title": "Enquiries at 4 Hope Street"}
    _crash_while(hub, "commit", briefing_id, [task, second])
    assert _stored(hub, briefing_id) == whole_v1  # written, not committed: nothing of it kept
    sergeant = hub.user("sergeant")
    draft = sergeant.get(f"/api/v1/briefings/{briefing_id}").json()
    assert [i["id"] for i in draft["items"]][:2] == ["task:1", "task:2"]  # the edit was kept

    _crash_while(hub, "committed", briefing_id, [task, second])
    whole_v2 = _stored(hub, briefing_id)  # committed, never answered: all of it kept
    assert whole_v2 == {"version": 2, "versions": 2, "published": 2 * (UNITS + 1),
                        "audited": 2, "tasks": 2, "receipts": UNITS}  # fmt: skip
    for officer in officers:
        (current,) = officer.get("/api/v1/device/briefings").json()["briefings"]
        assert current["version"] == 2
        assert [i["id"] for i in current["items"]][:2] == ["task:1", "task:2"]
    sergeant = hub.user("sergeant")
    assert sergeant.post(f"/api/v1/briefings/{briefing_id}/publish").json()["version"] == 3
    verify = ["admin", "verify-audit", "--db", hub.db_url, "--data-dir", str(hub.data_dir)]
    assert main(verify) == 0  # the audit chain holds across both kills
