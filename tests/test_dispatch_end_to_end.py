"""From call to close with the simulator playing the officers: an incident is raised, the
recommendation puts the nearest deployable unit first, the task is assigned, the simulated
officer acknowledges, travels and arrives, and the dispatcher sees every step live on the
stream while the unit's status follows."""

from __future__ import annotations

import asyncio
import json
import threading
import time

from controlroom.sim.runner import Settings, play
from tests.hub.helpers import frames
from tests.hubprocess import PASSWORD

SUPERVISOR = "e2e-supervisor"


def dispatcher_at_work(hub, dispatcher, seen: dict, done: threading.Event) -> None:
    """What a dispatcher does, over HTTP, while the shift plays."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        units = [
            u
            for u in dispatcher.get("/api/v1/snapshot").json()["units"]
            if u["lat"] is not None and u["status"] == "available"
        ]
        if len(units) >= 4:
            break
        time.sleep(0.3)
    target = units[0]
    seen["target"] = target["callsign"]
    incident = dispatcher.post(
        "/api/v1/incidents",
        json={
            "summary": "Concern for welfare: elderly man fallen in the street",
            "grade": "immediate",
            "lat": target["lat"] + 0.0004,
            "lon": target["lon"],
        },
    ).json()
    seen["incident"] = incident["id"]
    ranked = dispatcher.get(f"/api/v1/incidents/{incident['id']}/recommendations").json()
    seen["recommended"] = [u["callsign"] for u in ranked["units"]]
    start = dispatcher.get("/api/v1/snapshot").json()["seq"]
    task = dispatcher.post(
        "/api/v1/tasks",
        json={"incident_id": incident["id"], "callsign": ranked["units"][0]["callsign"]},
    )
    seen["task"] = task.json()["id"]
    steps = []
    with dispatcher.stream("GET", f"/api/v1/events?after={start}", timeout=30) as response:
        for event in frames(response):
            if not event.data:  # the retry hint or a keep-alive
                if done.is_set():
                    break
                continue
            doc = json.loads(event.data)
            payload = doc["payload"]
            if doc["type"] == "task.updated" and payload["id"] == seen["task"]:
                steps.append(("task", payload["state"]))
            elif doc["type"] == "unit.status" and payload["callsign"] == seen["target"]:
                steps.append(("unit", payload["status"]))
            if ("task", "completed") in steps and ("unit", "available") in steps:
                break
    seen["steps"] = steps


def test_from_call_to_completion_with_simulated_officers(fresh_hub):
    fresh_hub.user("supervisor", SUPERVISOR)
    dispatcher = fresh_hub.user("dispatcher")
    seen: dict = {}
    done = threading.Event()
    worker = threading.Thread(target=dispatcher_at_work, args=(fresh_hub, dispatcher, seen, done))
    settings = Settings(
        fresh_hub.url,
        SUPERVISOR,
        PASSWORD,
        officers=10,
        speed=60.0,
        duration=25.0,
        seed=5,
        capture_rate=0.5,
        incidents=False,
    )

    async def prepare(_player):
        worker.start()

    player = asyncio.run(play(settings, prepare))
    done.set()
    worker.join(10)
    assert not player.stats.failed, player.stats.failed
    assert seen["recommended"][0] == seen["target"], seen
    assert [s for s in seen["steps"] if s[0] == "task"] == [
        ("task", "acknowledged"),
        ("task", "en_route"),
        ("task", "on_scene"),
        ("task", "completed"),
    ]
    assert [s for s in seen["steps"] if s[0] == "unit"] == [
        ("unit", "assigned"),
        ("unit", "en_route"),
        ("unit", "on_scene"),
        ("unit", "available"),
    ]
    timeline = dispatcher.get(f"/api/v1/incidents/{seen['incident']}/timeline").json()["events"]
    assert [e["type"] for e in timeline][:2] == ["incident.created", "task.created"]
