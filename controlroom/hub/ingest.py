"""Ping ingest, the hub's high-rate path, shared by the FastAPI route (which documents it) and
the raw ASGI fast path (which serves it without the framework's per-request layers)."""

from __future__ import annotations

import logging

import orjson

from controlroom.hub.batch import ServiceUnavailable, store_unavailable
from controlroom.hub.bodylimit import BodyTooLarge
from controlroom.hub.context import DeviceIdentity, Hub
from controlroom.hub.errors import RETRY_AFTER, ApiError
from controlroom.hub.limits import LIMITS
from controlroom.hub.wire import Rejected, decode_batch, decode_ping
from controlroom.security import token_digest
from controlroom.timeutil import now

log = logging.getLogger(__name__)
PATH = "/api/v1/device/pings"


async def ingest(hub: Hub, device: DeviceIdentity, body: bytes) -> tuple[int, dict]:
    """Store the acceptable pings of a batch; name the others by index. (status, document)"""
    received = now()
    try:
        raws = decode_batch(body)
    except Rejected as exc:
        return 422, {"error": exc.code, "detail": exc.detail}
    if len(raws) > LIMITS.pings_per_batch:
        return 413, {
            "error": "too_large",
            "detail": f"a batch holds at most {LIMITS.pings_per_batch} pings",
        }
    rows, rejected = [], []
    for index, raw in enumerate(raws):
        try:
            rows.append(decode_ping(raw, received))
        except Rejected as exc:
            rejected.append({"index": index, "error": exc.code, "detail": exc.detail})
    if not rows:
        detail = "no ping in the batch was acceptable" if raws else "the batch is empty"
        return 422, {"error": "invalid", "detail": detail, "rejected": rejected}
    accepted, event = await hub.writer.pings(device.unit_id, device.callsign, rows, received)
    return 200, {"accepted": accepted, "rejected": rejected, "seq": event.seq}


class PingFastPath:
    """Outermost ASGI layer: POST /api/v1/device/pings is answered here; all else passes on."""

    def __init__(self, app, hub: Hub):
        self.app = app
        self.hub = hub

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        try:
            status, document = await self._handle(scope, receive)
        except ApiError as exc:
            status, document = exc.status, {"error": exc.code, "detail": exc.detail}
        except BodyTooLarge as exc:
            status, document = 413, {"error": "too_large", "detail": exc.detail}
        except ServiceUnavailable as exc:
            status, document = 503, {"error": "unavailable", "detail": f"{exc}; try again"}
        except Exception as exc:
            if store_unavailable(exc):
                log.warning("ping ingest: the store is unavailable: %s", exc)
            else:
                log.exception("ping ingest failed")
            status, document = 503, {"error": "unavailable", "detail": "try again"}
        body = orjson.dumps(document)
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        if status == 401:
            headers.append((b"www-authenticate", b"Bearer"))
        elif status == 503:
            headers.append((b"retry-after", RETRY_AFTER.encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _handle(self, scope, receive) -> tuple[int, dict]:
        authorization = length = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value
            elif name == b"content-length":
                length = value
        if length is not None and (not length.isdigit() or int(length) > LIMITS.body_bytes):
            raise BodyTooLarge(LIMITS.body_bytes)
        scheme, _, token = (authorization or b"").partition(b" ")
        if scheme.lower() != b"bearer" or not token:
            raise ApiError(401, "unauthorized", "a bearer token is required")
        device = await self.hub.device_for(token_digest(token.strip().decode("latin-1")))
        if device is None:
            raise ApiError(401, "unauthorized", "device token is not valid or has been revoked")
        return await ingest(self.hub, device, await _read_body(receive))


async def _read_body(receive) -> bytes:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ApiError(400, "bad_request", "client went away")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > LIMITS.body_bytes:
            raise BodyTooLarge(LIMITS.body_bytes)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)
