"""The device API: what officers' tablets (and the simulator) call."""

from __future__ import annotations

import asyncio
import re

import orjson
from fastapi import APIRouter, Request
from sqlalchemy import Connection
from starlette.responses import Response

from controlroom.contract import documents as doc
from controlroom.contract.events import EventType as E
from controlroom.contract.openapi import request_body, response
from controlroom.contract.requests import CaptureIn, DeviceTaskStatusIn, PingBatchDoc
from controlroom.hub import blobs, commands, revisions
from controlroom.hub.auth import client_of, device_from, hub_of
from controlroom.hub.body import decode
from controlroom.hub.capture_fields import checked_fields
from controlroom.hub.errors import ApiError, invalid
from controlroom.hub.ingest import ingest
from controlroom.hub.limits import LIMITS
from controlroom.hub.params import ATTACHMENT_NAME
from controlroom.hub.respond import json_response
from controlroom.hub.sse import resume_point, stream
from controlroom.hub.wire import Rejected, decode_capture
from controlroom.timeutil import now

router = APIRouter(prefix="/api/v1/device", tags=["device"])


@router.post(
    "/pings",
    summary="Report a batch of positions",
    openapi_extra={
        **request_body(PingBatchDoc),
    },
    responses={200: {"description": "accepted count, rejected items by index, last seq"}},
)
async def post_pings(request: Request) -> Response:
    device = await device_from(request)
    status, document = await ingest(hub_of(request), device, await request.body())
    return json_response(document, status)


@router.post(
    "/captures",
    summary="Send a capture (idempotent on its id and revision; the next revision amends it)",
    openapi_extra={
        **request_body(CaptureIn),
    },
    responses={
        201: response(doc.Capture, "stored (a new capture, or its next revision)"),
        200: response(doc.Capture, "already stored"),
        409: {"description": "other content under this id and revision, or a revision skipped"},
    },
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
    job = revisions.store_capture(device, capture, at, handling, client_of(request))
    doc, created = await hub_of(request).writer.run(job)
    return json_response(doc, 201 if created else 200)


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
    if not ATTACHMENT_NAME.match(name):
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
        await asyncio.to_thread(hub.blobs.stage, temp, digest, size)
        meta = {
            "name": name,
            "sha256": digest,
            "size": size,
            "content_type": request.headers.get("content-type", "application/octet-stream")[:100],
        }

        def place(connection: Connection) -> None:
            hub.blobs.place(connection, temp, digest)

        job = commands.store_attachment(device, capture_id, meta, client_of(request), place)
        stored, created = await hub.writer.run(job)
    finally:
        temp.unlink(missing_ok=True)  # gone already when it was placed
    return json_response(stored, 201 if created else 200)


@router.post(
    "/tasks/{task_id}/status",
    summary="Report progress on a task",
    openapi_extra=request_body(DeviceTaskStatusIn),
    responses={200: response(doc.Task)},
)
async def post_task_status(task_id: int, request: Request) -> Response:
    device = await device_from(request)
    body = await decode(request, DeviceTaskStatusIn)
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
        return row.type == E.DEVICE_REVOKED and row.subject == revoked

    return stream(hub, after, lambda row: row.to_unit == unit_id or ends(row), ends=ends)
