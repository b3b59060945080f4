"""Emergencies: the officer's button, acknowledgement by a named operator, the nearest units,
and ending one with its outcome."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from starlette.responses import Response

from controlroom.contract import documents as doc
from controlroom.contract import requests as req
from controlroom.contract.openapi import request_body, response
from controlroom.hub import emergencies
from controlroom.hub.auth import OPERATIONS, client_of, device_from, hub_of, roles
from controlroom.hub.body import decode
from controlroom.hub.context import UserIdentity
from controlroom.hub.errors import not_found
from controlroom.hub.queries import active_emergencies
from controlroom.hub.respond import actor_of, json_response
from controlroom.hub.routes.device import router as device_router
from controlroom.hub.routes.dispatch import ranked
from controlroom.permissions import Can, holders

router = APIRouter(prefix="/api/v1", tags=["emergencies"])
ENDERS = holders(Can.END_EMERGENCY)


@router.get("/emergencies", summary="Emergencies not yet ended")
async def list_emergencies(request: Request, user: UserIdentity = roles(*OPERATIONS)) -> Response:
    active = await asyncio.to_thread(active_emergencies, hub_of(request).engine)
    return json_response({"emergencies": active})


@router.post(
    "/emergencies/{emergency_id}/acknowledge",
    summary="Acknowledge an emergency: clears the alarm on every workstation",
    responses={200: response(doc.Emergency)},
)
async def acknowledge(
    emergency_id: int, request: Request, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    job = emergencies.acknowledge_emergency(emergency_id, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job))


@router.post(
    "/emergencies/{emergency_id}/resolve",
    summary="End an emergency, recording its outcome",
    openapi_extra=request_body(req.EmergencyEndIn),
    responses={200: response(doc.Emergency)},
)
async def resolve(
    emergency_id: int, request: Request, user: UserIdentity = roles(*ENDERS)
) -> Response:
    body = await decode(request, req.EmergencyEndIn)
    job = emergencies.end_emergency(
        emergency_id, actor_of(user), client_of(request), outcome=body.outcome
    )
    return json_response(await hub_of(request).writer.run(job))


@router.get(
    "/emergencies/{emergency_id}/recommendations",
    summary="The units nearest an officer in need of urgent assistance",
    responses={200: response(doc.Recommendations)},
)
async def emergency_recommendations(
    emergency_id: int, request: Request, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    hub = hub_of(request)
    active = await asyncio.to_thread(active_emergencies, hub.engine)
    emergency = next((e for e in active if e.id == emergency_id), None)
    if emergency is None:
        raise not_found(f"no active emergency {emergency_id}")
    lat, lon = emergency.lat, emergency.lon
    unit = hub.board.get(emergency.callsign)
    if (lat is None or lon is None) and unit is not None:
        lat, lon = unit.lat, unit.lon  # where the officer was last heard from
    if lat is None or lon is None:
        detail = "the officer's position is not known"
        return json_response(doc.Recommendations(emergency_id=emergency_id, detail=detail))
    units = await ranked(request, lat, lon, emergency.callsign)
    return json_response({"emergency_id": emergency_id, "units": units})


@device_router.post(
    "/emergency",
    summary="The officer's emergency button",
    openapi_extra=request_body(req.EmergencyIn, required=False),
    responses={201: response(doc.Emergency, "raised"), 200: response(doc.Emergency, "latched")},
)
async def device_emergency(request: Request) -> Response:
    device = await device_from(request)
    body = await decode(request, req.EmergencyIn, optional=True)
    job = emergencies.raise_emergency(device, body.lat, body.lon, "device", client_of(request))
    raised, created = await hub_of(request).writer.run(job)
    return json_response(raised, 201 if created else 200)


@device_router.post(
    "/emergency/cancel",
    summary="The officer cancels their own emergency",
    responses={200: response(doc.Emergency)},
)
async def device_cancel(request: Request) -> Response:
    device = await device_from(request)
    actor = f"device:{device.callsign}"
    job = emergencies.end_emergency(None, actor, client_of(request), device)
    return json_response(await hub_of(request).writer.run(job))
