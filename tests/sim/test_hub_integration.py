"""The simulator against a real hub on loopback: a short accelerated shift.

NEEDS the shared `fresh_hub` fixture (tests/conftest.py): a real hub process of this test's own
(SQLite, and PostgreSQL when CONTROLROOM_TEST_PG is set) that can create users.
"""

from __future__ import annotations

import asyncio
import hashlib
import time

import orjson
import pytest

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
        officers=30,
        speed=100.0,
        duration=duration,
        seed=21,
        capture_rate=6.0,
        start=start,
    )


def _play_until(settings: Settings, done, prepare=None, at_least: float = 0.0):
    """Play the shift (for at most settings.duration) and stop it once `done()` holds after at
    least `at_least` seconds; returns the player and the seconds played."""
    players: list = []

    async def watched(player) -> None:
        players.append(player)
        if prepare is not None:
            await prepare(player)

    async def run() -> float:
        started = time.monotonic()
        shift = asyncio.ensure_future(play(settings, watched))
        while not shift.done():
            if time.monotonic() - started >= at_least and await asyncio.to_thread(done):
                shift.cancel()
            await asyncio.wait([shift], timeout=0.5)
        if not shift.cancelled():
            shift.result()
        return time.monotonic() - started

    played = asyncio.run(run())
    return players[0], played


async def _dispatch(player, observed: list) -> None:
    """Like a dispatcher: raise an incident beside an on-duty officer and task them to it."""
    api = player.api
    unit = None
    while unit is None:  # the first pings reach the hub
        await asyncio.sleep(0.5)
        units = orjson.loads((await api.as_user("GET", "/api/v1/snapshot")).body)["units"]
        unit = next((u for u in units if u["lat"] is not None), None)
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


@pytest.mark.timeout(240)  # a shift of 30 to 60 s and a replay of 12 s on a busy machine
def test_accelerated_shift_against_a_real_hub(fresh_hub):
    client = fresh_hub.user("supervisor", SUPERVISOR)
    observed: list = []
    watchers: list = []

    async def prepare(player):
        watchers.append(asyncio.ensure_future(_dispatch(player, observed)))

    def completed() -> bool:
        return bool(observed) and observed[-1]["state"] == "completed"

    player, played = _play_until(_settings(fresh_hub, 60.0), completed, prepare, at_least=30.0)
    assert not player.stats.failed, player.stats.failed

    # every officer on duty appears as a unit inside the force area
    area = load_area()
    units = {u["callsign"]: u for u in client.get("/api/v1/snapshot").json()["units"]}
    on_duty = [p.callsign for p in player.shift.roster if p.shift_start <= 0]
    for callsign in on_duty:
        assert units[callsign]["lat"] is not None, callsign
        assert area.contains(units[callsign]["lat"], units[callsign]["lon"]), callsign

    # officers book on from their devices; those whose shift has not begun are off duty
    later = [p.callsign for p in player.shift.roster if p.shift_start > played * 100]
    assert all(units[c]["status"] == "off_duty" for c in later), later
    assert all(units[c]["status"] != "off_duty" for c in on_duty)

    # late, out-of-order pings extend the track but never move the unit back
    for callsign in on_duty:
        track = client.get(f"/api/v1/units/{callsign}/track").json()["pings"]
        assert units[callsign]["last_seen"] == max(p["at"] for p in track)

    # captures of every kind, attachments whose hashes verify
    captures = _captures(client)
    assert {c["kind"] for c in captures} == set(KINDS)
    # (the last uploads may have been cut off when the shift stopped, as a device's may be)
    evidence = [c["id"] for c in captures if c["kind"] == "evidence"]
    docs = [client.get(f"/api/v1/captures/{ident}").json() for ident in evidence]
    uploaded = [d for d in docs if d["attachments"]]
    assert uploaded
    for doc in uploaded[-3:]:
        meta = doc["attachments"][0]
        data = client.get(f"/api/v1/captures/{doc['id']}/attachments/{meta['name']}").content
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


def _whole_loops(client) -> tuple[list[dict], list[dict]]:
    """The simulator's incidents, and those that went the whole way: a task sent, acknowledged,
    en route, on scene and completed, then the incident closed."""
    incidents = client.get("/api/v1/incidents", params={"all": "true"}).json()["incidents"]
    ours = [i for i in incidents if SUPERVISOR in i["raised_by"]]
    closed = []
    for incident in ours:
        events = client.get(f"/api/v1/incidents/{incident['id']}/timeline").json()["events"]
        states = [e["payload"]["state"] for e in events if e["type"].startswith("task.")]
        whole = states[:5] == ["sent", "acknowledged", "en_route", "on_scene", "completed"]
        if whole and events[-1]["type"] == "incident.closed":
            closed.append(incident)
    return ours, closed


def test_the_call_handler_and_a_colleague_play_the_dispatchers_whole_loop(fresh_hub):
    """Calls come in graded, a colleague assigns the best recommended unit, the unit goes en
    route and on scene along the roads, and the incident is closed when the job is done."""
    client = fresh_hub.user("supervisor", SUPERVISOR)
    settings = Settings(
        fresh_hub.url,
        SUPERVISOR,
        PASSWORD,
        officers=30,
        speed=60.0,
        duration=60.0,  # at most; the shift stops once an incident has gone the whole way
        seed=5,
        capture_rate=0.0,
        incident_rate=4.0,
        auto_dispatch=True,
    )
    player, _ = _play_until(settings, lambda: bool(_whole_loops(client)[1]))
    assert not player.stats.failed, player.stats.failed
    ours, closed = _whole_loops(client)
    assert len(ours) >= 5 and all(i["location_text"] for i in ours)
    assert closed, [i["summary"] for i in ours]
