"""How soon the demo shows the dispatcher's whole loop: the simulator as `controlroom demo` runs
it (40 officers at 5 times real time, the call handler and the simulated colleague) against a
fresh hub; prints, in wall-clock seconds from the start of the shift, when the first incident was
raised, assigned, en route, at scene and closed, and how many of each there were.

    python bench/demo_loop.py [--officers 40] [--speed 5] [--seconds 150] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._servers import BENCH_PASSWORD, HubServer
from controlroom.hub.accounts import create_user
from controlroom.hub.auditchain import AuditChain
from controlroom.hub.writer import run_now
from controlroom.sim.runner import Settings, play
from controlroom.store.engine import make_engine

TASK_STATES = ("sent", "acknowledged", "en_route", "on_scene", "completed")
STEPS = ("raised", *TASK_STATES, "closed")


def _first_times(url: str, token: str, started: float, seen: dict[str, float]) -> None:
    """Note the wall time each step is first seen, from the hub's own records."""
    client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"})
    now = time.monotonic() - started
    incidents = client.get("/api/v1/incidents", params={"all": "true"}).json()["incidents"]
    if incidents:
        seen.setdefault("raised", now)
    if any(i["status"] == "closed" for i in incidents):
        seen.setdefault("closed", now)
    for task in client.get("/api/v1/tasks", params={"all": "true"}).json()["tasks"]:
        if task["state"] in TASK_STATES:  # every state before it was passed too
            for state in TASK_STATES[: TASK_STATES.index(task["state"]) + 1]:
                seen.setdefault(state, now)


async def _watch(url: str, token: str, started: float, seen: dict) -> None:
    while True:
        await asyncio.to_thread(_first_times, url, token, started, seen)
        await asyncio.sleep(1.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=40)
    parser.add_argument("--speed", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=150.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    hub = HubServer(devices=0, core=None)
    try:
        engine = make_engine(hub.db)
        demo = create_user("demo", "supervisor", BENCH_PASSWORD, "bench", "bench")
        run_now(engine, demo, AuditChain.open(engine, hub.dir))
        engine.dispose()
        token = hub.user_token()
        settings = Settings(
            hub.url, "demo", BENCH_PASSWORD, officers=args.officers, speed=args.speed,
            duration=args.seconds, seed=args.seed, auto_dispatch=True,
        )  # fmt: skip
        seen: dict[str, float] = {}
        watchers: list = []

        async def prepare(_player) -> None:
            watchers.append(asyncio.ensure_future(_watch(hub.url, token, time.monotonic(), seen)))

        asyncio.run(play(settings, prepare))
        print(f"{args.officers} officers at {args.speed:g}x, {args.seconds:g} s of wall clock:")
        for step in STEPS:
            when = f"{seen[step]:6.1f} s" if step in seen else "   not seen"
            print(f"  first {step:<10} {when}")
        done = "whole loop seen" if "closed" in seen else "loop NOT completed"
        print(f"{done} (goal: closed within 120 s)")
    finally:
        hub.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
