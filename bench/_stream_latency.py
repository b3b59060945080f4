"""Ingest→stream latency: devices post pings at a fixed rate while N workstations hold the SSE
stream open; each ping carries its send time in `at`, each subscriber notes when it arrives.

Raw keep-alive sockets on both sides, so the client costs little next to what it measures.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

MARK = b'"last_seen":"'


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="microseconds")


def _epoch(text: bytes) -> float:
    return datetime.fromisoformat(text.decode().replace("Z", "+00:00")).timestamp()


class Subscriber:
    def __init__(self, since: float):
        self.since = since
        self.latencies: list[float] = []
        self._buffer = b""

    async def run(self, host, port, token, stop: asyncio.Event) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(
            f"GET /api/v1/events HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n".encode()
        )
        await writer.drain()
        while not stop.is_set():
            try:
                data = await asyncio.wait_for(reader.read(1 << 16), 0.5)
            except TimeoutError:
                continue
            if not data:
                break
            self._take(data, time.time())
        writer.close()

    def _take(self, data: bytes, arrived: float) -> None:
        buffer = self._buffer + data
        start = 0
        while True:
            at = buffer.find(MARK, start)
            if at < 0 or at + len(MARK) + 24 > len(buffer):
                break
            stamp = buffer[at + len(MARK) : at + len(MARK) + 24]
            start = at + len(MARK) + 24
            try:
                sent = _epoch(stamp)
            except ValueError:
                continue
            if sent >= self.since:
                self.latencies.append(arrived - sent)
        self._buffer = buffer[start:] if start else buffer[-64:]


async def _sender(host, port, token, interval, offset, until, sent: list, acked: list) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    next_at = time.time() + offset
    while next_at < until:
        await asyncio.sleep(max(0.0, next_at - time.time()))
        now = time.time()
        body = ('{"pings":[{"lat":53.02,"lon":-2.18,"at":"' + _iso(now) + '"}]}').encode()
        writer.write(
            f"POST /api/v1/device/pings HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        sent.append(now)
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        await reader.readexactly(length)
        acked.append(time.time() - now)
        next_at += interval
    writer.close()


async def measure(
    url: str,
    user_token: str,
    device_tokens: list[str],
    subscribers: int,
    rate: float,
    seconds: float,
) -> dict:
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port
    stop = asyncio.Event()
    start = time.time() + 1.0  # subscribers connect first
    subs = [Subscriber(start) for _ in range(subscribers)]
    listening = [asyncio.create_task(s.run(host, port, user_token, stop)) for s in subs]
    await asyncio.sleep(1.0)
    sent, acked = [], []
    interval = len(device_tokens) / rate
    until = start + seconds
    await asyncio.gather(
        *(
            _sender(
                host, port, token, interval, i * interval / len(device_tokens), until, sent, acked
            )
            for i, token in enumerate(device_tokens)
        )
    )
    await asyncio.sleep(1.0)  # let the last events arrive
    stop.set()
    await asyncio.gather(*listening)
    latencies = sorted(x for s in subs for x in s.latencies)
    expected = len(sent) * subscribers
    return {
        "sent": len(sent),
        "rate": len(sent) / seconds,
        "delivered_pct": 100.0 * len(latencies) / expected if expected else 0.0,
        "p50_ms": 1000 * latencies[len(latencies) // 2] if latencies else None,
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99)] if latencies else None,
        "ack_p50_ms": 1000 * sorted(acked)[len(acked) // 2] if acked else None,
    }
