"""Fixtures for simulator tests.

`running_hub` NEEDS the hub (controlroom.hub, on main since the hub landed): it starts a real
hub process on a loopback port with a throwaway SQLite store and an admin user, and yields
(base URL, username, password). When the shared hub fixtures arrive in tests/conftest.py, this
one can be replaced by them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import pytest


@dataclass
class RunningHub:
    url: str
    username: str
    password: str


@pytest.fixture
def running_hub(tmp_path):
    pytest.importorskip("fastapi", reason="the hub extra is not installed")
    pytest.importorskip("controlroom.hub.serve", reason="the hub is not in this checkout")
    env = {**os.environ, "CONTROLROOM_PASSWORD": "sim-test-password"}
    data = str(tmp_path / "hub")
    cli = [sys.executable, "-m", "controlroom.cli"]
    subprocess.run(
        [*cli, "admin", "create-user", "simadmin", "--role", "admin", "--data-dir", data],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    hub = subprocess.Popen(
        [*cli, "hub", "--data-dir", data, "--port", "0", "--keepalive", "2"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline, url = time.monotonic() + 30, None
        while url is None and time.monotonic() < deadline:
            line = hub.stderr.readline()
            found = re.search(r"hub ready on (http://\S+)", line)
            url = found.group(1) if found else None
        assert url, "the hub did not start"
        # keep reading the hub's log so that a full pipe never blocks it
        threading.Thread(target=hub.stderr.read, daemon=True).start()
        yield RunningHub(url, "simadmin", "sim-test-password")
    finally:
        hub.terminate()
        hub.wait(10)
