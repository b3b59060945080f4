"""Dispatch endpoints: incidents (grade, close, detail, timeline), recommendations, and unit
status by hand or booked from the device."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import msgspec
import orjson
from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.responses import Response

from controlroom.contract import documents as doc
from controlroom.contract import requests as req
from controlroom.contract.openapi import request_body, response
from controlroom.geo.routing import router as road_router
from controlroom.hub import dispatch
from controlroom.hub.auth import DISPATCH, OPERATIONS, client_of, device_from, hub_of, roles
from controlroom.hub.body import decode
from controlroom.hub.commands import INCIDENTS, TASKS, UNITS
from controlroom.hub.context import UserIdentity
from controlroom.hub.errors import not_found
from controlroom.hub.records import incident_doc, task_doc
from controlroom.hub.respond import actor_of, json_response
from controlroom.hub.routes.device import router as device_router
from controlroom.recommend import recommend
from controlroom.store.schema import Event, IncidentGrading
from controlroom.timeutil import to_iso

router = APIRouter(prefix="/api/v1", tags=["dispatch"])
EVENTS, GRADINGS = Event.__table__, IncidentGrading.__table__


@router.post(
    "/incidents/{incident_id}/grade",
    summary="Re-grade an incident (who and why kept)",
    openapi_extra=request_body(req.GradeIn),
    responses={200: response(doc.Incident)},
)
async def regrade(
    incident_id: int, request: Request, user: UserIdentity = roles(*DISPATCH)
) -> Response:
    body = await decode(request, req.GradeIn)
    job = dispatch.regrade_incident(
        incident_id, body.grade, body.thrive, body.reason, actor_of(user), client_of(request)
    )
    return json_response(await hub_of(request).writer.run(job))


@router.post(
    "/incidents/{incident_id}/close",
    summary="Close an incident and its open tasks",
    openapi_extra=request_body(req.CloseIn, required=False),
    responses={200: response(doc.Incident)},
)
async def close(
    incident_id: int, request: Request, user: UserIdentity = roles(*DISPATCH)
) -> Response:
    body = await decode(request, req.CloseIn, optional=True)
    job = dispatch.close_incident(incident_id, body.reason, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job))


def _incident_detail(connection: Any, incident_id: int) -> doc.IncidentDetail | None:
    row = connection.execute(select(INCIDENTS).where(INCIDENTS.c.id == incident_id)).first()
    if row is None:
        return None
    gradings = [
        doc.IncidentGrading(
            grade=g.grade,
            thrive=orjson.loads(g.thrive),
            reason=g.reason,
            by=g.graded_by,
            at=to_iso(g.graded_at),
        )
        for g in connection.execute(
            select(GRADINGS).where(GRADINGS.c.incident_id == incident_id).order_by(GRADINGS.c.id)
        )
    ]
    tasks = [
        task_doc(t, t.callsign)
        for t in connection.execute(
            select(TASKS, UNITS.c.callsign)
            .join(UNITS, UNITS.c.id == TASKS.c.unit_id)
            .where(TASKS.c.incident_id == incident_id)
            .order_by(TASKS.c.id)
        )
    ]
    base = msgspec.structs.asdict(incident_doc(row))
    return doc.IncidentDetail(**base, gradings=gradings, tasks=tasks)


@router.get(
    "/incidents/{incident_id}",
    summary="An incident with its gradings and tasks",
    responses={200: response(doc.IncidentDetail)},
)
async def get_incident(
    incident_id: int, request: Request, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    def read() -> doc.IncidentDetail | None:
        with hub_of(request).engine.connect() as connection:
            return _incident_detail(connection, incident_id)

    found = await asyncio.to_thread(read)
    if found is None:
        raise not_found(f"no incident {incident_id}")
    return json_response(found)


@router.get(
    "/incidents/{incident_id}/timeline",
    summary="Every event of an incident, in order",
    responses={200: response(doc.Timeline)},
)
async def timeline(
    incident_id: int, request: Request, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    def read() -> list[doc.TimelineEntry]:
        query = select(EVENTS).where(EVENTS.c.incident_id == incident_id).order_by(EVENTS.c.seq)
        with hub_of(request).engine.connect() as connection:
            return [
                doc.TimelineEntry(
                    seq=r.seq, type=r.type, at=to_iso(r.at), payload=msgspec.Raw(r.payload)
                )
                for r in connection.execute(query)
            ]

    entries = await asyncio.to_thread(read)
    return json_response(doc.Timeline(incident_id=incident_id, events=entries))


@router.post(
    "/units/{callsign}/status",
    summary="Change a unit's status by hand (audited)",
    openapi_extra=request_body(req.UnitStatusIn),
)
async def unit_status(
    callsign: str, request: Request, user: UserIdentity = roles(*DISPATCH)
) -> Response:
    body = await decode(request, req.UnitStatusIn)
    job = dispatch.set_unit_status(
        callsign, body.status, body.reason, actor_of(user), client_of(request)
    )
    return json_response(await hub_of(request).writer.run(job))


async def ranked(request: Request, lat: float, lon: float, exclude: str | None = None) -> list:
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
    responses={200: response(doc.Recommendations)},
)
async def incident_recommendations(
    incident_id: int, request: Request, user: UserIdentity = roles(*DISPATCH)
) -> Response:
    def place() -> Any:
        with hub_of(request).engine.connect() as connection:
            return connection.execute(
                select(INCIDENTS.c.lat, INCIDENTS.c.lon).where(INCIDENTS.c.id == incident_id)
            ).first()

    found = await asyncio.to_thread(place)
    if found is None:
        raise not_found(f"no incident {incident_id}")
    return json_response(
        {"incident_id": incident_id, "units": await ranked(request, found.lat, found.lon)}
    )


@device_router.post(
    "/status",
    summary="The officer books on, takes refreshments or books off",
    openapi_extra=request_body(req.DeviceStatusIn),
)
async def device_status(request: Request) -> Response:
    device = await device_from(request)
    body = await decode(request, req.DeviceStatusIn)
    job = dispatch.status_from_device(device, body.status, client_of(request))
    return json_response(await hub_of(request).writer.run(job))
