"""A lean HTTP/1.1 client on asyncio streams, for the simulator's high-rate device traffic.

Keep-alive connections in a small pool, Content-Length and chunked bodies, and a streaming GET
for Server-Sent Events. httpx costs several times more CPU per request, which matters at
500 requests/s on one core (see bench/sim.py).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from controlroom.hub.limits import CLIENT_IDLE_S


class HttpError(Exception):
    """The connection failed or the reply was not HTTP."""


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def split_url(url: str) -> tuple[str, int, str]:
    parts = urlsplit(url)
    if parts.scheme != "http":
        raise ValueError(f"only http:// hub URLs are supported, not {url!r}")
    return parts.hostname or "127.0.0.1", parts.port or 80, parts.path.rstrip("/")


def _request_bytes(method: str, target: str, host: str, headers: dict, body: bytes) -> bytes:
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def _read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split(" ", 2)[1])
    except (IndexError, ValueError) as exc:
        raise HttpError(f"not an HTTP reply: {lines[0]!r}") from exc
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    return status, headers


async def _chunks(reader: asyncio.StreamReader) -> AsyncIterator[bytes]:
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return
        data = await reader.readexactly(size + 2)
        yield data[:-2]


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if headers.get("transfer-encoding", "").lower() == "chunked":
        return b"".join([c async for c in _chunks(reader)])
    return await reader.readexactly(int(headers.get("content-length", "0")))


class Pool:
    """Up to `size` keep-alive connections to one host, shared by every simulated device."""

    def __init__(self, url: str, size: int = 16, timeout: float = 30.0) -> None:
        self.url = url
        self.host, self.port, self.prefix = split_url(url)
        self.timeout = timeout
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []
        self._slots = asyncio.Semaphore(size)

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: dict | None = None
    ) -> Reply:
        async with self._slots:
            for attempt in (1, 2):  # a kept-alive connection may have been closed by the server
                conn = self._reuse() if attempt == 1 else None
                conn = conn or await self._connect()
                try:
                    reply = await asyncio.wait_for(
                        self._exchange(conn, method, path, body, headers or {}), self.timeout
                    )
                except (OSError, asyncio.IncompleteReadError, HttpError, TimeoutError) as exc:
                    conn[1].close()
                    if attempt == 2:
                        raise HttpError(f"{method} {path}: {exc!r}") from exc
                    continue
                if reply.headers.get("connection", "").lower() == "close":
                    conn[1].close()
                else:
                    self._idle.append((*conn, time.monotonic()))
                return reply
        raise AssertionError("unreachable")

    def _reuse(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        """The most recently used idle connection that the server has not yet timed out."""
        while self._idle:
            reader, writer, used = self._idle.pop()
            if time.monotonic() - used < CLIENT_IDLE_S and not writer.is_closing():
                return reader, writer
            writer.close()
        return None

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        try:
            return await asyncio.open_connection(self.host, self.port)
        except OSError as exc:
            raise HttpError(f"cannot connect to {self.host}:{self.port}: {exc}") from exc

    async def _exchange(self, conn, method, path, body, headers) -> Reply:
        reader, writer = conn
        writer.write(_request_bytes(method, self.prefix + path, self.host, headers, body))
        status, head = await _read_head(reader)
        return Reply(status, head, await _read_body(reader, head))

    async def close(self) -> None:
        for _, writer, _ in self._idle:
            writer.close()
        self._idle.clear()
