"""The simulator against a real hub on loopback: a short accelerated shift.

NEEDS the shared `fresh_hub` fixture (tests/conftest.py): a real hub process of this test's own
(SQLite, and PostgreSQL when CONTROLROOM_TEST_PG is set) that can create users.
"""

from __future__ import annotations

import asyncio
import hashlib

import orjson

from controlroom.geo.area import load_area
from controlroom.sim.captures import KINDS
from controlroom.sim.runner import Settings, play
from tests.hubprocess import PASSWORD

SUPERVISOR = "simsup"  # registers devices, raises incidents and tasks: the roles the sim needs


def _settings(hub, duration: float, start=None) -> Settings:
    return Settings(
        hub.url,
        SUPERVISOR,
        PASSWORD,
        officers=12,
        speed=100.0,
        duration=duration,
        seed=21,
        capture_rate=6.0,
        start=start,
    )


async def _dispatch(player, observed: list) -> None:
    """Like a dispatcher: raise an incident beside an on-duty officer and task them to it."""
    await asyncio.sleep(3)
    api = player.api
    units = orjson.loads((await api.as_user("GET", "/api/v1/snapshot")).body)["units"]
    unit = next(u for u in units if u["lat"] is not None)
    incident = {
        "summary": "Test call",
        "grade": "immediate",
        "lat": unit["lat"] + 0.003,
        "lon": unit["lon"],
    }
    reply = await api.as_user("POST", "/api/v1/incidents", incident)
    task = {"callsign": unit["callsign"], "incident_id": orjson.loads(reply.body)["id"]}
    task = orjson.loads((await api.as_user("POST", "/api/v1/tasks", task)).body)
    observed.append(task)
    while True:
        tasks = orjson.loads((await api.as_user("GET", "/api/v1/tasks?all=true")).body)["tasks"]
        state = next(t["state"] for t in tasks if t["id"] == task["id"])
        if state != observed[-1]["state"]:
            observed.append({"state": state})
        await asyncio.sleep(0.2)


def _captures(client) -> list[dict]:
    return client.get("/api/v1/captures", params={"limit": 1000}).json()["captures"]


def test_accelerated_shift_against_a_real_hub(fresh_hub):
    client = fresh_hub.user("supervisor", SUPERVISOR)
    observed: list = []
    watchers: list = []

    async def prepare(player):
        watchers.append(asyncio.ensure_future(_dispatch(player, observed)))

    player = asyncio.run(play(_settings(fresh_hub, 30.0), prepare))
    assert not player.stats.failed, player.stats.failed

    # every officer on duty appears as a unit inside the force area
    area = load_area()
    units = {u["callsign"]: u for u in client.get("/api/v1/snapshot").json()["units"]}
    on_duty = [p.callsign for p in player.shift.roster if p.shift_start <= 0]
    for callsign in on_duty:
        assert units[callsign]["lat"] is not None, callsign
        assert area.contains(units[callsign]["lat"], units[callsign]["lon"]), callsign

    # officers book on from their devices; those whose shift has not begun are off duty
    later = [p.callsign for p in player.shift.roster if p.shift_start > 30.0 * 100]
    assert all(units[c]["status"] == "off_duty" for c in later), later
    assert all(units[c]["status"] != "off_duty" for c in on_duty)

    # late, out-of-order pings extend the track but never move the unit back
    for callsign in on_duty:
        track = client.get(f"/api/v1/units/{callsign}/track").json()["pings"]
        assert units[callsign]["last_seen"] == max(p["at"] for p in track)

    # captures of every kind, attachments whose hashes verify
    captures = _captures(client)
    assert {c["kind"] for c in captures} == set(KINDS)
    for capture in [c for c in captures if c["kind"] == "evidence"][:3]:
        doc = client.get(f"/api/v1/captures/{capture['id']}").json()
        meta = doc["attachments"][0]
        data = client.get(f"/api/v1/captures/{capture['id']}/attachments/{meta['name']}").content
        assert hashlib.sha256(data).hexdigest() == meta["sha256"]
        assert meta["sha256"] == doc["fields"]["attachment"]["sha256"]

    # the task went acknowledged -> en route -> on scene -> completed, as the incident's
    # timeline (the event log) records it
    incident_id = observed[0]["incident_id"]
    timeline = client.get(f"/api/v1/incidents/{incident_id}/timeline").json()["events"]
    states = [e["payload"]["state"] for e in timeline if e["type"].startswith("task.")]
    assert states == ["sent", "acknowledged", "en_route", "on_scene", "completed"], states

    # a replay (the same seed and start) resends the same captures, which the hub already has
    tasked = observed[0]["callsign"]
    before = {c["id"] for c in captures}
    again = asyncio.run(play(_settings(fresh_hub, 12.0, start=player.shift.start)))
    assert not again.stats.failed, again.stats.failed
    assert again.stats.sent.get("capture_repeat", 0) > 0
    new = [c for c in _captures(client) if c["id"] not in before]
    assert all(c["fields"]["officer"] == tasked for c in new)  # only the tasked one differs
