"""LiveSession: a snapshot, then the event stream from its seq, for as long as the app runs.

A dropped stream is reopened with exponential backoff and resumes after the last applied seq,
so nothing is missed; the hub ends a stream when its access token expires, and the session then
reconnects at once with a fresh token. The connection state (connecting, live, reconnecting,
offline) and the time of the last word from the hub are kept for the status bar.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Callable
from enum import StrEnum
from typing import cast

import httpx
from httpx_sse import EventSource, aconnect_sse

from controlroom.client.hub import HubClient, HubError, SignInRefused
from controlroom.live.state import LiveState

log = logging.getLogger(__name__)


class Connection(StrEnum):
    CONNECTING = "connecting"
    LIVE = "live"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"


def backoff_delay(attempt: int, initial: float, maximum: float) -> float:
    """Exponential, capped, with +-20 % jitter so many clients do not return in step."""
    return min(maximum, initial * 2**attempt) * random.uniform(0.8, 1.2)


class LiveSession:
    def __init__(
        self,
        client: HubClient,
        state: LiveState,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 15.0,
        offline_after_s: float = 10.0,
        read_timeout_s: float = 45.0,
    ):
        self.client = client
        self.state = state
        self.backoff_initial_s = backoff_initial_s
        self.backoff_max_s = backoff_max_s
        self.offline_after_s = offline_after_s
        self.read_timeout_s = read_timeout_s
        self.connection = Connection.CONNECTING
        self.detail = ""
        self.last_contact_at: float | None = None  # any frame, keep-alives included
        self.connects = 0
        self.connection_changed: Callable[[Connection, str], None] | None = None
        self._dropped_at: float | None = None

    # ---- state ---------------------------------------------------------------------------

    def _set(self, connection: Connection, detail: str = "") -> None:
        if (connection, detail) == (self.connection, self.detail):
            return
        self.connection, self.detail = connection, detail
        log.info("hub connection: %s %s", connection, detail)
        if self.connection_changed is not None:
            self.connection_changed(connection, detail)

    def _trouble(self, detail: str) -> None:
        now = time.monotonic()
        self._dropped_at = self._dropped_at or now
        if self.connection is Connection.LIVE or now - self._dropped_at < self.offline_after_s:
            self._set(Connection.RECONNECTING, detail)
        else:
            self._set(Connection.OFFLINE, detail)

    # ---- running -------------------------------------------------------------------------

    async def run(self) -> None:
        """Load the snapshot, then stream until cancelled."""
        await self._retrying(self._load_snapshot)
        await self._retrying(self._stream_once, forever=True)

    async def _retrying(self, step, forever: bool = False) -> None:
        attempt = 0
        while True:
            try:
                if await step():
                    attempt = 0
                    if not forever:
                        return
                    continue
            except SignInRefused as exc:
                self._trouble(f"sign-in no longer accepted: {exc.detail}")
            except (httpx.HTTPError, HubError) as exc:
                self._trouble(str(getattr(exc, "detail", exc)) or type(exc).__name__)
            await asyncio.sleep(backoff_delay(attempt, self.backoff_initial_s, self.backoff_max_s))
            attempt += 1

    async def _load_snapshot(self) -> bool:
        self.state.load_snapshot(await self.client.snapshot())
        self.last_contact_at = time.time()
        return True

    async def _stream_once(self) -> bool:
        """One stream from the last applied seq. True when it ended cleanly after a while
        (a token expiry): the caller reconnects at once."""
        started = time.monotonic()
        headers = {**await self.client.auth_headers(), "Accept": "text/event-stream"}
        timeout = httpx.Timeout(10.0, read=self.read_timeout_s)
        params = {"after": self.state.seq}
        async with aconnect_sse(
            self.client.http,
            "GET",
            "/api/v1/events",
            params=params,
            headers=headers,
            timeout=timeout,
        ) as source:
            response = source.response
            if response.status_code == 401:
                await self.client.refresh()
                return True
            if response.is_error:
                await response.aread()
                raise HubError(f"event stream refused: HTTP {response.status_code}")
            self.connects += 1
            self._dropped_at = None
            self._set(Connection.LIVE)
            await self._read(source)
        if time.monotonic() - started > 1.0:
            return True  # a token expiry: reconnect at once
        self._trouble("the hub ended the stream")
        return False

    async def _read(self, source: EventSource) -> None:
        heard = cast(httpx.Response, _Heard(source.response, self._heard))  # what it reads of one
        async for event in EventSource(heard).aiter_sse():
            if not event.data:
                continue  # the retry hint, or a keep-alive after the first event
            try:
                self.state.apply_json(event.data)
            except Exception:  # a failing listener must not stop the stream
                log.exception("event %s not applied", event.id)

    def _heard(self) -> None:
        self.last_contact_at = time.time()


class _Heard:
    """The stream's response, noting every chunk (keep-alive comments included) as contact
    with the hub: the status bar says how long ago the hub was last heard."""

    def __init__(self, response: httpx.Response, heard: Callable[[], None]):
        self._response = response
        self._heard = heard

    @property
    def headers(self) -> httpx.Headers:
        return self._response.headers

    async def aiter_text(self) -> AsyncIterator[str]:
        async for text in self._response.aiter_text():
            self._heard()
            yield text
