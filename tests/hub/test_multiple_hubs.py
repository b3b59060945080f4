"""Several hub processes on one PostgreSQL: one event log, in one order, seen from any of them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from controlroom.hub.keys import key_file, key_variable
from tests.hub.helpers import ping, read_events
from tests.hubprocess import HubProcess


@pytest.fixture
def second_hub(fresh_hub, tmp_path):
    if fresh_hub.backend != "postgresql":
        pytest.skip("several hub processes share a PostgreSQL store, not a SQLite file")
    # Every hub on one database writes one audit chain, so they are given one audit key.
    shared_key = {key_variable("audit"): str(key_file("audit", fresh_hub.data_dir))}
    other = HubProcess(
        fresh_hub.db_url, tmp_path / "other-data", backend="postgresql", env=shared_key
    )
    other.start()
    yield other
    other.stop()


def test_events_written_through_two_hubs_stream_from_either_in_seq_order(fresh_hub, second_hub):
    first_device = fresh_hub.device()
    dispatcher = second_hub.user("dispatcher")
    start = dispatcher.get("/api/v1/snapshot").json()["seq"]
    # The second device's token is used on the second hub; the first device posts to the first.
    second_device = fresh_hub.device()
    second_device.base_url = second_hub.url
    for i in range(10):
        device = first_device if i % 2 == 0 else second_device
        response = device.post(
            "/api/v1/device/pings", json={"pings": [ping(53 + i / 100, -2.2, i - 60)]}
        )
        assert response.status_code == 200
    with fresh_hub.engine.connect() as connection:
        stored = (
            connection.execute(
                text("SELECT seq FROM events WHERE seq > :s ORDER BY seq"), {"s": start}
            )
            .scalars()
            .all()
        )
    streamed = read_events(dispatcher, f"/api/v1/events?after={start}", len(stored))
    assert [int(e.id) for e in streamed] == stored
    positions = [
        json.loads(e.data)["payload"].get("lat") for e in streamed if e.event == "unit.position"
    ]
    assert positions == [53 + i / 100 for i in range(10)]
