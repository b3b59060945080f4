"""No single client can take the hub down: streams that never read, requests sent by halves,
and more connections than the hub has descriptors for."""

from __future__ import annotations

import resource
import shutil
import socket
import time

import httpx
import pytest

from tests.hub.helpers import read_events
from tests.hub.stalling import (
    closed_by_peer,
    fill_with_large_captures,
    half_request,
    health_ms,
    rss_mib,
    stalled_stream,
)
from tests.hubprocess import HubProcess, wait_for

STREAMS = 10


@pytest.fixture
def strict_hub(tmp_path):
    """A hub of its own with short deadlines (SQLite: this is about the HTTP side)."""
    hub = HubProcess(
        f"sqlite:///{tmp_path / 'hub.db'}",
        tmp_path / "data",
        extra_args=("--write-timeout", "4", "--header-timeout", "2", "--body-timeout", "2"),
    )
    hub.start()
    yield hub
    hub.stop()


def _get(hub) -> httpx.Response:
    return httpx.get(f"{hub.url}/api/v1/health", timeout=10)


def _health(hub) -> dict:
    return _get(hub).json()


def _timed_out(hub) -> int:
    """Connections the header deadline has ended (0 while the hub is still at its cap)."""
    response = _get(hub)
    return response.json()["connections"].get("header_timeout", 0) if response.is_success else 0


def test_streams_that_never_read_cost_bounded_memory_and_are_dropped(strict_hub):
    hub = strict_hub
    dispatcher = hub.user("dispatcher")
    fill_with_large_captures(hub, 400)  # about 19 MiB of events
    # the linker's work on them is done before memory is measured
    wait_for(lambda: _health(hub)["linker"]["waiting"] == 0, timeout=120)
    token = dispatcher.headers["Authorization"].split(" ", 1)[1]
    before = rss_mib(hub.process.pid)
    socks = [stalled_stream(hub.url, "/api/v1/events?after=0", token) for _ in range(STREAMS)]
    wait_for(lambda: _health(hub)["streams"]["open"] == STREAMS)
    peak, slowest = before, 0.0
    for _ in range(8):  # while every stream is stalled
        slowest = max(slowest, health_ms(hub.url))
        peak = max(peak, rss_mib(hub.process.pid))
        time.sleep(0.2)
    assert peak - before < 120, f"RSS grew {peak - before:.0f} MiB under {STREAMS} stalled streams"
    assert slowest < 2000
    # The write timeout drops them; the hub says so.
    wait_for(lambda: _health(hub)["streams"]["open"] == 0, timeout=20)
    assert _health(hub)["connections"]["write_timeout"] >= STREAMS
    for sock in socks:
        assert closed_by_peer(sock, 10)
        sock.close()


def test_a_dropped_stream_resumes_from_its_last_event_with_nothing_lost(strict_hub):
    hub = strict_hub
    dispatcher = hub.user("dispatcher")
    start = _health(hub)["seq"]
    fill_with_large_captures(hub, 200)
    token = dispatcher.headers["Authorization"].split(" ", 1)[1]
    sock = stalled_stream(hub.url, f"/api/v1/events?after={start}", token)
    wait_for(lambda: _health(hub)["streams"]["open"] == 1)
    wait_for(lambda: _health(hub)["streams"]["open"] == 0, timeout=20)  # dropped: not reading
    assert closed_by_peer(sock, 10)
    sock.close()
    end = _health(hub)["seq"]
    got = read_events(dispatcher, f"/api/v1/events?after={start}", end - start, timeout=30)
    assert [int(e.id) for e in got] == list(range(start + 1, end + 1))


def test_requests_sent_by_halves_are_closed_and_the_hub_keeps_serving(strict_hub):
    hub = strict_hub
    socks = [half_request(hub.url) for _ in range(300)]
    assert health_ms(hub.url) < 2000  # served while they hang
    wait_for(lambda: _health(hub)["connections"].get("header_timeout", 0) >= 300, timeout=15)
    for sock in socks:
        assert closed_by_peer(sock, 5)
        sock.close()
    # A body that stops half way is ended too, and answers nothing half-stored.
    device = hub.device()
    sock = half_request(hub.url)
    sock.close()
    token = device.headers["Authorization"].split(" ", 1)[1]
    host, port = hub.url.removeprefix("http://").split(":")
    body_sock = socket.create_connection((host, int(port)))
    body_sock.sendall(
        b"POST /api/v1/device/captures HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"Authorization: Bearer {token}\r\nContent-Length: 5000\r\n\r\n".encode()
        + b'{"id": '
    )
    assert closed_by_peer(body_sock, 10)
    body_sock.close()
    assert _health(hub)["connections"]["body_timeout"] >= 1


def test_more_half_requests_than_descriptors_do_not_block_the_hub(tmp_path):
    """Under a 1,024-descriptor limit, 1,050 half-sent requests: the hub refuses what it
    cannot hold with 503, drops the rest at the header deadline, and keeps answering."""
    if shutil.which("prlimit") is None:
        pytest.skip("prlimit (util-linux) is needed to give the hub a descriptor limit")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("this test needs more than 1,200 descriptors of its own")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    hub = HubProcess(
        f"sqlite:///{tmp_path / 'hub.db'}",
        tmp_path / "data",
        extra_args=("--header-timeout", "3"),
        wrapper=("prlimit", "--nofile=1024:1024", "--"),
    )
    hub.start()
    try:
        socks = [half_request(hub.url) for _ in range(1050)]
        start = time.perf_counter()
        busy = httpx.get(f"{hub.url}/api/v1/health", timeout=10)
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
        assert busy.json()["error"] == "unavailable"
        assert time.perf_counter() - start < 2  # answered at once, not left hanging
        wait_for(lambda: _timed_out(hub) >= 800, timeout=15)  # the header deadline freed them
        assert _health(hub)["connections"]["refused_at_cap"] >= 1050 - 1024
        for sock in socks:
            sock.close()
    finally:
        hub.stop()
