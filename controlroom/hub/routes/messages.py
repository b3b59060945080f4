"""Messages between the control room and units: send, history, read receipts, and the
officer's side."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from controlroom.contract import documents as doc
from controlroom.contract import requests as req
from controlroom.contract.openapi import request_body, response
from controlroom.hub import messages
from controlroom.hub.auth import OPERATIONS, client_of, device_from, hub_of, roles
from controlroom.hub.body import decode
from controlroom.hub.commands import audit_only
from controlroom.hub.context import UserIdentity
from controlroom.hub.respond import actor_of, json_response
from controlroom.hub.routes.device import router as device_router
from controlroom.permissions import Can, holders

router = APIRouter(prefix="/api/v1", tags=["messages"])
SENDERS = holders(Can.MESSAGE_UNITS)


@router.post(
    "/messages",
    status_code=201,
    summary="Send a text to a unit's device",
    openapi_extra=request_body(req.MessageIn),
    responses={201: response(doc.Message, "sent")},
)
async def send(request: Request, user: UserIdentity = roles(*SENDERS)) -> Response:
    body = await decode(request, req.MessageIn)
    job = messages.send_message(body.callsign, body.text, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job), 201)


@router.get(
    "/messages",
    summary="Messages newest first, of one unit or all (audited)",
    responses={200: response(doc.Messages)},
)
async def history(
    request: Request,
    callsign: str | None = Query(None, max_length=32),
    before: int | None = Query(None, ge=1, le=2**62, description="page back from this id"),
    limit: int = Query(200, ge=1, le=1000),
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    hub = hub_of(request)
    found = await asyncio.to_thread(messages.history, hub.engine, callsign, before, limit)
    target = f"unit:{callsign}" if callsign else "messages"
    await hub.writer.run(audit_only(actor_of(user), "message.list", target, client_of(request)))
    return json_response(doc.Messages(messages=found))


@router.post(
    "/messages/{message_id}/read",
    summary="Mark a unit's message read: every workstation sees who opened it",
)
async def read(
    message_id: int, request: Request, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    job = messages.mark_read(message_id, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job))


@device_router.post(
    "/messages",
    status_code=201,
    summary="A text from the officer to the control room",
    openapi_extra=request_body(req.DeviceMessageIn),
    responses={201: response(doc.Message, "received")},
)
async def from_device(request: Request) -> Response:
    device = await device_from(request)
    body = await decode(request, req.DeviceMessageIn)
    job = messages.message_from_unit(device, body.text, client_of(request))
    return json_response(await hub_of(request).writer.run(job), 201)
