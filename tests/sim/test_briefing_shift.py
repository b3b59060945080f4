"""The sergeant's briefing through an accelerated shift, end to end against a real hub: the
sergeant (over HTTP) builds a pack from what the hub proposes, edits it and publishes it to the
simulator's team; the officers' devices read and acknowledge it, and the receipts arrive live
on the sergeant's stream; an update withdraws an item and the devices drop it; a device out of
signal gets the current version when it reconnects; a late starter reads it when they come on;
a task set in the briefing comes back as a capture in the intelligence desk's queue.

NEEDS the shared `fresh_hub` fixture (tests/conftest.py): SQLite, and PostgreSQL when
CONTROLROOM_TEST_PG is set.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import orjson
import pytest
from httpx_sse import aconnect_sse

from controlroom.geo.geometry import haversine_m, offset
from controlroom.sim.briefings import READ_ON_COMING_ON_S
from controlroom.sim.hubapi import StreamPoint
from controlroom.sim.runner import Player, Settings, play
from tests.hubprocess import PASSWORD

SUPERVISOR = "briefsup"  # registers the simulator's devices
TEAM = "Newcastle-under-Lyme Response"  # seed 30's: three on duty, one on at 279 s
SPEED = 200.0
WAIT_S = 30.0  # the most any step may take (bounded waits on what a user would see)


def _settings(hub) -> Settings:
    return Settings(
        hub.url,
        SUPERVISOR,
        PASSWORD,
        officers=10,
        speed=SPEED,
        seed=30,
        ping_interval=30.0,
        capture_rate=0.0,
        incidents=False,
        incident_rate=0.0,
    )


async def _until(what: str, condition: Callable[[], object], timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        await asyncio.sleep(0.05)


class Desk:
    """The sergeant's workstation: its HTTP client and what its event stream has brought."""

    def __init__(self, url: str, headers: httpx.Headers) -> None:
        self.http = httpx.AsyncClient(base_url=url, headers=headers, timeout=20)
        self.events: list[tuple[str, dict]] = []
        self.open = asyncio.Event()

    async def follow(self) -> None:
        async with aconnect_sse(self.http, "GET", "/api/v1/events", timeout=None) as source:
            assert source.response.status_code == 200
            self.open.set()
            async for frame in source.aiter_sse():
                if frame.data:
                    self.events.append((frame.event, orjson.loads(frame.data)["payload"]))

    def receipts(self, briefing_id: int, version: int) -> dict[str, list[str]]:
        """callsign -> items acknowledged, from the live ``briefing.acknowledged`` events."""
        return {
            p["callsign"]: p["items_acknowledged"]
            for kind, p in self.events
            if kind == "briefing.acknowledged" and (p["id"], p["version"]) == (briefing_id, version)
        }

    async def call(self, method: str, path: str, body: dict | None = None, status=200) -> dict:
        reply = await self.http.request(method, path, json=body)
        assert reply.status_code == status, reply.text
        return reply.json()


def _item(kind: str, section: str, title: str, **extra) -> dict:
    prefix = "task" if kind == "task" else "note"
    return {"id": f"{prefix}:{uuid.uuid4().hex}", "section": section, "kind": kind,
            "title": title, **extra}  # fmt: skip


def _held(player: Player, callsign: str, briefing_id: int):
    return player.shift.briefings.holding(callsign, briefing_id)


async def _briefing_shift(player: Player, desk: Desk, analyst: httpx.AsyncClient) -> None:
    roster = player.shift.roster
    team = [p for p in roster if p.team == TEAM]
    on_duty = [p.callsign for p in team if p.shift_start <= 0]
    late = next(p for p in team if p.shift_start > 0)
    tasked, offline = on_duty[0], on_duty[1]
    assert len(on_duty) == 3 and late.shift_start < 600, [(p.callsign, p.shift_start) for p in team]
    members = sorted(p.callsign for p in team)

    # something the hub holds for the area: an open incident where the tasked officer is
    lat, lon = player.shift.officers[tasked].position(player.shift.now)[:2]
    incident = await desk.call("POST", "/api/v1/incidents", {"summary": "Burglary in progress,"
        " rear of the shops", "grade": "priority", "lat": lat, "lon": lon}, 201)  # fmt: skip

    # the sergeant starts from the hub's proposal, never a blank page
    now = datetime.now(UTC)
    draft = await desk.call("POST", "/api/v1/briefings", {
        "title": "Late turn: Newcastle-under-Lyme response",
        "area": {"district": "Newcastle-under-Lyme"},
        "shift_start": now.isoformat(), "shift_end": (now + timedelta(hours=10)).isoformat(),
        "team": TEAM}, 201)  # fmt: skip
    assert draft["version"] == 0 and draft["callsigns"] == members
    assert f"incident:{incident['id']}" in [i["id"] for i in draft["items"]]
    safety = _item("note", "risk", "Knife seen carried in the Silverdale burglaries",
                   acknowledge=True)  # fmt: skip
    missing = _item("person", "people", "Missing: girl, 15, from Chesterton",
                    text="Last seen at the bus station in a grey hoodie.")  # fmt: skip
    visit_at = offset(lat, lon, 400.0, 0.0)
    visit = _item("task", "method", "Address to visit: house-to-house by the shops",
                  assigned_to=tasked, lat=visit_at[0], lon=visit_at[1])  # fmt: skip
    items = [safety, *draft["items"], missing, visit]
    edited = await desk.call("PATCH", f"/api/v1/briefings/{draft['id']}", {"items": items})
    assert [i["id"] for i in edited["items"]] == [i["id"] for i in items]
    briefing_id = draft["id"]

    # published: every device of the team holds it, the late starter's too
    published = await desk.call("POST", f"/api/v1/briefings/{briefing_id}/publish")
    assert published["version"] == 1

    def all_hold(version: int, callsigns: list[str]) -> bool:
        return all(
            (held := _held(player, c, briefing_id)) is not None and held.version == version
            for c in callsigns
        )

    await _until("every device of the team holds version 1", lambda: all_hold(1, members))
    assert list(_held(player, tasked, briefing_id).items) == [i["id"] for i in items]

    # the officers on duty read it at parade; receipts arrive live on the sergeant's stream
    await _until(
        "receipts of version 1", lambda: set(desk.receipts(briefing_id, 1)) >= set(on_duty)
    )
    asked = [i["id"] for i in edited["items"] if i["acknowledge"]]
    assert safety["id"] in asked
    assert all(acked == asked for acked in desk.receipts(briefing_id, 1).values())

    # a device out of signal; meanwhile the missing girl is found and the pack updated
    gap = player.shift.devices[offline]
    gap.gap_start, gap.gap_end = player.shift.now, float("inf")
    await _until("the device out of signal loses its stream", player.listeners[offline].done)
    without = [i for i in items if i["id"] != missing["id"]]
    await desk.call("PATCH", f"/api/v1/briefings/{briefing_id}", {"items": without})
    update = await desk.call("POST", f"/api/v1/briefings/{briefing_id}/publish")
    assert update["version"] == 2 and update["withdrawn"] == [missing["id"]]
    published_at = time.monotonic()
    online = [c for c in members if c != offline]

    def dropped(callsigns: list[str]) -> bool:
        return all(missing["id"] not in _held(player, c, briefing_id).items for c in callsigns)

    await _until("the withdrawn item leaves the devices with signal", lambda: dropped(online), 60)
    assert time.monotonic() - published_at < 60  # within 60 s of the update, as promised
    withdrawals = [p for k, p in desk.events if k == "briefing.item_withdrawn"]
    assert [(p["id"], p["version"], p["item_id"]) for p in withdrawals] == [
        (briefing_id, 2, missing["id"])
    ]
    assert _held(player, offline, briefing_id).version == 1  # it has heard nothing yet
    assert missing["id"] in _held(player, offline, briefing_id).items

    # back in signal, the tablet restarted meanwhile (so its stream starts from now): it gets
    # the current version as it reconnects
    player.stream_points[offline] = StreamPoint()
    gap.gap_end = player.shift.now
    await _until("the reconnected device holds version 2", lambda: all_hold(2, members))
    assert dropped([offline])
    reconnected = [(h.version, h.how) for h in player.stats.packs_held if h.callsign == offline]
    assert [v for v, _ in reconnected] == [1, 2] and reconnected[-1] == (2, "fetch")

    # everyone reads the update; the late starter read version 1 only once they came on
    await _until(
        "receipts of version 2", lambda: set(desk.receipts(briefing_id, 2)) == set(members)
    )
    late_reads = [a.sim_t for a in player.stats.acks_sent if a.callsign == late.callsign]
    assert late_reads and late_reads[0] >= late.shift_start + READ_ON_COMING_ON_S[0]
    stored = await desk.call("GET", f"/api/v1/briefings/{briefing_id}/receipts")
    live = {(c, v) for v in (1, 2) for c in desk.receipts(briefing_id, v)}
    assert {(r["callsign"], r["version"]) for r in stored["receipts"]} == live

    # the task set in the briefing comes back with its result, to the intelligence desk
    current = await desk.call("GET", f"/api/v1/briefings/{briefing_id}")
    task_id = next(i["ref"] for i in current["items"] if i["id"] == visit["id"])

    query = {"status": "new", "officer": tasked}
    came_back: list[dict] = []
    deadline = time.monotonic() + WAIT_S
    while not came_back and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        found = (await analyst.get("/api/v1/captures", params=query)).json()["captures"]
        came_back = [c for c in found if c["fields"].get("task_id") == task_id]
    assert came_back, "the briefing task's result never reached the review queue"
    result = came_back[0]
    assert result["fields"]["briefing_id"] == briefing_id
    assert result["fields"]["briefing_item_id"] == visit["id"]
    assert haversine_m(result["lat"], result["lon"], *visit_at) < 300  # done where it was set
    tasks = (await desk.call("GET", "/api/v1/tasks?all=true"))["tasks"]
    assert next(t for t in tasks if str(t["id"]) == task_id)["state"] == "completed"


@pytest.mark.timeout(180)
def test_a_briefing_reaches_the_team_is_read_updated_and_its_task_comes_back(fresh_hub):
    fresh_hub.user("supervisor", SUPERVISOR)
    sergeant = fresh_hub.user("sergeant")
    intelligence = fresh_hub.user("intelligence")

    async def run() -> None:
        desk = Desk(fresh_hub.url, sergeant.headers)
        analyst = httpx.AsyncClient(
            base_url=fresh_hub.url, headers=intelligence.headers, timeout=20
        )
        ready: asyncio.Future[Player] = asyncio.get_running_loop().create_future()

        async def prepare(player: Player) -> None:
            ready.set_result(player)

        shift = asyncio.ensure_future(play(_settings(fresh_hub), prepare))
        following = asyncio.ensure_future(desk.follow())
        try:
            await asyncio.wait_for(desk.open.wait(), WAIT_S)
            await asyncio.wait({shift, ready}, timeout=WAIT_S, return_when="FIRST_COMPLETED")
            if shift.done():
                shift.result()  # the shift could not start: say why
            player = ready.result()
            await _briefing_shift(player, desk, analyst)
            assert not player.stats.failed, player.stats.failed
        finally:
            for task in (shift, following):
                task.cancel()
            await asyncio.gather(shift, following, return_exceptions=True)
            await desk.http.aclose()
            await analyst.aclose()

    asyncio.run(run())
