"""Start the hub (or the bare yardstick) as its own process, pinned to one core."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from controlroom.hub.accounts import create_user, register_device
from controlroom.hub.auditchain import AuditChain
from controlroom.hub.child import ChildProcess, hub_command
from controlroom.hub.writer import run_now
from controlroom.store.engine import make_engine, migrate

BENCH_PASSWORD = "bench-password-1"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pinned(core: int | None) -> list[str]:
    if core is None or not shutil.which("taskset"):
        return []
    return ["taskset", "-c", str(core)]


class HubServer:
    """A fresh hub on SQLite with `devices` registered devices and one dispatcher."""

    def __init__(self, devices: int = 20, core: int | None = 0):
        self.dir = Path(tempfile.mkdtemp(prefix="controlroom-bench-"))
        self.db = f"sqlite:///{self.dir / 'controlroom.db'}"
        engine = make_engine(self.db)
        migrate(engine)
        chain = AuditChain.open(engine, self.dir)
        self.tokens = [
            run_now(engine, register_device(f"B{i:04d}", "vehicle", False, None, "b", "b"), chain)[
                "token"
            ]
            for i in range(devices)
        ]
        run_now(engine, create_user("bench", "dispatcher", BENCH_PASSWORD, "b", "b"), chain)
        engine.dispose()
        command = pinned(core) + hub_command(
            "--db", self.db, "--data-dir", str(self.dir), "--port", str(free_port())
        )
        self.child = ChildProcess(command)
        self.url = self.child.start()

    def user_token(self) -> str:
        import httpx

        response = httpx.post(
            f"{self.url}/api/v1/auth/token", json={"username": "bench", "password": BENCH_PASSWORD}
        )
        return response.json()["access_token"]

    def stop(self) -> None:
        self.child.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class BareServer:
    def __init__(self, core: int | None = 0):
        self.dir = Path(tempfile.mkdtemp(prefix="controlroom-bare-"))
        script = Path(__file__).with_name("bare_ingest.py")
        command = pinned(core) + [sys.executable, str(script), str(self.dir / "bare.db"),
                                  str(free_port())]  # fmt: skip
        self.child = ChildProcess(command)
        self.url = self.child.start()
        self.tokens = ["none"]
        time.sleep(0.5)  # uvicorn prints after our line; let it bind

    def stop(self) -> None:
        self.child.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
