"""Dispatch endpoints: grading, unit status, messages and emergencies."""

from __future__ import annotations

import asyncio
import time
from typing import Literal

import orjson
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.responses import Response

from controlroom.geo.routing import router as road_router
from controlroom.hub import dispatch
from controlroom.hub.auth import DISPATCH, OPERATIONS, client_of, device_from, hub_of, roles
from controlroom.hub.commands import INCIDENTS, TASKS, UNITS
from controlroom.hub.context import UserIdentity
from controlroom.hub.errors import not_found
from controlroom.hub.queries import active_emergencies
from controlroom.hub.records import incident_doc, task_doc
from controlroom.hub.respond import actor_of, json_response
from controlroom.hub.routes.device import router as device_router
from controlroom.recommend import recommend
from controlroom.store.schema import Event, IncidentGrading
from controlroom.timeutil import to_iso

router = APIRouter(prefix="/api/v1", tags=["dispatch"])
Grade = Literal["immediate", "priority", "scheduled", "resolution"]
EVENTS, GRADINGS = Event.__table__, IncidentGrading.__table__


class GradeIn(BaseModel):
    grade: Grade
    reason: str = Field(min_length=1, max_length=2000, description="why the grade changed")
    thrive: dict[str, str] = Field(default_factory=dict)


class CloseIn(BaseModel):
    reason: str = Field("", max_length=2000)


@router.post("/incidents/{incident_id}/grade", summary="Re-grade an incident (who and why kept)")
async def regrade(
    incident_id: int, body: GradeIn, request: Request, user: UserIdentity = roles(*DISPATCH)
) -> Response:
    job = dispatch.regrade_incident(
        incident_id, body.grade, body.thrive, body.reason, actor_of(user), client_of(request)
    )
    return json_response(await hub_of(request).writer.run(job))


@router.post("/incidents/{incident_id}/close", summary="Close an incident and its open tasks")
async def close(
    incident_id: int, body: CloseIn, request: Request, user: UserIdentity = roles(*DISPATCH)
) -> Response:
    job = dispatch.close_incident(incident_id, body.reason, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job))


@router.get("/incidents/{incident_id}", summary="An incident with its gradings and tasks")
async def get_incident(
    incident_id: int, request: Request, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    def read():
        with hub_of(request).engine.connect() as connection:
            row = connection.execute(select(INCIDENTS).where(INCIDENTS.c.id == incident_id)).first()
            if row is None:
                return None
            doc = incident_doc(row)
            doc["gradings"] = [
                {
                    "grade": g.grade,
                    "thrive": orjson.loads(g.thrive),
                    "reason": g.reason,
                    "by": g.graded_by,
                    "at": to_iso(g.graded_at),
                }
                for g in connection.execute(
                    select(GRADINGS)
                    .where(GRADINGS.c.incident_id == incident_id)
                    .order_by(GRADINGS.c.id)
                )
            ]
            doc["tasks"] = [
                task_doc(t, t.callsign)
                for t in connection.execute(
                    select(TASKS, UNITS.c.callsign)
                    .join(UNITS, UNITS.c.id == TASKS.c.unit_id)
                    .where(TASKS.c.incident_id == incident_id)
                    .order_by(TASKS.c.id)
                )
            ]
            return doc

    doc = await asyncio.to_thread(read)
    if doc is None:
        raise not_found(f"no incident {incident_id}")
    return json_response(doc)


@router.get("/incidents/{incident_id}/timeline", summary="Every event of an incident, in order")
async def timeline(
    incident_id: int, request: Request, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    def read():
        with hub_of(request).engine.connect() as connection:
            return [
                {
                    "seq": r.seq,
                    "type": r.type,
                    "at": to_iso(r.at),
                    "payload": orjson.loads(r.payload),
                }
                for r in connection.execute(
                    select(EVENTS).where(EVENTS.c.incident_id == incident_id).order_by(EVENTS.c.seq)
                )
            ]

    return json_response({"incident_id": incident_id, "events": await asyncio.to_thread(read)})


class UnitStatusIn(BaseModel):
    status: str
    reason: str = Field("", max_length=2000)


@router.post("/units/{callsign}/status", summary="Change a unit's status by hand (audited)")
async def unit_status(
    callsign: str, body: UnitStatusIn, request: Request, user: UserIdentity = roles(*DISPATCH)
) -> Response:
    job = dispatch.set_unit_status(
        callsign, body.status, body.reason, actor_of(user), client_of(request)
    )
    return json_response(await hub_of(request).writer.run(job))


class MessageIn(BaseModel):
    callsign: str = Field(min_length=1, max_length=32)
    text: str = Field(min_length=1, max_length=2000)


class DeviceMessageIn(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


@router.post("/messages", status_code=201, summary="Send a text to a unit's device")
async def message(
    body: MessageIn, request: Request, user: UserIdentity = roles(*DISPATCH)
) -> Response:
    job = dispatch.send_message(body.callsign, body.text, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job), 201)


@router.get("/emergencies", summary="Emergencies not yet ended")
async def emergencies(request: Request, user: UserIdentity = roles(*OPERATIONS)) -> Response:
    return json_response(
        {"emergencies": await asyncio.to_thread(active_emergencies, hub_of(request).engine)}
    )


@router.post(
    "/emergencies/{emergency_id}/acknowledge",
    summary="Acknowledge an emergency: clears the alarm on every workstation",
)
async def acknowledge(
    emergency_id: int, request: Request, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    job = dispatch.acknowledge_emergency(emergency_id, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job))


@router.post("/emergencies/{emergency_id}/resolve", summary="End an emergency")
async def resolve(
    emergency_id: int, request: Request, user: UserIdentity = roles(*DISPATCH)
) -> Response:
    job = dispatch.end_emergency(emergency_id, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job))


class EmergencyIn(BaseModel):
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)


@device_router.post("/emergency", summary="The officer's emergency button")
async def device_emergency(request: Request, body: EmergencyIn | None = None) -> Response:
    device = await device_from(request)
    body = body or EmergencyIn()
    job = dispatch.raise_emergency(device, body.lat, body.lon, "device", client_of(request))
    doc, created = await hub_of(request).writer.run(job)
    return json_response(doc, 201 if created else 200)


@device_router.post("/emergency/cancel", summary="The officer cancels their own emergency")
async def device_cancel(request: Request) -> Response:
    device = await device_from(request)
    job = dispatch.end_emergency(None, f"device:{device.callsign}", client_of(request), device)
    return json_response(await hub_of(request).writer.run(job))


@device_router.post("/messages", status_code=201, summary="A text from the officer")
async def device_message(body: DeviceMessageIn, request: Request) -> Response:
    device = await device_from(request)
    job = dispatch.message_from_unit(device, body.text, client_of(request))
    return json_response(await hub_of(request).writer.run(job), 201)


async def _recommend(request: Request, lat: float, lon: float, exclude: str | None = None) -> list:
    """Units ranked along the roads; in a worker thread, as the first call loads the networks."""
    hub = hub_of(request)
    units = [u for u in hub.board.units() if u.callsign != exclude]
    now = time.time()

    def rank() -> list:
        return recommend(units, lat, lon, now, hub.stale_after_s, road_router())

    return [r.as_dict() for r in await asyncio.to_thread(rank)]


@router.get(
    "/incidents/{incident_id}/recommendations",
    summary="Deployable units ranked by estimated time of arrival, best first",
)
async def incident_recommendations(
    incident_id: int, request: Request, user: UserIdentity = roles(*DISPATCH)
) -> Response:
    def place():
        with hub_of(request).engine.connect() as connection:
            return connection.execute(
                select(INCIDENTS.c.lat, INCIDENTS.c.lon).where(INCIDENTS.c.id == incident_id)
            ).first()

    found = await asyncio.to_thread(place)
    if found is None:
        raise not_found(f"no incident {incident_id}")
    return json_response(
        {"incident_id": incident_id, "units": await _recommend(request, found.lat, found.lon)}
    )


@router.get(
    "/emergencies/{emergency_id}/recommendations",
    summary="The units nearest an officer in need of urgent assistance",
)
async def emergency_recommendations(
    emergency_id: int, request: Request, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    hub = hub_of(request)
    active = await asyncio.to_thread(active_emergencies, hub.engine)
    emergency = next((e for e in active if e["id"] == emergency_id), None)
    if emergency is None:
        raise not_found(f"no active emergency {emergency_id}")
    unit = hub.board.get(emergency["callsign"])
    lat = emergency["lat"] if emergency["lat"] is not None else unit and unit.lat
    lon = emergency["lon"] if emergency["lon"] is not None else unit and unit.lon
    if lat is None or lon is None:
        return json_response(
            {
                "emergency_id": emergency_id,
                "units": [],
                "detail": "the officer's position is not known",
            }
        )
    return json_response(
        {
            "emergency_id": emergency_id,
            "units": await _recommend(request, lat, lon, emergency["callsign"]),
        }
    )


class DeviceStatusIn(BaseModel):
    status: Literal["available", "refreshment", "off_duty"]


@device_router.post("/status", summary="The officer books on, takes refreshments or books off")
async def device_status(body: DeviceStatusIn, request: Request) -> Response:
    device = await device_from(request)
    job = dispatch.status_from_device(device, body.status, client_of(request))
    return json_response(await hub_of(request).writer.run(job))
