"""Several hub processes on one PostgreSQL: one event log, in one order, seen from any of them."""

from __future__ import annotations

import contextlib
import json
import statistics
import threading
import time

import httpx
import pytest
from sqlalchemy import text

from controlroom.hub.batch import NOTIFY_CHANNEL
from controlroom.hub.keys import key_file, key_variable
from controlroom.hub.notify import APPLICATION, seq_of
from tests.hub.helpers import capture, frames, ping, read_events
from tests.hubprocess import HubProcess, http_client, wait_for


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


class LiveStream:
    """A dispatcher's stream read in a thread: each event's seq, type and arrival time."""

    def __init__(self, client: httpx.Client, after: int):
        self.got: list[tuple[int, str, float]] = []
        self._stop = threading.Event()
        self.opened = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(client, after), daemon=True)
        self._thread.start()
        assert self.opened.wait(10), "the stream did not open"

    def _read(self, client: httpx.Client, after: int) -> None:
        with (
            contextlib.suppress(httpx.TransportError),  # its hub was stopped or killed
            client.stream("GET", f"/api/v1/events?after={after}", timeout=30) as response,
        ):
            assert response.status_code == 200
            self.opened.set()
            for frame in frames(response):
                if frame.data:
                    self.got.append((int(frame.id), frame.event, time.monotonic()))
                if self._stop.is_set():
                    return

    def seqs(self) -> list[int]:
        return [seq for seq, _, _ in self.got]

    def until(self, seq: int, timeout: float = 20.0) -> list[int]:
        wait_for(lambda: self.got and self.got[-1][0] >= seq, timeout)
        self._stop.set()
        return self.seqs()


def stored_seqs(hub, after: int) -> list[int]:
    with hub.engine.connect() as connection:
        return list(
            connection.execute(
                text("SELECT seq FROM events WHERE seq > :s ORDER BY seq"), {"s": after}
            ).scalars()
        )


def in_threads(target, arguments: list[tuple]) -> list[str]:
    """Run `target(*args)` for each in a thread of its own; returns what any of them raised."""
    failures: list[str] = []

    def run(*args) -> None:
        try:
            target(*args)
        except Exception as exc:
            failures.append(repr(exc))

    threads = [threading.Thread(target=run, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def same_device_on(hub, other, device: httpx.Client) -> httpx.Client:
    """The same device token, sent to the other hub."""
    return http_client(other.url, timeout=20, headers=dict(device.headers))


def test_a_write_through_one_hub_reaches_a_quiet_hub_stream_before_its_timer(fresh_hub, second_hub):
    dispatcher = fresh_hub.user("dispatcher")
    start = dispatcher.get("/api/v1/snapshot").json()["seq"]
    stream = LiveStream(dispatcher, start)
    device = same_device_on(fresh_hub, second_hub, fresh_hub.device())
    sent: dict[int, float] = {}
    for i in range(9):
        time.sleep(0.15)
        began = time.monotonic()
        response = device.post("/api/v1/device/pings", json={"pings": [ping(offset_s=i - 30)]})
        assert response.status_code == 200
        sent[response.json()["seq"]] = began
    stream.until(max(sent))
    arrived = {seq: at for seq, _, at in stream.got}
    delays = sorted(arrived[seq] - began for seq, began in sent.items())
    # the 1 s timer alone would deliver half of them later than 0.5 s (issue 15: 467 ms median)
    assert statistics.median(delays) < 0.3, delays


def test_concurrent_writes_to_both_hubs_stream_from_either_in_store_order(fresh_hub, second_hub):
    first, second = fresh_hub.user("dispatcher"), second_hub.user("dispatcher")
    start = first.get("/api/v1/snapshot").json()["seq"]
    streams = [LiveStream(first, start), LiveStream(second, start)]
    devices = [fresh_hub.device() for _ in range(6)]
    acknowledged: list[int] = []

    def write(device: httpx.Client, hub) -> None:
        client = same_device_on(fresh_hub, hub, device)
        for i in range(15):
            if i % 5 == 4:
                response = client.post("/api/v1/device/captures", json=capture())
                assert response.status_code in (200, 201), response.text
            else:
                body = {"pings": [ping(53 + i / 1000, -2.2, i - 60)]}
                response = client.post("/api/v1/device/pings", json=body)
                assert response.status_code == 200, response.text
                acknowledged.append(response.json()["seq"])

    failures = in_threads(write, [(d, hub) for d in devices for hub in (fresh_hub, second_hub)])
    assert failures == []
    stored = stored_seqs(fresh_hub, start)
    assert set(acknowledged) <= set(stored)
    for stream in streams:
        # the linker may commit more (capture.linked) after the store was read: up to its end
        assert [seq for seq in stream.until(stored[-1]) if seq <= stored[-1]] == stored


def test_the_same_capture_sent_through_both_hubs_at_once_is_stored_once(fresh_hub, second_hub):
    device = fresh_hub.device()
    clients = [device, same_device_on(fresh_hub, second_hub, device)]
    for _ in range(6):
        body = capture()
        gate = threading.Barrier(2)
        answers: list[httpx.Response] = []

        def send(client: httpx.Client, body=body, gate=gate, answers=answers) -> None:
            gate.wait()
            answers.append(client.post("/api/v1/device/captures", json=body))

        assert in_threads(send, [(c,) for c in clients]) == []
        assert sorted(a.status_code for a in answers) in ([200, 201], [201, 201], [200, 200]), [
            a.text for a in answers
        ]
        assert {a.json()["id"] for a in answers} == {body["id"]}
        with fresh_hub.engine.connect() as connection:
            counts = connection.execute(
                text(
                    "SELECT (SELECT count(*) FROM captures WHERE id = :id), "
                    "(SELECT count(*) FROM capture_revisions WHERE capture_id = :id), "
                    "(SELECT count(*) FROM events WHERE type = 'capture.created' "
                    "AND subject = :id)"
                ),
                {"id": body["id"]},
            ).one()
        assert tuple(counts) == (1, 1, 1)


def test_one_device_pinging_through_both_hubs_moves_only_forward(fresh_hub, second_hub):
    device = fresh_hub.device()
    clients = [device, same_device_on(fresh_hub, second_hub, device)]
    start = stored_seqs(fresh_hub, 0)[-1]

    def send(client: httpx.Client, parity: int) -> None:
        for i in range(parity, 60, 2):  # the two hubs get alternate, racing, times
            body = {"pings": [ping(53 + i / 1000, -2.2, i - 120)]}
            assert client.post("/api/v1/device/pings", json=body).status_code == 200

    assert in_threads(send, [(c, n) for n, c in enumerate(clients)]) == []
    with fresh_hub.engine.connect() as connection:
        moves = [
            json.loads(payload)
            for (payload,) in connection.execute(
                text(
                    "SELECT payload FROM events WHERE seq > :s AND type = 'unit.position' "
                    "AND subject = :c ORDER BY seq"
                ),
                {"s": start, "c": device.callsign},
            )
        ]
        unit = connection.execute(
            text("SELECT lat, last_seen FROM units WHERE callsign = :c"), {"c": device.callsign}
        ).one()
        newest = connection.execute(
            text("SELECT lat, at FROM pings WHERE unit_id = (SELECT id FROM units "
                 "WHERE callsign = :c) ORDER BY at DESC LIMIT 1"),
            {"c": device.callsign},
        ).one()  # fmt: skip
    moved = [(m["last_seen"], m["lat"]) for m in moves if m["moved"]]
    times = [at for at, _ in moved]
    assert times == sorted(set(times)), "a hub announced a move back to an older position"
    assert tuple(unit) == tuple(newest)  # the unit stands at its newest ping
    assert moved[-1][1] == newest.lat


def test_a_hub_killed_while_both_take_writes_loses_nothing_and_the_other_serves_on(
    fresh_hub, second_hub
):
    dispatcher = fresh_hub.user("dispatcher")
    start = dispatcher.get("/api/v1/snapshot").json()["seq"]
    stream = LiveStream(dispatcher, start)
    acknowledged: list[int] = []
    refused = []

    def write(hub, stop_after: float) -> None:
        client = same_device_on(fresh_hub, hub, fresh_hub.device())
        deadline = time.monotonic() + stop_after
        i = 0
        while time.monotonic() < deadline:
            i += 1
            body = {"pings": [ping(53 + i / 1000, -2.2, i - 300)]}
            try:
                response = client.post("/api/v1/device/pings", json=body)
            except httpx.TransportError:
                refused.append(hub)  # the killed hub: no answer, so nothing acknowledged
                return
            if response.status_code == 200:
                acknowledged.append(response.json()["seq"])

    killer = threading.Timer(1.0, second_hub.kill)
    killer.start()
    assert in_threads(write, [(fresh_hub, 3.0), (second_hub, 3.0), (second_hub, 3.0)]) == []
    killer.join()
    assert refused and all(hub is second_hub for hub in refused)
    after = fresh_hub.device().post("/api/v1/device/pings", json={"pings": [ping()]})
    assert after.status_code == 200
    acknowledged.append(after.json()["seq"])
    stored = stored_seqs(fresh_hub, start)
    assert set(acknowledged) <= set(stored)
    assert stream.until(stored[-1]) == stored


def test_health_names_each_hub_and_how_far_it_is_behind_the_log(fresh_hub, second_hub):
    device = same_device_on(fresh_hub, second_hub, fresh_hub.device())
    seq = device.post("/api/v1/device/pings", json={"pings": [ping()]}).json()["seq"]
    first = wait_for(
        lambda: (h := httpx.get(f"{fresh_hub.url}/api/v1/health").json())["seq"] >= seq and h
    )
    second = httpx.get(f"{second_hub.url}/api/v1/health").json()
    assert first["instance"] != second["instance"]
    assert first["instance"].split("/")[0].endswith(f":{fresh_hub.port}")
    assert second["instance"].split("/")[0].endswith(f":{second_hub.port}")
    assert first["listening"] is True and second["listening"] is True
    for health in (first, second):
        lag = health["log"]
        assert lag["store_seq"] >= seq
        assert lag["behind"] == lag["store_seq"] - lag["delivered_seq"] >= 0
        assert lag["behind_ms"] >= 0
        assert {"ok", "seq", "writer", "linker", "streams", "connections"} <= set(health)
    # the quiet hub catches up with the other's write: nothing behind
    caught_up = wait_for(
        lambda: (
            (lag := httpx.get(f"{second_hub.url}/api/v1/health").json()["log"])["behind"] == 0
            and lag
        )
    )
    assert caught_up["delivered_seq"] == caught_up["store_seq"] >= seq
    assert caught_up["behind_ms"] == 0


@pytest.mark.parametrize(
    "payload", ["", "abc", "-5", "12 13", "1e9", "٣", "9" * 40, "\x00", "0x10", " 7 "]
)
def test_a_notification_that_is_not_a_seq_is_ignored(payload):
    assert seq_of(payload) == (7 if payload == " 7 " else None)


def test_a_hub_hears_on_after_malformed_notifications_and_a_dropped_listener(fresh_hub, second_hub):
    dispatcher = fresh_hub.user("dispatcher")
    device = same_device_on(fresh_hub, second_hub, fresh_hub.device())
    with fresh_hub.engine.begin() as connection:
        for payload in ["", "garbage", "-1", "9" * 30, "1" * 19, "\u0663"]:
            connection.execute(
                text("SELECT pg_notify(:c, :p)"), {"c": NOTIFY_CHANNEL, "p": payload}
            )
    time.sleep(0.3)  # heard, and ignored
    assert httpx.get(f"{second_hub.url}/api/v1/health").json()["listening"] is True
    with fresh_hub.engine.begin() as connection:
        # the listeners' connections dropped (as by a PostgreSQL restart or a network cut)
        dropped = connection.execute(
            text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                 "WHERE application_name = :name"),
            {"name": APPLICATION},
        ).scalar()  # fmt: skip
    assert dropped == 2
    time.sleep(1.0)  # each listener finds its connection gone (it looks twice a second)
    for hub in (fresh_hub, second_hub):  # each opens its connection again
        wait_for(lambda hub=hub: httpx.get(f"{hub.url}/api/v1/health").json()["listening"])
    assert httpx.get(f"{fresh_hub.url}/api/v1/health").json()["ok"] is True
    start = dispatcher.get("/api/v1/snapshot").json()["seq"]
    stream = LiveStream(dispatcher, start)
    delays = []
    for i in range(5):
        time.sleep(0.15)
        began = time.monotonic()
        seq = device.post("/api/v1/device/pings", json={"pings": [ping(offset_s=i - 9)]})
        seq = seq.json()["seq"]
        stream.until(seq)
        delays.append({s: at for s, _, at in stream.got}[seq] - began)
        stream = LiveStream(dispatcher, seq)
    assert statistics.median(delays) < 0.3, delays
