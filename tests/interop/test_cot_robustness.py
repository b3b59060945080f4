"""Whatever arrives on the CoT port, the listener keeps serving a well-behaved client."""

from __future__ import annotations

import asyncio
import random
import time
import uuid

import httpx

from tests.hubprocess import wait_for
from tests.interop.conftest import units_of
from tests.interop.takclient import TakClient, config, position


async def _raw(port: int, *chunks: bytes, close: bool = True):
    """Send the chunks; ``cut`` when the hub hung up before all of them were written (it may drop
    a connection that sends junk at once, while the rest is still on its way)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    cut = False
    for chunk in chunks:
        try:
            writer.write(chunk)
            await writer.drain()
        except (ConnectionResetError, BrokenPipeError):
            cut = True
            break
    if close or cut:
        writer.close()
    return reader, writer, cut


def _abuse(port: int, uid_big: str) -> list:
    rng = random.Random(6)
    event = position("ANDROID-x", "X", 53.0, -2.0)
    oversized = (
        b'<event version="2.0" uid="big" type="a-f-G-U-C" how="m-g" time="2026-01-01T00:00:00Z"'
        b' start="2026-01-01T00:00:00Z" stale="2026-01-01T00:01:00Z"><point lat="1" lon="1"/>'
        b"<detail><remarks>" + b"A" * (10 << 20) + b"</remarks></detail></event>"
    )
    return [
        _raw(port, rng.randbytes(200_000)),
        _raw(port, b"<" + rng.randbytes(200_000)),
        _raw(port, b"\xbf" + rng.randbytes(200_000)),
        _raw(port, b"\xbf\xff\xff\xff\xff\x0f" + rng.randbytes(1000)),  # absurd frame length
        _raw(port, event[: len(event) // 2]),  # truncated, then gone
        _raw(port, event[:100] + event),  # truncated, then a whole one
        _raw(port, b"<event><event><event>" * 10_000),
        _raw(port, b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><event>&a;</event>"),
        # 10 MB in one event, then a good report on the same connection: both survive
        _raw(port, oversized, position(uid_big, "BIG", 53.2, -2.2), close=False),
    ]


def test_listener_survives_abuse_and_keeps_serving(patient_hub):
    tak_hub = patient_hub
    good_callsign, good_uid = f"GD{uuid.uuid4().hex[:4]}", f"ANDROID-{uuid.uuid4().hex[:8]}"
    big_callsign, big_uid = f"BG{uuid.uuid4().hex[:4]}", f"ANDROID-{uuid.uuid4().hex[:8]}"
    tak_hub.device(good_callsign, external_id=good_uid)
    tak_hub.device(big_callsign, external_id=big_uid)
    port = tak_hub.cot_ports["tcp"]

    async def scenario():
        good = await TakClient(config(f"tcp://127.0.0.1:{port}")).connect()
        abusers = [asyncio.ensure_future(a) for a in _abuse(port, big_uid)]
        for step in range(30):  # a steady client while the abuse goes on
            await good.send(position(good_uid, good_callsign, 53.0 + step / 1000, -2.0))
            await asyncio.sleep(0.1)
        opened = await asyncio.gather(*abusers, return_exceptions=True)
        await good.close()
        return opened

    before = httpx.get(f"{tak_hub.url}/api/v1/health").json()["interop"]["cot"]
    opened = asyncio.run(scenario())
    assert all(isinstance(o, tuple) for o in opened), opened  # each was sent, or cut off
    assert opened[-1][2] is False  # the oversized event's connection was kept for the next
    unit = wait_for(lambda: units_of(tak_hub)[good_callsign]["lat"] == 53.029 or None)
    assert unit
    # the oversized event is refused and the position after it on that connection is stored,
    # once the listener has read past it (seconds on a busy machine)
    wait_for(lambda: units_of(tak_hub)[big_callsign]["lat"] == 53.2 or None, timeout=30)
    # and a newcomer is still served
    asyncio.run(_raw(port, position(good_uid, good_callsign, 53.3, -2.3)))
    wait_for(lambda: units_of(tak_hub)[good_callsign]["lat"] == 53.3 or None)
    counts = httpx.get(f"{tak_hub.url}/api/v1/health").json()["interop"]["cot"]
    for name in ("oversized", "malformed", "junk_bytes", "truncated"):
        assert counts.get(name, 0) > before.get(name, 0), name  # dropped, and counted


def test_idle_and_trickling_connections_time_out(tak_hub):
    port = tak_hub.cot_ports["tcp"]  # this hub closes a connection after 3 s without an event

    async def scenario():
        silent, _, _ = await _raw(port, close=False)
        trickle_reader, trickle, _ = await _raw(port, close=False)
        started = time.monotonic()
        for byte in b"<event version='2.0' uid='slow' type='a-f-G-U-C'" * 4:
            if trickle_reader.at_eof() or trickle.is_closing():
                break
            try:
                trickle.write(bytes([byte]))
            except ConnectionError:  # the hub hung up on it: what we want
                break
            await asyncio.sleep(0.05)
        trickled = time.monotonic() - started
        closed = await asyncio.wait_for(silent.read(), 10)
        return closed, trickled

    closed, trickled = asyncio.run(scenario())
    assert closed == b"" or closed.startswith(b"<")  # only our units' positions, then EOF
    assert trickled < 9  # 200 bytes at 20 a second would take 10 s: it was cut off
