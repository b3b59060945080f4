"""Clients that misbehave on purpose, for the connection and memory tests and benchmarks:
large captures to fill the event log, streams that never read, requests sent by halves."""

from __future__ import annotations

import concurrent.futures
import socket
import time
from pathlib import Path

import httpx

from tests.hub.helpers import capture


def fill_with_large_captures(hub, count: int, size: int = 48 << 10, workers: int = 8) -> None:
    """`count` captures whose fields hold about `size` bytes each, sent by `workers` devices."""
    devices = [hub.device() for _ in range(workers)]
    text = "x" * size

    def send(index: int) -> int:
        body = capture(fields={"text": text, "n": index})
        return devices[index % workers].post("/api/v1/device/captures", json=body).status_code

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        assert set(pool.map(send, range(count))) == {201}


def stalled_stream(url: str, path: str, token: str, headers: dict | None = None) -> socket.socket:
    """Open an event stream and never read it (a receive buffer as small as the kernel allows,
    so the hub's sends back up at once)."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((host, int(port)))
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}", f"Authorization: Bearer {token}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    return sock


def half_request(url: str) -> socket.socket:
    """A connection that sends the start of a request's headers and then nothing more."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    return sock


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def health_ms(url: str) -> float:
    start = time.perf_counter()
    response = httpx.get(f"{url}/api/v1/health", timeout=30)
    assert response.status_code == 200
    return (time.perf_counter() - start) * 1000


def closed_by_peer(sock: socket.socket, timeout: float) -> bool:
    """Read (and drop) what the hub sent until it ends the connection, or `timeout` passes."""
    sock.settimeout(0.5)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if not sock.recv(1 << 20):
                return True
        except TimeoutError:
            continue
        except OSError:  # reset: the hub aborted it
            return True
    return False
