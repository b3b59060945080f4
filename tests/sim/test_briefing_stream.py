"""A device's listener against a hostile stream: briefing events that are not JSON, not an
object, or not the document their type declares are skipped, and the device goes on listening
(and takes the good one that follows). The hub never sends such frames, so a loopback server of
the test's own speaks HTTP and SSE to the simulator's real client here."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import orjson
import pytest

from controlroom.sim.http import Pool
from controlroom.sim.hubapi import HubApi
from controlroom.sim.runner import Player, Settings
from controlroom.sim.shift import Shift

GOOD = {
    "id": 4,
    "version": 2,
    "title": "Late turn, Hanley",
    "shift_start": "2026-12-01T14:00:00+00:00",
    "shift_end": "2026-12-02T00:00:00+00:00",
    "items": [{"id": "note:1", "section": "intent", "kind": "note", "title": "Be seen"}],
    "notice": "Briefing updated to version 2",
}
FRAMES = [
    ("briefing.published", b"{not json"),
    ("briefing.published", b"[1, 2, 3]"),
    ("briefing.published", orjson.dumps({"payload": "a string"})),
    ("briefing.published", orjson.dumps({"payload": {"id": "four", "version": -1}})),
    ("briefing.published", orjson.dumps({"payload": {**GOOD, "items": [{"id": "bad id!"}]}})),
    ("briefing.item_withdrawn", orjson.dumps({"payload": {"id": 4}})),
    ("briefing.item_withdrawn", orjson.dumps({"payload": None})),
    ("task.created", orjson.dumps({"payload": {"kind": "patrol"}})),  # no id
    ("briefing.published", orjson.dumps({"payload": GOOD})),
]


def _sse() -> bytes:
    frames = [f"id: {n}\nevent: {kind}\ndata: ".encode() + data + b"\n\n" for n, (kind, data) in
              enumerate(FRAMES, 1)]  # fmt: skip
    return b"".join(frames)


async def _hostile_hub(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    if head.startswith("GET /api/v1/device/briefings "):
        body = orjson.dumps({"briefings": [{"id": "x"}, 7, {**GOOD, "version": "two"}]})
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    else:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n" + _sse())
    await writer.drain()
    try:
        await reader.read()  # hold the stream open until the device hangs up
    except asyncio.CancelledError:
        pass  # the test is over
    finally:
        writer.close()


@pytest.fixture(scope="module")
def shift() -> Shift:
    return Shift(3, 4, datetime(2026, 12, 1, 14, 0, tzinfo=UTC))


async def _listen_to_hostile_hub(shift: Shift) -> tuple[Player, str]:
    server = await asyncio.start_server(_hostile_hub, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    player = Player(Settings(url, "nobody", "none", streams=1), HubApi(Pool(url)), shift)
    callsign = shift.roster[0].callsign
    player.tokens[callsign] = "a device token"
    player.listen_for_tasks()
    try:
        async with asyncio.timeout(10):
            while shift.briefings.holding(callsign, 4) is None:
                await asyncio.sleep(0.02)
        assert not player.listeners[callsign].done()  # still listening
    finally:
        await player.drain(0)
        await player.api.close()
        server.close()
    return player, callsign


def test_malformed_briefing_events_do_not_stop_the_device_listening(shift):
    player, callsign = asyncio.run(_listen_to_hostile_hub(shift))
    held = shift.briefings.holding(callsign, 4)
    assert held is not None and (held.version, list(held.items)) == (2, ["note:1"])
    assert [held.how for held in player.stats.packs_held] == ["stream"]  # none fetched
