"""How many officers one simulator process sustains at 5-second pings, and the CPU it uses.

python bench/sim.py                      # against a local sink (bench/sink.py, own process)
python bench/sim.py --hub URL --username NAME   # against a real hub (CONTROLROOM_PASSWORD)

For each officer count it plays the shift for --seconds, then prints pings sent per second
(expected: officers / 5), the simulator's CPU as a share of one core, and whether it kept up.
It also compares the CPU cost per request of httpx and of the simulator's own client.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from controlroom.sim.http import Pool
from controlroom.sim.runner import Player, Settings
from controlroom.sim.runner import play as _play  # noqa: F401
from controlroom.sim.shift import Shift


def start_sink() -> tuple[subprocess.Popen, str]:
    sink = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("sink.py"))],
        stdout=subprocess.PIPE,
        text=True,
    )
    port = sink.stdout.readline().split()[-1]
    return sink, f"http://127.0.0.1:{port}"


async def measure(settings: Settings, seconds: float) -> dict:
    """Play `seconds` of wall clock with every officer on duty; CPU of this process only."""
    from datetime import UTC, datetime

    from controlroom.sim.hubapi import HubApi

    pool = Pool(settings.hub, size=settings.connections)
    api = HubApi(pool)
    await api.sign_in(settings.username, settings.password)
    shift = Shift(settings.seed, settings.officers, datetime.now(UTC), settings.ping_interval)
    for plan in shift.roster:  # everyone on duty for the whole measurement
        plan.shift_start, plan.shift_end = -3600.0, 10 * 3600.0
    shift._ticks = [(i * 5.0 / settings.officers, i) for i in range(settings.officers)]
    player = Player(settings, api, shift)
    await player.provision()
    cpu0, wall0 = time.process_time(), time.monotonic()
    await player.run(seconds)
    await player.drain(10)
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    await pool.close()
    return {
        "pings_per_s": player.stats.pings / wall,
        "cpu": cpu / wall,
        "failed": sum(player.stats.failed.values()),
    }


async def client_cost(url: str, n: int = 3000) -> dict:
    """CPU seconds per request: httpx.AsyncClient vs controlroom.sim.http.Pool."""
    import httpx

    body = b'{"pings":[{"lat":53.0,"lon":-2.18,"at":"2025-01-01T00:00:00Z"}]}'
    headers = {"Authorization": "Bearer d", "Content-Type": "application/json"}
    out = {}
    async with httpx.AsyncClient(base_url=url, limits=httpx.Limits(max_connections=16)) as client:
        t = time.process_time()
        for _ in range(0, n, 50):
            await asyncio.gather(
                *(
                    client.post("/api/v1/device/pings", content=body, headers=headers)
                    for _i in range(50)
                )
            )
        out["httpx_us"] = (time.process_time() - t) / n * 1e6
    pool = Pool(url, 16)
    t = time.process_time()
    for _ in range(0, n, 50):
        await asyncio.gather(
            *(pool.request("POST", "/api/v1/device/pings", body, headers) for _i in range(50))
        )
    out["lean_us"] = (time.process_time() - t) / n * 1e6
    await pool.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hub")
    parser.add_argument("--username", default="bench")
    parser.add_argument("--officers", default="1000,2500,5000,10000,20000")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--no-uvloop", action="store_true", help="plain asyncio event loop")
    args = parser.parse_args()
    sink = None
    if args.hub is None:
        sink, args.hub = start_sink()
    password = os.environ.get("CONTROLROOM_PASSWORD", "bench")
    try:
        loop_name = "asyncio"
        if not args.no_uvloop:
            try:
                import uvloop

                uvloop.install()
                loop_name = "uvloop"
            except ImportError:
                pass
        print(f"target {args.hub} ({'sink' if sink else 'hub'}), event loop {loop_name}")
        costs = asyncio.run(client_cost(args.hub))
        print(
            f"CPU per request: httpx {costs['httpx_us']:.0f} us, "
            f"simulator client {costs['lean_us']:.0f} us"
        )
        best = 0
        for count in (int(c) for c in args.officers.split(",")):
            settings = Settings(
                args.hub,
                args.username,
                password,
                officers=count,
                streams=0,
                incidents=False,
                capture_rate=1.0,
            )
            r = asyncio.run(measure(settings, args.seconds))
            expected = count / 5.0
            kept_up = r["pings_per_s"] >= 0.95 * expected and r["failed"] == 0
            print(
                f"{count:5d} officers: {r['pings_per_s']:7.1f} pings/s (expected "
                f"{expected:.0f}), CPU {r['cpu'] * 100:5.1f}% of one core, failed "
                f"{r['failed']}, {'kept up' if kept_up else 'FELL BEHIND'}"
            )
            if kept_up and r["cpu"] <= 1.0:
                best = count
        print(f"sustained: {best} officers at 5 s pings on one simulator process")
    finally:
        if sink:
            sink.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
