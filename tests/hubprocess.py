"""A real hub process for tests: started through the `controlroom hub` command line."""

from __future__ import annotations

import os
import re
import subprocess
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import Engine

from controlroom.hub.accounts import create_user, register_device
from controlroom.hub.auditchain import AuditChain
from controlroom.hub.child import ChildProcess, hub_command, stop_process
from controlroom.hub.limits import CLIENT_IDLE_S
from controlroom.hub.writer import run_now
from controlroom.store.engine import make_engine, migrate

OSMAND = re.compile(r"OsmAnd listening on (http://\S+)")
COT = re.compile(r"CoT listening on (tcp|tls)://\S+:(\d+)")
PASSWORD = "correct horse battery"


def http_client(url: str, **options) -> httpx.Client:
    """An httpx client for a hub at `url` that, as the project's own clients do, drops an idle
    connection before the hub closes it (httpx keeps one 5 s by default: exactly the hub's)."""
    return httpx.Client(
        base_url=url, limits=httpx.Limits(keepalive_expiry=CLIENT_IDLE_S), **options
    )


class HubProcess:
    def __init__(
        self,
        db_url: str,
        data_dir: Path,
        backend: str = "sqlite",
        keepalive=1.0,
        extra_args: tuple[str, ...] = (),
        wrapper: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
    ):
        self.db_url = db_url
        self.data_dir = data_dir
        self.backend = backend
        self.keepalive = keepalive
        self.extra_args = list(extra_args)
        self.wrapper = list(wrapper)  # a command the hub runs under (prlimit, taskset)
        self.env = dict(env or {})  # added to the hub's environment on each start
        self.url = ""
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.log: list[str] = []
        self.osmand_url = ""
        self.cot_ports: dict[str, int] = {}  # "tcp" / "tls" -> port
        self._engine: Engine | None = None
        self._chain: AuditChain | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.db_url, pool_size=2)
            migrate(self._engine)
        return self._engine

    @property
    def audit_chain(self) -> AuditChain:
        """The audit chain as this hub writes it (its key file, its checkpoint)."""
        if self._chain is None:
            environ = dict(os.environ, **self.env)
            self._chain = AuditChain.open(self.engine, self.data_dir, environ=environ)
        return self._chain

    def start(self, timeout: float = 30.0) -> None:
        command = hub_command(
            "--db", self.db_url, "--data-dir", str(self.data_dir), "--port", str(self.port),
            "--keepalive", str(self.keepalive), "--lazy-geo", *self.extra_args,
        )  # fmt: skip
        self.child = ChildProcess(self.wrapper + command, self._line, self.env)
        try:
            self.url = self.child.start(timeout)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}:\n" + "".join(self.log)) from exc
        self.process = self.child.process
        self.port = int(self.url.rsplit(":", 1)[1])

    def _line(self, line: str) -> None:
        self.log.append(line)
        if match := OSMAND.search(line):
            self.osmand_url = match.group(1)
        if match := COT.search(line):
            self.cot_ports[match.group(1)] = int(match.group(2))

    def stop(self) -> None:
        stop_process(self.process)

    def kill(self) -> None:
        self.child.kill()

    def restart(self) -> None:
        self.stop()
        self.start()

    # --- accounts made straight in the store, as `controlroom admin` does ---

    def user(self, role: str, username: str | None = None) -> httpx.Client:
        """A signed-in client for a new user holding `role`."""
        username = username or f"{role}-{uuid.uuid4().hex[:8]}"
        run_now(
            self.engine, create_user(username, role, PASSWORD, "test", "test"), self.audit_chain
        )
        client = http_client(self.url, timeout=20)
        response = client.post(
            "/api/v1/auth/token", json={"username": username, "password": PASSWORD}
        )
        response.raise_for_status()
        client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
        client.username = username
        return client

    def device(
        self,
        callsign: str | None = None,
        mode: str = "foot",
        external_id: str | None = None,
        cert_fingerprint: str | None = None,
    ) -> httpx.Client:
        """A client holding a new device token for `callsign` (a new unit unless it exists);
        `external_id` is the device's own id on an interop protocol (OsmAnd id, CoT uid), and
        `cert_fingerprint` the SHA-256 of the client certificate bound to it on CoT TLS."""
        callsign = callsign or f"T{uuid.uuid4().hex[:6].upper()}"
        job = register_device(
            callsign, mode, False, external_id, "test", "test", cert_fingerprint=cert_fingerprint
        )
        made = run_now(self.engine, job, self.audit_chain)
        client = http_client(
            self.url, timeout=20, headers={"Authorization": f"Bearer {made['token']}"}
        )
        client.callsign = callsign
        client.device_id = made["device_id"]
        return client


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")
