"""The hub's public API as the simulator uses it: sign in, provision devices, device traffic."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx
import orjson
from httpx_sse import SSEError, aconnect_sse

from controlroom.sim.http import HttpError, Pool, Reply

log = logging.getLogger(__name__)

JSON = {"Content-Type": "application/json"}


class ApiError(Exception):
    def __init__(self, reply: Reply, what: str) -> None:
        super().__init__(f"{what}: HTTP {reply.status} {reply.body[:300]!r}")
        self.status = reply.status


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class StreamPoint:
    """Where a device's stream has got to: the seq of the last event it read."""

    last: str = ""


Connected = Callable[[], None]


def _document(data: str) -> dict | None:
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError:
        log.warning("device stream: a frame that is not JSON was skipped: %.80s", data)
        return None
    if not isinstance(document, dict):
        log.warning("device stream: a frame that is not an object was skipped: %.80s", data)
        return None
    return document


class HubApi:
    """A signed-in user (for provisioning and incidents) plus calls made with device tokens."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self._access = ""
        self._refresh = ""
        self._expires = 0.0
        self.role = ""
        self._stream_client: httpx.AsyncClient | None = None

    async def _json(self, method: str, path: str, body, headers: dict) -> Reply:
        data = orjson.dumps(body) if body is not None else b""
        return await self.pool.request(method, path, data, {**JSON, **headers})

    def _take_tokens(self, reply: Reply) -> None:
        doc = orjson.loads(reply.body)
        self._access, self._refresh = doc["access_token"], doc["refresh_token"]
        self._expires = time.monotonic() + float(doc.get("expires_in", 900))
        self.role = doc.get("role", "")

    async def sign_in(self, username: str, password: str) -> str:
        body = {"username": username, "password": password}
        reply = await self._json("POST", "/api/v1/auth/token", body, {})
        if reply.status != 200:
            raise ApiError(reply, "sign in")
        self._take_tokens(reply)
        return self.role

    async def _user_headers(self) -> dict:
        if time.monotonic() > self._expires - 60:
            body = {"refresh_token": self._refresh}
            reply = await self._json("POST", "/api/v1/auth/refresh", body, {})
            if reply.status != 200:
                raise ApiError(reply, "refresh")
            self._take_tokens(reply)
        return bearer(self._access)

    async def as_user(self, method: str, path: str, body=None) -> Reply:
        return await self._json(method, path, body, await self._user_headers())

    async def provision(self, callsign: str, mode: str, team: str) -> str:
        """A fresh device token for the unit, in its team; its earlier devices are revoked."""
        body = {"callsign": callsign, "mode": mode, "team": team, "replace": True}
        reply = await self.as_user("POST", "/api/v1/admin/devices", body)
        if reply.status != 201:
            raise ApiError(reply, f"provision {callsign}")
        return orjson.loads(reply.body)["token"]

    async def raise_incident(self, body: dict) -> Reply:
        fields = {k: body[k] for k in ("summary", "grade", "lat", "lon", "location_text")}
        return await self.as_user("POST", "/api/v1/incidents", fields)

    async def incident_place(self, incident_id) -> tuple[float, float] | None:
        reply = await self.as_user("GET", f"/api/v1/incidents/{int(incident_id)}")
        if reply.status != 200:
            return None
        incident = orjson.loads(reply.body)
        return incident["lat"], incident["lon"]

    async def device(self, token: str, method: str, path: str, body) -> Reply:
        return await self._json(method, path, body, bearer(token))

    async def attachment(
        self, token: str, capture_id: str, name: str, data: bytes, content_type: str, sha256: str
    ) -> Reply:
        headers = {**bearer(token), "Content-Type": content_type, "X-Content-SHA256": sha256}
        path = f"/api/v1/device/captures/{capture_id}/attachments/{name}"
        return await self.pool.request("PUT", path, data, headers)

    async def device_events(
        self, token: str, point: StreamPoint | None = None, connected: Connected | None = None
    ) -> AsyncIterator[tuple[str, dict]]:
        """(event type, document) from the device stream, reconnecting from the last seq (kept
        in `point`, so a stream started again resumes too); `connected()` is called each time
        the stream opens, before its events are read. A frame that is not JSON is skipped."""
        point = point or StreamPoint()
        while True:
            headers = bearer(token)
            if point.last:
                headers["Last-Event-ID"] = point.last
            try:
                async with aconnect_sse(
                    self._streams(), "GET", "/api/v1/device/events", headers=headers
                ) as source:
                    if source.response.status_code == 200:
                        if connected is not None:
                            connected()
                        async for event in source.aiter_sse():
                            if event.data:  # not the retry hint or a keep-alive
                                point.last = event.id or point.last
                                document = _document(event.data)
                                if document is not None:
                                    yield event.event, document
            except (httpx.HTTPError, SSEError, HttpError, ApiError) as exc:
                log.debug("device stream dropped: %s", exc)
            await asyncio.sleep(2.0)

    def _streams(self) -> httpx.AsyncClient:
        """One client for every device's stream: a connection each, none kept idle."""
        if self._stream_client is None:
            self._stream_client = httpx.AsyncClient(
                base_url=self.pool.url,
                timeout=httpx.Timeout(10.0, read=60.0),
                limits=httpx.Limits(max_connections=None, max_keepalive_connections=0),
            )
        return self._stream_client

    async def close(self) -> None:
        if self._stream_client is not None:
            await self._stream_client.aclose()
