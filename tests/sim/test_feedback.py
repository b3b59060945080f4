"""The simulator's officers answer "has issues": a short accelerated shift against a real hub,
an analyst sends a capture back, and the officer's amendment (the next revision, with what was
asked for) returns to the queue."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from controlroom.sim.runner import DEVICE_HANDLERS, Settings, play
from tests.hubprocess import PASSWORD, HubProcess

SUPERVISOR = "feedbacksup"
NOTE = "Which vehicle was it? No registration given"


@pytest.fixture
def hub(tmp_path):
    """The officers' behaviour does not depend on the store: one SQLite hub is enough."""
    process = HubProcess(f"sqlite:///{tmp_path / 'controlroom.db'}", tmp_path / "data")
    process.start()
    yield process
    process.stop()


async def _analyst(url: str, headers: dict, outcome: dict) -> None:
    """Send the first capture that arrives back to its officer, then watch for the answer."""
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=10) as client:
        while "id" not in outcome:
            found = (await client.get("/api/v1/captures", params={"limit": 5})).json()
            if found["captures"]:
                capture_id = found["captures"][0]["id"]
                body = {"state": "has_issues", "note": NOTE}
                sent = await client.post(f"/api/v1/captures/{capture_id}/review", json=body)
                assert sent.status_code == 200, sent.text
                outcome["id"] = capture_id
            await asyncio.sleep(0.2)
        while "amended" not in outcome:
            stored = (await client.get(f"/api/v1/captures/{outcome['id']}")).json()
            if stored["revision"] > 1:
                outcome["amended"] = stored
            await asyncio.sleep(0.2)


def test_officers_answer_has_issues_with_an_amended_capture(hub):
    hub.user("supervisor", SUPERVISOR)
    analyst = hub.user("intelligence")
    outcome: dict = {}
    watching: list[asyncio.Task] = []

    async def prepare(player) -> None:
        watching.append(asyncio.ensure_future(_analyst(hub.url, dict(analyst.headers), outcome)))

    settings = Settings(
        hub.url, SUPERVISOR, PASSWORD, officers=6, speed=60.0, duration=20.0, seed=5
    )
    settings.capture_rate = 8.0
    player = asyncio.run(play(settings, prepare))
    assert "capture.feedback" in {str(kind) for kind in DEVICE_HANDLERS}
    amended = outcome.get("amended")
    assert amended is not None, "no officer answered within the shift"
    assert amended["revision"] == 2 and amended["status"] == "new"
    assert amended["review_by"].startswith("device:")
    assert "fields.vehicle" in amended["amended_fields"]
    assert "fields.further_information" in amended["amended_fields"]
    assert amended["fields"]["vehicle"]["vrm"] in amended["fields"]["further_information"]
    revisions = analyst.get(f"/api/v1/captures/{amended['id']}/revisions").json()["revisions"]
    assert [r["revision"] for r in revisions] == [1, 2]
    untouched = [
        {k: v for k, v in r["fields"].items() if k not in ("vehicle", "further_information")}
        for r in revisions
    ]
    assert untouched[0] == untouched[1]  # nothing but what was asked for changed
    assert not player.stats.failed.get("capture"), player.stats.failed
