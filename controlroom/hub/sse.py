"""Server-Sent Events: backfill from a seq, then live events, with keep-alive comments."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator

from starlette.requests import Request
from starlette.responses import StreamingResponse

from controlroom.hub.context import Hub
from controlroom.hub.errors import ApiError
from controlroom.hub.eventlog import EventRow

KEEPALIVE = b": keep-alive\n\n"
MAX_SEQ = 2**63 - 1  # seqs are 64-bit integers in both stores
CHUNK_BYTES = 256 << 10


async def resume_point(request: Request, hub: Hub) -> int:
    """Last-Event-ID wins over ?after=; with neither, the stream starts from now. A point
    ahead of the store's newest seq (a client of a hub since restored from a backup) is
    refused with the current seq, so the client starts again from a snapshot."""
    raw = request.headers.get("last-event-id") or request.query_params.get("after")
    if raw is None or raw == "":
        return hub.broadcaster.last_seq
    value = _seq_number(raw.strip())
    if value > hub.broadcaster.last_seq:
        current = await asyncio.to_thread(hub.broadcaster.store_seq)
        if value > current:
            raise ApiError(
                409,
                "ahead_of_hub",
                f"resume point {value} is ahead of the hub's newest event {current}: "
                "start again from a snapshot",
                extra={"seq": current},
            )
    return value


def _seq_number(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 19 or int(raw) > MAX_SEQ:
        raise ApiError(
            400, "bad_request", f"resume point {raw[:40]!r} is not a seq number (0 to {MAX_SEQ})"
        )
    return int(raw)


def stream(
    hub: Hub,
    after: int,
    accepts: Callable[[EventRow], bool],
    expires_at: float | None = None,
    ends: Callable[[EventRow], bool] | None = None,
) -> StreamingResponse:
    """An SSE response; `ends` names an event after which the stream closes (a revocation)."""
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(
        _frames(hub, after, accepts, expires_at, ends),
        media_type="text/event-stream",
        headers=headers,
    )


async def _frames(
    hub: Hub,
    after: int,
    accepts: Callable[[EventRow], bool],
    expires_at: float | None,
    ends: Callable[[EventRow], bool] | None,
) -> AsyncIterator[bytes]:
    broadcaster = hub.broadcaster
    subscriber = broadcaster.subscribe(accepts)
    try:
        yield b"retry: 2000\n\n"
        last = after
        async for rows in _backfill(hub, after):
            for chunk in _chunks(row.sse_frame() for row in rows if accepts(row)):
                yield chunk
            last = rows[-1].seq
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
            frames, ending = [], False
            for row in subscriber.take():
                if row.seq > last:
                    last = row.seq
                    frames.append(row.sse_frame())
                    ending = ending or (ends is not None and ends(row))
            for chunk in _chunks(frames):
                yield chunk
            if ending:
                return
    finally:
        broadcaster.unsubscribe(subscriber)


def _chunks(frames: Iterable[bytes], limit: int = CHUNK_BYTES) -> Iterator[bytes]:
    """Frames joined into writes of about `limit` bytes: a stream's next write waits until
    the client has taken the last, so this bounds what one stream holds in memory."""
    chunk: list[bytes] = []
    size = 0
    for frame in frames:
        chunk.append(frame)
        size += len(frame)
        if size >= limit:
            yield b"".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield b"".join(chunk)


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
