"""The `controlroom replay` command line."""

from __future__ import annotations

import argparse
from pathlib import Path


def _point(text: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("give LAT,LON, e.g. 53.0245,-2.1794") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise argparse.ArgumentTypeError(f"{text} is not a position")
    return lat, lon


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def add_parser(commands) -> None:
    replay = commands.add_parser("replay", help="replay a GPX track through the device API")
    replay.add_argument("file", type=Path, help="a .gpx file (track, or route, or waypoints)")
    replay.add_argument("--hub", required=True, help="hub URL, e.g. http://127.0.0.1:8740")
    replay.add_argument("--callsign", required=True, help="the unit the track is replayed as")
    replay.add_argument("--shift-to", type=_point, metavar="LAT,LON",
                        help="move the track so it starts here, keeping its shape")  # fmt: skip
    replay.add_argument("--speed", type=_positive, default=1.0, help="times real time")
    replay.add_argument("--mode", default="foot", help="the unit's mode if it is new")
    replay.add_argument("--username", help="a supervisor or admin (CONTROLROOM_PASSWORD)")
    replay.add_argument("--token", help="an existing device token instead of registering one")
    replay.set_defaults(run=_run)


def _run(args) -> int:
    from controlroom.replay.run import run

    return run(args)
