"""Writers that keep a hub busy until it dies, and the check of what it left in its store.

Each writer sends one kind of change (captures, incidents, tasks, messages), each carrying a
marker of its own, and notes which the hub acknowledged. After the crashes, `problems` lists every
stored change without exactly one event and one audit record, every acknowledged change that is
missing, and every change stored twice. The crash test and `bench/crash_loop.py` share it.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx
import orjson
from sqlalchemy import Engine, text

from tests.hub.helpers import capture
from tests.hubprocess import http_client

KINDS = ("capture", "incident", "task", "message")


@dataclass
class Ledger:
    """What was sent and what was acknowledged, by kind, as markers."""

    sent: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    acknowledged: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, marker: str, ok: bool | None) -> None:
        with self.lock:
            if ok is None:
                self.sent[kind].append(marker)
            elif ok:
                self.acknowledged[kind].append(marker)

    def total_acknowledged(self) -> int:
        return sum(len(markers) for markers in self.acknowledged.values())


def _request(kind: str, callsign: str, marker: str) -> tuple[str, str, dict]:
    """(who sends it, path, body) for one change of `kind` carrying `marker`."""
    if kind == "capture":
        return "device", "/api/v1/device/captures", capture(id=marker)
    if kind == "incident":
        body = {"summary": marker, "grade": "priority", "lat": 53.0, "lon": -2.18}
        return "user", "/api/v1/incidents", body
    if kind == "task":
        return "user", "/api/v1/tasks", {"callsign": callsign, "kind": "patrol", "note": marker}
    return "user", "/api/v1/messages", {"callsign": callsign, "text": marker}


def write_until_refused(
    url: str, headers: dict[str, dict], callsign: str, kind: str, ledger: Ledger
) -> None:
    """Send changes of `kind` one after another until the hub stops answering."""
    with http_client(url, timeout=15) as client:
        while True:
            marker = str(uuid.uuid4())
            who, path, body = _request(kind, callsign, marker)
            ledger.note(kind, marker, None)
            try:
                response = client.post(path, json=body, headers=headers[who])
            except httpx.HTTPError:
                return  # the hub died under us: this one was not acknowledged
            ledger.note(kind, marker, response.status_code in (200, 201))
            if response.status_code >= 500:
                return


def start_writers(url: str, headers: dict[str, dict], callsign: str, ledger: Ledger):
    threads = [
        threading.Thread(target=write_until_refused, args=(url, headers, callsign, k, ledger))
        for k in KINDS
    ]
    for thread in threads:
        thread.start()
    return threads


# --- what the store holds ---

STORED = {
    "capture": "SELECT id, id FROM captures",
    "incident": "SELECT id, summary FROM incidents",
    "task": "SELECT id, note FROM tasks",
    "message": "SELECT id, text FROM messages",
}
EVENT_TYPE = {
    "capture": "capture.created",
    "incident": "incident.created",
    "task": "task.created",
    "message": "message.sent",
}
AUDIT_ACTION = {
    "capture": "capture.create",
    "incident": "incident.create",
    "task": "task.create",
    "message": "message.send",
}


def _audited_ids(connection, kind: str) -> Counter:
    rows = connection.execute(
        text("SELECT target, detail FROM audit WHERE action = :a"), {"a": AUDIT_ACTION[kind]}
    ).all()
    if kind == "message":  # a message's record names the unit; its id is in the detail
        return Counter(str(orjson.loads(detail)["message_id"]) for _, detail in rows)
    return Counter(target.split(":", 1)[1] for target, _ in rows)


def problems(engine: Engine, ledger: Ledger) -> list[str]:
    """Everything wrong with the store after the crashes (empty when all is well)."""
    found: list[str] = []
    with engine.connect() as connection:
        for kind in KINDS:
            rows = connection.execute(text(STORED[kind])).all()
            events = Counter(
                connection.execute(
                    text("SELECT subject FROM events WHERE type = :t"), {"t": EVENT_TYPE[kind]}
                ).scalars()
            )
            audited = _audited_ids(connection, kind)
            markers = Counter(marker for _, marker in rows)
            for row_id, marker in rows:
                if events[str(row_id)] != 1:
                    found.append(f"{kind} {marker} has {events[str(row_id)]} events")
                if audited[str(row_id)] != 1:
                    found.append(f"{kind} {marker} has {audited[str(row_id)]} audit records")
            found += [f"{kind} {m} stored {n} times" for m, n in markers.items() if n > 1]
            if kind == "capture":
                found += _unindexed(connection, [marker for _, marker in rows])
            found += [
                f"{kind} {m} acknowledged but not stored"
                for m in ledger.acknowledged[kind]
                if m not in markers
            ]
    return found


def _unindexed(connection, capture_ids: list[str]) -> list[str]:
    """Captures without exactly one entry in the search index (written in their transaction)."""
    indexed = Counter(connection.execute(text("SELECT capture_id FROM capture_search")).scalars())
    return [f"capture {c} indexed {indexed[c]} times" for c in capture_ids if indexed[c] != 1]


# --- the crash loop ---

CRASH_POINTS = ("rows", "commit", "committed")


def crash_loop(hub, crashes: int, rng, external_kills: bool = False, env: str = "") -> Ledger:
    """Crash a running hub `crashes` times while the writers work, then start it again.

    Each cycle arms a fault point (`env` names the variable) that kills the hub with SIGKILL
    mid-batch; with `external_kills` every other cycle is a kill -9 from outside instead."""
    device, dispatcher = hub.device(), hub.user("dispatcher")
    headers = {"device": dict(device.headers), "user": dict(dispatcher.headers)}
    ledger = Ledger()
    hub.stop()
    for cycle in range(crashes):
        outside = external_kills and cycle % 2 == 1
        point = CRASH_POINTS[cycle % len(CRASH_POINTS)]
        hub.env[env] = "" if outside else f"crash@{point}:{rng.randint(2, 12)}"
        hub.start()
        writers = start_writers(hub.url, headers, device.callsign, ledger)
        if outside:
            wait_for_acknowledged(ledger, ledger.total_acknowledged() + rng.randint(5, 60))
            hub.kill()
        hub.process.wait(timeout=30)
        assert hub.process.returncode == -9, f"the hub was not killed: {hub.process.returncode}"
        for writer in writers:
            writer.join(30)
    hub.env.pop(env, None)
    hub.start()
    return ledger


def wait_for_acknowledged(ledger: Ledger, count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while ledger.total_acknowledged() < count:
        if time.monotonic() > deadline:
            raise AssertionError("the writers made no progress")
        time.sleep(0.005)
