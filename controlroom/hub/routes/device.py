"""The device API: what officers' tablets (and the simulator) call."""

from __future__ import annotations

import asyncio
import re

import orjson
from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.responses import Response

from controlroom.hub import blobs, commands
from controlroom.hub.auth import client_of, device_from, hub_of
from controlroom.hub.capture_fields import checked_fields
from controlroom.hub.errors import ApiError, invalid
from controlroom.hub.ingest import ingest
from controlroom.hub.limits import LIMITS
from controlroom.hub.respond import json_response
from controlroom.hub.sse import resume_point, stream
from controlroom.hub.wire import Rejected, decode_capture
from controlroom.timeutil import now
from controlroom.vocabulary import CAPTURE_KINDS

router = APIRouter(prefix="/api/v1/device", tags=["device"])

PING_SCHEMA = {
    "type": "object",
    "required": ["lat", "lon", "at"],
    "properties": {
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "lon": {"type": "number", "minimum": -180, "maximum": 180},
        "at": {"type": "string", "format": "date-time", "description": "ISO 8601 with a zone"},
        "accuracy_m": {"type": "number", "minimum": 0},
        "speed_mps": {"type": "number", "minimum": 0},
        "heading_deg": {"type": "number", "minimum": 0, "maximum": 360},
        "battery_pct": {"type": "number", "minimum": 0, "maximum": 100},
    },
}
BATCH_SCHEMA = {
    "type": "object",
    "required": ["pings"],
    "properties": {
        "pings": {"type": "array", "maxItems": LIMITS.pings_per_batch, "items": PING_SCHEMA}
    },
}
CAPTURE_SCHEMA = {
    "type": "object",
    "required": ["id", "kind", "at", "lat", "lon"],
    "properties": {
        "id": {"type": "string", "format": "uuid", "description": "made on the device"},
        "kind": {"type": "string", "enum": list(CAPTURE_KINDS)},
        "at": {"type": "string", "format": "date-time"},
        "lat": {"type": "number"},
        "lon": {"type": "number"},
        "summary": {"type": "string"},
        "fields": {"type": "object"},
    },
}


@router.post(
    "/pings",
    summary="Report a batch of positions",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": BATCH_SCHEMA}}}
    },
    responses={200: {"description": "accepted count, rejected items by index, last seq"}},
)
async def post_pings(request: Request) -> Response:
    device = await device_from(request)
    status, document = await ingest(hub_of(request), device, await request.body())
    return json_response(document, status)


@router.post(
    "/captures",
    summary="Send a capture (idempotent on its id)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": CAPTURE_SCHEMA}},
        }
    },
    responses={201: {"description": "stored"}, 200: {"description": "already stored"}},
)
async def post_capture(request: Request) -> Response:
    device = await device_from(request)
    try:
        capture, at = decode_capture(await request.body(), now())
        capture.fields, handling = checked_fields(capture.fields)
    except Rejected as exc:
        raise ApiError(422, exc.code, exc.detail) from exc
    if len(orjson.dumps(capture.fields)) > LIMITS.fields_bytes:
        raise ApiError(413, "too_large", f"fields are larger than {LIMITS.fields_bytes} bytes")
    job = commands.store_capture(device, capture, at, handling, client_of(request))
    doc, created = await hub_of(request).writer.run(job)
    return json_response(doc, 201 if created else 200)


_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


@router.put(
    "/captures/{capture_id}/attachments/{name}",
    summary="Upload an attachment; X-Content-SHA256 must match the bytes",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
    responses={201: {"description": "stored"}, 422: {"description": "hash_mismatch"}},
)
async def put_attachment(capture_id: str, name: str, request: Request) -> Response:
    device = await device_from(request)
    if not _NAME.match(name):
        raise invalid("attachment name may hold letters, digits, '.', '_' and '-' only")
    claimed = request.headers.get("x-content-sha256", "").lower()
    if not re.fullmatch(r"[0-9a-f]{64}", claimed):
        raise ApiError(400, "bad_request", "X-Content-SHA256 must be the hex SHA-256 of the body")
    hub = hub_of(request)
    # Refused before a byte is stored: an unknown capture, or a name taken by other content.
    await asyncio.to_thread(
        commands.attachment_acceptable, hub.engine, device, capture_id, name, claimed
    )
    temp, size, digest = await blobs.receive(request.stream(), hub.attachments_dir)
    try:
        if digest != claimed:
            raise ApiError(
                422, "hash_mismatch", f"body hashes to {digest}, not the X-Content-SHA256 {claimed}"
            )
        meta = {
            "name": name,
            "sha256": digest,
            "size": size,
            "content_type": request.headers.get("content-type", "application/octet-stream")[:100],
        }
        job = commands.store_attachment(
            device,
            capture_id,
            meta,
            client_of(request),
            lambda: blobs.place(temp, hub.attachments_dir, digest),
        )
        doc, created = await hub.writer.run(job)
    finally:
        temp.unlink(missing_ok=True)  # gone already when it was placed
    return json_response(doc, 201 if created else 200)


class TaskStatusIn(BaseModel):
    state: str
    note: str = ""


@router.post("/tasks/{task_id}/status", summary="Report progress on a task")
async def post_task_status(task_id: int, body: TaskStatusIn, request: Request) -> Response:
    device = await device_from(request)
    if body.state not in ("acknowledged", "en_route", "on_scene", "completed", "declined"):
        raise invalid(f"state {body.state!r} cannot be reported by a device")
    job = commands.update_task(
        task_id, body.state, body.note, f"device:{device.callsign}", client_of(request), device
    )
    return json_response(await hub_of(request).writer.run(job))


@router.get("/events", summary="Server-Sent Events addressed to this device's unit")
async def device_events(request: Request):
    device = await device_from(request)
    hub = hub_of(request)
    after = await resume_point(request, hub)
    unit_id, revoked = device.unit_id, str(device.device_id)

    def ends(row) -> bool:
        return row.type == "device.revoked" and row.subject == revoked

    return stream(hub, after, lambda row: row.to_unit == unit_id or ends(row), ends=ends)
