"""`controlroom demo`: an embedded hub on a SQLite file, a demo user, the simulator (when it is
installed) and the desktop app signed in, all on this machine.

The demo user's password is made afresh on every run and handed to the app in-process and to
the simulator through its environment; it is never written to a file.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import platformdirs

from controlroom.hub.child import ChildProcess, die_with_parent, hub_command, stop_process

log = logging.getLogger(__name__)

DEMO_USER = "demo"
DEMO_ROLE = "supervisor"  # sees every capture, and may register the simulator's devices


def default_data_dir() -> Path:
    """The user's own data folder (~/.local/share on Linux, AppData on Windows)."""
    return Path(platformdirs.user_data_dir("controlroom-demo", appauthor=False))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_demo_user(data_dir: Path) -> str:
    """Create the demo user if missing and give it a new password; returns the password."""
    from controlroom.hub.accounts import create_user, set_password
    from controlroom.hub.auditchain import AuditChain
    from controlroom.hub.errors import ApiError
    from controlroom.hub.writer import run_now
    from controlroom.store.engine import database_url, ensure_data_dir, make_engine, migrate

    ensure_data_dir(str(data_dir))
    engine = make_engine(database_url(None, str(data_dir)))
    migrate(engine)
    password = secrets.token_urlsafe(18)
    chain = AuditChain.open(engine, data_dir)
    try:
        run_now(engine, create_user(DEMO_USER, DEMO_ROLE, password, "demo", "demo"), chain)
    except ApiError:
        run_now(engine, set_password(DEMO_USER, password, "demo", "demo"), chain)
    engine.dispose()
    return password


class HubSubprocess(ChildProcess):
    """`controlroom hub` as a child process; its log goes to the data directory."""

    def __init__(self, data_dir: Path, port: int):
        self._log = open(data_dir / "hub.log", "a", encoding="utf-8")  # noqa: SIM115
        super().__init__(hub_command("--data-dir", str(data_dir), "--port", str(port)), self._write)

    def _write(self, line: str) -> None:
        self._log.write(line)
        self._log.flush()


def start_simulator(url: str, password: str, officers: int, speed: float, data_dir: Path):
    if importlib.util.find_spec("controlroom.sim") is None:
        print("controlroom demo: the simulator is not installed yet; running without it")
        return None
    command = [sys.executable, "-m", "controlroom.cli", "sim", "--hub", url]
    command += ["--username", DEMO_USER, "--officers", str(officers), "--speed", str(speed)]
    command += ["--auto-dispatch"]  # a newcomer sees the whole loop without touching a key
    logfile = open(data_dir / "sim.log", "a", encoding="utf-8")  # noqa: SIM115 (child keeps it)
    env = dict(os.environ, CONTROLROOM_PASSWORD=password)  # to the child only, never a file
    return subprocess.Popen(
        command, stdout=logfile, stderr=subprocess.STDOUT, env=env, preexec_fn=die_with_parent
    )


def run_demo(args, started: float | None = None) -> int:
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    password = prepare_demo_user(data_dir)
    hub = HubSubprocess(data_dir, free_port())
    url = hub.start()
    print(f"controlroom demo: hub on {url}, store in {data_dir}", flush=True)
    sim = None
    try:
        sim = start_simulator(url, password, args.officers, args.speed, data_dir)
        from ui.app import run  # the hub never imports Qt

        credentials = (DEMO_USER, password)
        return run(
            url,
            args.screenshot,
            args.quit_after,
            credentials,
            started,
            "Control Room demo",
            map_view=args.map_view,
        )
    finally:
        stop_process(sim)
        hub.stop()
