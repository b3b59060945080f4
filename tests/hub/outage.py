"""Writes against a hub whose store is away, timed: what each answered and how soon, and how
soon the hub stores changes again once the store is back. The outage tests and
`bench/outage.py` share these."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass

import httpx
from sqlalchemy import text

INCIDENT = {"grade": "priority", "lat": 53.0, "lon": -2.2}


@dataclass
class Attempt:
    summary: str
    status: int
    seconds: float
    retry_after: str | None


def attempt(client: httpx.Client, label: str = "during") -> Attempt:
    summary = f"{label} {uuid.uuid4().hex}"
    started = time.monotonic()
    response = client.post("/api/v1/incidents", json={**INCIDENT, "summary": summary}, timeout=30)
    elapsed = time.monotonic() - started
    return Attempt(summary, response.status_code, elapsed, response.headers.get("retry-after"))


def attempts_at_once(client: httpx.Client, count: int) -> list[Attempt]:
    """`count` writes sent together, as several workstations would."""
    found: list[Attempt] = []
    threads = [threading.Thread(target=lambda: found.append(attempt(client))) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return found


def seconds_until_stored(client: httpx.Client, timeout: float = 30) -> tuple[float, Attempt]:
    """Keep writing until a write is stored; how long that took, and the write."""
    started = time.monotonic()
    while True:
        tried = attempt(client, "after")
        if tried.status == 201 or time.monotonic() - started > timeout:
            return time.monotonic() - started, tried
        time.sleep(0.05)  # a client's pause between retries, not a synchronisation


def stored_summaries(engine, summaries: list[str]) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT summary FROM incidents")).scalars()
        return [s for s in rows if s in set(summaries)]


class SqliteWriteLock:
    """Another process holding SQLite's write lock (BEGIN IMMEDIATE) until released."""

    SCRIPT = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.readline()\n"
        "c.execute('ROLLBACK')\n"
    )

    def __init__(self, path: str):
        self.path = path

    def __enter__(self) -> SqliteWriteLock:
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.SCRIPT, self.path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout.readline().strip() == "locked"
        return self

    def release(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write("\n")
            self.process.stdin.flush()
            self.process.wait(10)

    def __exit__(self, *_exc) -> None:
        self.release()


def sqlite_path(url: str) -> str:
    path = url.removeprefix("sqlite:///")
    sqlite3.connect(path).close()  # it exists
    return path
