"""How fast a published briefing reaches the devices of a team, and a receipt the sergeant.

Starts a hub (a scratch SQLite store, or --db URL), plays a shift of --devices simulated
officers all in one team, each device with its own stream connection (signal gaps off, so every
device is online), and has a sergeant build a pack and publish it --publishes times (each later
one an update: an item withdrawn, one added). Prints, per publish and over all of them:

- publish-to-device: from the publish request being sent to each device holding the version
  (goal: 1 s at p95 for 200 devices);
- ack-to-desk: from an officer's device sending its acknowledgement to the receipt arriving on
  the sergeant's event stream.

    python bench/briefing_delivery.py [--devices 200] [--publishes 5] [--db URL]

The hub, the simulator and the sergeant's stream share this machine: quote the figures with
the load it had.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import orjson
from httpx_sse import aconnect_sse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from controlroom.sim.runner import Player, Settings, play
from tests.hubprocess import PASSWORD, HubProcess

TEAM = "Stoke-on-Trent Response"
SUPERVISOR = "benchsup"
ITEMS = 20


def _figures(seconds: list[float]) -> str:
    if not seconds:
        return "none"
    ranked = sorted(seconds)
    p95 = ranked[min(len(ranked) - 1, round(0.95 * (len(ranked) - 1)))]
    return (
        f"p50 {statistics.median(ranked) * 1000:.0f} ms  p95 {p95 * 1000:.0f} ms  "
        f"max {ranked[-1] * 1000:.0f} ms"
    )


def _cpu_s(pid: int) -> float:
    """CPU seconds a process has used (user and system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _item(n: int) -> dict:
    return {"id": f"note:{uuid.uuid4().hex}", "section": "information", "kind": "note",
            "title": f"Item {n}: what the team should know", "text": "Read out at parade. " * 8,
            "acknowledge": n < 2}  # fmt: skip


class Sergeant:
    def __init__(self, url: str, headers: httpx.Headers) -> None:
        self.http = httpx.AsyncClient(base_url=url, headers=headers, timeout=30)
        self.receipts: dict[tuple[str, int, int], float] = {}  # (callsign, id, version) -> at
        self.open = asyncio.Event()

    async def follow(self) -> None:
        async with aconnect_sse(self.http, "GET", "/api/v1/events", timeout=None) as source:
            self.open.set()
            async for frame in source.aiter_sse():
                if frame.event == "briefing.acknowledged":
                    p = orjson.loads(frame.data)["payload"]
                    key = (p["callsign"], p["id"], p["version"])
                    self.receipts.setdefault(key, time.monotonic())

    async def call(self, method: str, path: str, body: dict | None = None) -> dict:
        reply = await self.http.request(method, path, json=body)
        reply.raise_for_status()
        return reply.json()


async def _delivered(player: Player, briefing_id: int, version: int, devices: int) -> list:
    """The moments each device came to hold the version, once all have (or 30 s passed)."""
    deadline = time.monotonic() + 30
    while True:
        held = [
            h.at
            for h in player.stats.packs_held
            if (h.briefing_id, h.version) == (briefing_id, version)
        ]
        if len(held) >= devices or time.monotonic() > deadline:
            return held
        await asyncio.sleep(0.05)


async def _publishes(player: Player, sergeant: Sergeant, args) -> list[float]:
    now = datetime.now(UTC)
    draft = await sergeant.call("POST", "/api/v1/briefings", {
        "title": "Bench parade", "area": {"district": "Stoke-on-Trent"},
        "shift_start": now.isoformat(), "shift_end": (now + timedelta(hours=10)).isoformat(),
        "team": TEAM})  # fmt: skip
    items = [_item(n) for n in range(ITEMS)]
    every: list[float] = []
    for n in range(1, args.publishes + 1):
        await sergeant.call("PATCH", f"/api/v1/briefings/{draft['id']}", {"items": items})
        sent = time.monotonic()
        published = await sergeant.call("POST", f"/api/v1/briefings/{draft['id']}/publish")
        answered = time.monotonic() - sent
        held = await _delivered(player, draft["id"], published["version"], args.devices)
        latencies = [at - sent for at in held]
        every += latencies
        print(f"publish {n} (version {published['version']}, {len(items)} items): "
              f"{len(held)}/{args.devices} devices; publish-to-device {_figures(latencies)}; "
              f"the publish call {answered * 1000:.0f} ms")  # fmt: skip
        items = [*items[1:], _item(ITEMS + n)]  # one withdrawn, one added
        await asyncio.sleep(args.interval)
    return every


def _ack_to_desk(player: Player, sergeant: Sergeant) -> tuple[list[float], list[float]]:
    """(sent to on the desk, sent to answered) of each acknowledgement the desk received."""
    acks = [a for a in player.stats.acks_sent if a.answered is not None]
    arrived = [sergeant.receipts.get((a.callsign, a.briefing_id, a.version)) for a in acks]
    return (
        [at - a.sent for a, at in zip(acks, arrived, strict=True) if at is not None],
        [a.answered - a.sent for a in acks if a.answered is not None],
    )


async def _bench(hub: HubProcess, args) -> None:
    sergeant_client = hub.user("sergeant")
    sergeant = Sergeant(hub.url, sergeant_client.headers)
    settings = Settings(hub.url, SUPERVISOR, PASSWORD, officers=args.devices, speed=args.speed,
                        seed=7, ping_interval=args.ping_interval, capture_rate=0.0,
                        incidents=False, incident_rate=0.0, team=TEAM,
                        connections=args.connections)  # fmt: skip
    ready: asyncio.Future[Player] = asyncio.get_running_loop().create_future()

    async def prepare(player: Player) -> None:
        for device in player.shift.devices.values():  # every device online throughout
            device.gap_start = device.gap_end = float("inf")
        ready.set_result(player)

    shift = asyncio.ensure_future(play(settings, prepare))
    following = asyncio.ensure_future(sergeant.follow())
    try:
        await sergeant.open.wait()
        player = await ready
        while player.stats.streams_opened < args.devices:
            await asyncio.sleep(0.1)
        print(f"{args.devices} device streams open; {args.publishes} publishes to {TEAM}")
        assert hub.process is not None
        pid = hub.process.pid
        wall, sim_cpu, hub_cpu = time.monotonic(), time.process_time(), _cpu_s(pid)
        every = await _publishes(player, sergeant, args)
        await asyncio.sleep(args.settle)  # the last reads and acknowledgements
        wall = time.monotonic() - wall
        hub_share = (_cpu_s(pid) - hub_cpu) / wall
        sim_share = (time.process_time() - sim_cpu) / wall
        print(f"CPU meanwhile, as a share of one core: hub {hub_share:.0%}, simulator and "
              f"sergeant {sim_share:.0%} (machine load {os.getloadavg()[0]:.1f})")  # fmt: skip
        print(f"all publishes: publish-to-device {_figures(every)} over {len(every)} deliveries")
        on_desk, answered = _ack_to_desk(player, sergeant)
        print(f"ack-to-desk: {_figures(on_desk)} over {len(on_desk)} receipts "
              f"(the ack request alone: {_figures(answered)})")  # fmt: skip
    finally:
        for task in (shift, following):
            task.cancel()
        await asyncio.gather(shift, following, return_exceptions=True)
        await sergeant.http.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--publishes", type=int, default=5)
    parser.add_argument("--interval", type=float, default=3.0, help="seconds between publishes")
    parser.add_argument("--speed", type=float, default=30.0, help="simulated seconds per second")
    parser.add_argument("--ping-interval", type=float, default=60.0, help="simulated seconds")
    parser.add_argument("--settle", type=float, default=15.0, help="seconds for the last acks")
    parser.add_argument(
        "--connections", type=int, default=64, help="the simulator's keep-alive connections"
    )
    parser.add_argument("--db", help="a database URL (default: a scratch SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(args.db or f"sqlite:///{tmp}/bench.db", Path(tmp) / "data")
        hub.start()
        try:
            hub.user("supervisor", SUPERVISOR)
            rate = args.devices * args.speed / args.ping_interval
            print(f"hub on {hub.db_url.split(':', 1)[0]}; pings every {args.ping_interval:.0f} "
                  f"simulated s at x{args.speed:.0f}: {rate:.0f} pings/s meanwhile")  # fmt: skip
            asyncio.run(_bench(hub, args))
        finally:
            hub.stop()


if __name__ == "__main__":
    main()
