"""While the store is unavailable (SQLite locked by another process, PostgreSQL stopped) every
write answers 503 with Retry-After within 10 s, nothing refused is stored, the hub says so in its
health, and once the store is back the hub stores changes again within 10 s, without a restart."""

from __future__ import annotations

import httpx
import pytest

from tests.databases import fresh_database
from tests.hub.helpers import ping
from tests.hub.outage import (
    SqliteWriteLock,
    attempts_at_once,
    seconds_until_stored,
    sqlite_path,
    stored_summaries,
)
from tests.hubprocess import HubProcess
from tests.pgcluster import PgCluster

BOUND_S = 10.0


def writer_health(hub: HubProcess) -> dict:
    return httpx.get(f"{hub.url}/api/v1/health", timeout=5).json()["writer"]


def check_refused_while_away(hub: HubProcess, dispatcher: httpx.Client, device) -> list[str]:
    """Writes while the store is away; returns their summaries (none may be stored)."""
    tried = attempts_at_once(dispatcher, 4)
    for one in tried:
        assert one.status == 503, one
        assert one.seconds < BOUND_S, one
        assert one.retry_after and int(one.retry_after) > 0
    pinged = device.post("/api/v1/device/pings", json={"pings": [ping()]}, timeout=30)
    assert pinged.status_code == 503 and pinged.headers["Retry-After"]
    health = writer_health(hub)
    assert health["alive"] is True and health["store"] == "unavailable"
    assert health["last_error"]
    return [one.summary for one in tried]


def check_served_again(hub: HubProcess, dispatcher: httpx.Client, refused: list[str]) -> None:
    seconds, stored = seconds_until_stored(dispatcher)
    assert stored.status == 201 and seconds < BOUND_S, (seconds, stored)
    assert writer_health(hub)["store"] == "available"
    assert stored_summaries(hub.engine, refused + [stored.summary]) == [stored.summary]


def test_while_sqlite_is_locked_by_another_process_writes_answer_503_then_resume(tmp_path):
    url, _ = fresh_database("sqlite", tmp_path)
    hub = HubProcess(url, tmp_path / "data")
    hub.start()
    try:
        dispatcher, device = hub.user("dispatcher"), hub.device()
        with SqliteWriteLock(sqlite_path(url)) as lock:
            refused = check_refused_while_away(hub, dispatcher, device)
            assert "locked" in writer_health(hub)["last_error"]
            # Reads that change nothing go on: SQLite's readers do not wait for its writer.
            assert dispatcher.get("/api/v1/units").status_code == 200
            lock.release()
            check_served_again(hub, dispatcher, refused)
    finally:
        hub.stop()


@pytest.fixture
def own_cluster():
    reason = PgCluster.unavailable()
    if reason:
        pytest.skip(reason)
    cluster = PgCluster()
    cluster.init()
    cluster.start()
    yield cluster
    cluster.remove()


def test_while_postgresql_is_stopped_writes_answer_503_then_resume(own_cluster, tmp_path):
    hub = HubProcess(own_cluster.url, tmp_path / "data", backend="postgresql")
    hub.start()
    try:
        dispatcher, device = hub.user("dispatcher"), hub.device()
        hub.engine.dispose()  # the test's own connections would only be refused too
        own_cluster.stop()
        refused = check_refused_while_away(hub, dispatcher, device)
        own_cluster.start()
        check_served_again(hub, dispatcher, refused)
    finally:
        hub.stop()
