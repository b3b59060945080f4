"""Helpers for briefing tests: units of a team, a pack's body, a stream's briefing events."""

from __future__ import annotations

import time
import uuid

import httpx
import orjson

from controlroom.hub.accounts import register_device
from controlroom.hub.writer import run_now
from tests.hub.helpers import frames, iso
from tests.hubprocess import HubProcess, http_client

AREA = {"bbox": [-2.25, 52.98, -2.12, 53.06]}  # Stoke-on-Trent's middle


def team_device(hub: HubProcess, team: str, callsign: str | None = None) -> httpx.Client:
    """A device for a new unit of `team`, as ``register-device CALLSIGN --team NAME`` makes."""
    callsign = callsign or f"B{uuid.uuid4().hex[:6].upper()}"
    job = register_device(callsign, "foot", False, None, "test", "test", team=team)
    made = run_now(hub.engine, job, hub.audit_chain)
    client = http_client(hub.url, timeout=20, headers={"Authorization": f"Bearer {made['token']}"})
    client.callsign = callsign
    return client


def new_team() -> str:
    return f"Team {uuid.uuid4().hex[:8]}"


def pack(team: str | list[str], **changes) -> dict:
    body = {
        "title": "Early turn, Hanley and Shelton",
        "area": AREA,
        "shift_start": iso(-3600),  # the shift on now
        "shift_end": iso(9 * 3600),
        "team": team,
    }
    return body | changes


def seq_now(client: httpx.Client) -> int:
    return client.get("/api/v1/snapshot").json()["seq"]


def briefing_events(
    client: httpx.Client, path: str, count: int, briefing_id: int, timeout: float = 10.0
) -> list[dict]:
    """The next `count` briefing events about this pack on a stream (others are skipped), or
    those that came within `timeout` (keep-alives come every second, so it is checked often)."""
    got: list[dict] = []
    deadline = time.monotonic() + timeout
    with client.stream("GET", path, timeout=timeout) as response:
        assert response.status_code == 200, response.read()
        for frame in frames(response):
            if frame.data and frame.event.startswith("briefing."):
                document = orjson.loads(frame.data)
                if document["subject"] == str(briefing_id):
                    got.append(document)
            if len(got) == count or time.monotonic() > deadline:
                break
    return got
