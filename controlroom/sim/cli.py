"""`controlroom sim`: play a shift of simulated officers' devices against a hub."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys

from controlroom.sim.http import HttpError
from controlroom.sim.hubapi import ApiError
from controlroom.sim.runner import Settings, play

log = logging.getLogger("controlroom.sim")


def add_parser(subparsers) -> argparse.ArgumentParser:
    sim = subparsers.add_parser("sim", help="play a simulated shift against a hub")
    sim.add_argument("--hub", default="http://127.0.0.1:8740", help="hub base URL")
    sim.add_argument("--username", required=True, help="a user who may register devices")
    sim.add_argument("--officers", type=int, default=20)
    sim.add_argument("--speed", type=float, default=1.0, help="simulated seconds per second")
    sim.add_argument("--duration", type=float, help="wall-clock seconds (default: until Ctrl-C)")
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument("--ping-interval", type=float, default=5.0, help="simulated seconds")
    sim.add_argument("--task-streams", type=int, help="officers listening for tasks (default all)")
    sim.add_argument("--connections", type=int, default=16, help="keep-alive connections")
    sim.add_argument(
        "--truth", metavar="FILE", help="write who each sent capture's mentions really are"
    )
    sim.add_argument(
        "--call-rate",
        type=float,
        default=1.0,
        help="calls from the public as a share of the usual rate (0.3 an officer-hour; 0: none)",
    )
    sim.add_argument(
        "--auto-dispatch",
        action="store_true",
        help="a simulated colleague assigns the calls nobody has assigned within a grace "
        "period and closes them when the job is done (the demo does this)",
    )
    sim.add_argument(
        "--team",
        help="put every officer in this one team (default: each in their district's response "
        "or neighbourhood team, as their sergeant briefs them)",
    )
    sim.set_defaults(run=run)
    return sim


def settings_from(args) -> Settings:
    password = os.environ.get("CONTROLROOM_PASSWORD") or getpass.getpass(
        f"Password for {args.username}: "
    )
    return Settings(
        hub=args.hub,
        username=args.username,
        password=password,
        officers=args.officers,
        speed=args.speed,
        duration=args.duration,
        seed=args.seed,
        ping_interval=args.ping_interval,
        streams=args.task_streams,
        connections=args.connections,
        truth=args.truth,
        incidents=args.call_rate > 0,
        incident_rate=args.call_rate,
        auto_dispatch=args.auto_dispatch,
        team=args.team,
    )


def run(args) -> int:
    settings = settings_from(args)
    try:
        player = asyncio.run(play(settings))
    except KeyboardInterrupt:
        log.info("interrupted; shift ended")
        return 0
    except (ApiError, HttpError) as exc:
        print(f"controlroom sim: {exc}", file=sys.stderr)
        return 1
    log.info("shift ended: sent %s, failed %s", player.stats.sent, player.stats.failed)
    return 0
