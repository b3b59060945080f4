"""Small helpers for hub tests: times, pings and captures as a device would send them."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
from httpx_sse import EventSource, ServerSentEvent


def iso(offset_s: float = 0.0) -> str:
    return (datetime.now(UTC) + timedelta(seconds=offset_s)).isoformat()


def ping(lat=53.0245, lon=-2.1794, offset_s=0.0, **extra) -> dict:
    return {"lat": lat, "lon": lon, "at": iso(offset_s), **extra}


def capture(kind="note", **extra) -> dict:
    body = {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "at": iso(),
        "lat": 53.0245,
        "lon": -2.1794,
        "summary": "Youths gathering by the shops on Piccadilly",
        "fields": {"text": "Group of five, one in a red jacket."},
    }
    body.update(extra)
    return body


def frames(response: httpx.Response) -> Iterator[ServerSentEvent]:
    """Every frame of an SSE response as httpx-sse reads it: events, and (with empty data) the
    retry hint and, once an event has set the last id, each keep-alive."""
    return EventSource(response).iter_sse()


def read_events(
    client: httpx.Client, path: str, count: int, headers=None, timeout: float = 10.0
) -> list[ServerSentEvent]:
    """Open an SSE stream, read `count` events (or what came within `timeout`), then drop it.

    The hub sends keep-alive comments every second in tests, so the deadline is checked often."""
    got: list[ServerSentEvent] = []
    deadline = time.monotonic() + timeout
    with client.stream("GET", path, headers=headers or {}, timeout=timeout) as response:
        assert response.status_code == 200, response.read()
        for frame in frames(response):
            if frame.data:
                got.append(frame)
            if len(got) == count or time.monotonic() > deadline:
                break
    return got
