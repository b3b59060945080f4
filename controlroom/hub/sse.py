"""Server-Sent Events: backfill from a seq, then live events, with keep-alive comments."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

from starlette.requests import Request
from starlette.responses import StreamingResponse

from controlroom.hub.context import Hub
from controlroom.hub.errors import ApiError
from controlroom.hub.eventlog import EventRow

KEEPALIVE = b": keep-alive\n\n"


def resume_point(request: Request, hub: Hub) -> int:
    """Last-Event-ID wins over ?after=; with neither, the stream starts from now."""
    raw = request.headers.get("last-event-id") or request.query_params.get("after")
    if raw is None or raw == "":
        return hub.broadcaster.last_seq
    try:
        value = int(raw)
    except ValueError as exc:
        raise ApiError(400, "bad_request", f"resume point {raw!r} is not a seq number") from exc
    if value < 0:
        raise ApiError(400, "bad_request", "resume point must not be negative")
    return value


def stream(
    hub: Hub, after: int, accepts: Callable[[EventRow], bool], expires_at: float | None = None
) -> StreamingResponse:
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(
        _frames(hub, after, accepts, expires_at), media_type="text/event-stream", headers=headers
    )


async def _frames(
    hub: Hub, after: int, accepts: Callable[[EventRow], bool], expires_at: float | None
) -> AsyncIterator[bytes]:
    broadcaster = hub.broadcaster
    subscriber = broadcaster.subscribe(accepts)
    try:
        yield b"retry: 2000\n\n"
        last = after
        async for rows in _backfill(hub, after):
            frames = [row.sse_frame() for row in rows if accepts(row)]
            last = rows[-1].seq
            if frames:
                yield b"".join(frames)
        while True:
            timeout = hub.keepalive_s
            if expires_at is not None:
                timeout = min(timeout, expires_at - time.time())
                if timeout <= 0:
                    return  # the token expired: the client reconnects with a fresh one
            try:
                await asyncio.wait_for(subscriber.wakeup.wait(), timeout)
            except TimeoutError:
                yield KEEPALIVE
                continue
            if subscriber.closed:
                return
            frames = []
            for row in subscriber.take():
                if row.seq > last:
                    last = row.seq
                    frames.append(row.sse_frame())
            if frames:
                yield b"".join(frames)
    finally:
        broadcaster.unsubscribe(subscriber)


async def _backfill(hub: Hub, after: int) -> AsyncIterator[list[EventRow]]:
    """Everything committed after `after` up to what live delivery has reached."""
    broadcaster = hub.broadcaster
    cursor = after
    while cursor < broadcaster.last_seq:
        rows = broadcaster.recent_after(cursor)
        if rows is None:
            rows = await asyncio.to_thread(broadcaster.read_after, cursor)
        if not rows:
            return
        yield rows
        cursor = rows[-1].seq
