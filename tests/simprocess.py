"""The simulator in a process of its own, playing a shift against a test's hub (as `controlroom
sim` does, with the capture rate a test or a screenshot needs)."""

from __future__ import annotations

import os
import subprocess
import sys

from controlroom.hub.child import die_with_parent
from tests.hubprocess import PASSWORD, HubProcess

SCRIPT = """
import asyncio, json, sys
from controlroom.sim.runner import Settings, play
asyncio.run(play(Settings(**json.loads(sys.argv[1]))))
"""


def start_sim(
    hub: HubProcess,
    username: str,
    officers: int = 6,
    speed: float = 20.0,
    capture_rate: float = 1.0,
    seed: int = 1,
    duration: float | None = None,
) -> subprocess.Popen:
    """`username` must be a supervisor (the simulator registers a device per officer)."""
    import json

    settings = {
        "hub": hub.url,
        "username": username,
        "password": PASSWORD,
        "officers": officers,
        "speed": speed,
        "capture_rate": capture_rate,
        "seed": seed,
        "duration": duration,
    }
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, json.dumps(settings)],
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=die_with_parent,  # a tool or test killed outright leaves no simulator behind
    )


def stop_sim(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
