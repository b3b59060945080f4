"""The control-room API: snapshot, live events, captures, tracks, tasks and incidents."""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from controlroom.contract import documents as doc
from controlroom.contract import requests as req
from controlroom.contract.events import DEVICE_ONLY, UNCLEARED_ONLY
from controlroom.contract.events import EventType as E
from controlroom.contract.openapi import request_body, response
from controlroom.hub import commands, filters, queries
from controlroom.hub.auth import DISPATCH, OPERATIONS, client_of, hub_of, roles
from controlroom.hub.body import decode
from controlroom.hub.context import UserIdentity
from controlroom.hub.errors import invalid, not_found
from controlroom.hub.params import stated
from controlroom.hub.reading import cleared, readable_capture
from controlroom.hub.respond import actor_of, json_response
from controlroom.hub.sse import MAX_SEQ, resume_point, stream
from controlroom.hub.writer import Tx
from controlroom.vocabulary import CAPTURE_KINDS, TRIAGE_STATUSES

router = APIRouter(prefix="/api/v1", tags=["control room"])
# Sent to every unit of a team, one copy each; workstations read the copy addressed to none.
TEAM_COPIES = (E.BRIEFING_PUBLISHED, E.BRIEFING_ITEM_WITHDRAWN)


@router.get("/snapshot", summary="Current state and the seq it reflects")
async def snapshot(request: Request, user: UserIdentity = roles(*OPERATIONS)) -> Response:
    hub = hub_of(request)
    audit = commands.audit_only(actor_of(user), "snapshot.read", "snapshot", client_of(request))
    await hub.writer.run(audit)
    return json_response(await asyncio.to_thread(queries.snapshot, hub.engine, cleared(user)))


@router.get(
    "/events",
    summary="Server-Sent Events: id = seq; resume with Last-Event-ID or ?after=",
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def events(
    request: Request,
    after: int | None = Query(None, ge=0, le=MAX_SEQ, description="resume after this seq"),
    user: UserIdentity = roles(*OPERATIONS),
):
    hub = hub_of(request)
    start = await resume_point(request, hub)
    may_read_c = cleared(user)
    audit = commands.audit_only(
        actor_of(user), "events.subscribe", "events", client_of(request), {"after": start}
    )
    await hub.writer.run(audit)
    me = str(user.user_id)

    def accepts(row) -> bool:
        if row.type == E.USER_CHANGED:  # only to the user it names, whose stream then ends
            return row.subject == me
        if row.type in DEVICE_ONLY:
            return False
        if row.type in TEAM_COPIES and row.to_unit is not None:  # each unit's copy of one
            return False
        if row.type in UNCLEARED_ONLY:  # what these roles may now see of a capture
            return not may_read_c
        return may_read_c or not row.restricted

    def ends(row) -> bool:
        return row.type == E.USER_CHANGED and row.subject == me

    return stream(hub, start, accepts, user.expires_at, ends)


@router.get("/captures", summary="Captures, newest first, with filters")
async def list_captures(
    request: Request,
    kind: str | None = Query(None, description="one capture kind"),
    status: str | None = Query(None, description="review states, comma-separated (any of them)"),
    officer: str | None = Query(None, max_length=32, description="the capturing unit's call sign"),
    since: str | None = Query(None, description="ISO 8601, inclusive"),
    until: str | None = Query(None, description="ISO 8601, inclusive"),
    bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
    limit: int = Query(200, ge=1, le=1000),
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    if kind is not None and kind not in CAPTURE_KINDS:
        raise invalid(f"kind must be one of {', '.join(CAPTURE_KINDS)}")
    f = queries.CaptureFilter(
        kind,
        _statuses(status),
        *filters.window(since, until),
        filters.bbox(bbox),
        limit,
        cleared(user),
        officer,
    )
    hub = hub_of(request)
    found, withheld = await asyncio.to_thread(queries.captures, hub.engine, f)
    asked = dict(request.query_params.items())
    actor, client = actor_of(user), client_of(request)
    ids = [c.id for c in found]

    def audit(tx: Tx) -> None:
        tx.audit(actor, "capture.list", "captures", client, {"filters": asked, "ids": ids})
        if withheld:  # restricted captures matched but were not shown
            denied = {"filters": asked, "withheld": withheld}
            tx.audit(actor, "capture.denied", "captures", client, denied)

    await hub.writer.run(audit)
    return json_response({"captures": found})


def _statuses(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    named = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in named if part not in TRIAGE_STATUSES]
    if unknown or not named:
        raise invalid(f"status must be among {', '.join(TRIAGE_STATUSES)}")
    return named


@router.get(
    "/captures/{capture_id}",
    summary="One capture with its attachments (audited; as the reader's role may see it)",
    responses={200: response(doc.Capture)},
)
async def get_capture(
    capture_id: str,
    request: Request,
    reason: str = Query("", max_length=500, description="why it is being read"),
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    why = stated(reason)
    found = await readable_capture(request, user, capture_id, why)
    audit = commands.audit_only(
        actor_of(user), "capture.read", f"capture:{found.id}", client_of(request), None, why
    )
    await hub_of(request).writer.run(audit)
    return json_response(found)


@router.get("/units", summary="Every unit with its current position and status")
async def list_units(request: Request, user: UserIdentity = roles(*OPERATIONS)) -> Response:
    return json_response({"units": await asyncio.to_thread(queries.units, hub_of(request).engine)})


@router.get("/units/{callsign}/track", summary="A unit's pings in time order")
async def unit_track(
    callsign: str,
    request: Request,
    since: str | None = Query(None),
    until: str | None = Query(None),
    limit: int = Query(5000, ge=1, le=50_000),
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    hub = hub_of(request)
    pings = await asyncio.to_thread(
        queries.track, hub.engine, callsign, *filters.window(since, until), limit
    )
    if pings is None:
        raise not_found(f"no unit with call sign {callsign}")
    audit = commands.audit_only(
        actor_of(user),
        "track.read",
        f"unit:{callsign}",
        client_of(request),
        {"since": since, "until": until},
    )
    await hub.writer.run(audit)
    return json_response({"callsign": callsign, "pings": pings})


@router.post(
    "/tasks",
    status_code=201,
    summary="Task a unit",
    openapi_extra=request_body(req.TaskIn),
    responses={201: response(doc.Task, "sent to the unit's device")},
)
async def create_task(request: Request, user: UserIdentity = roles(*DISPATCH)) -> Response:
    body = await decode(request, req.TaskIn)
    job = commands.create_task(
        body.callsign, body.incident_id, body.kind, body.note, actor_of(user), client_of(request)
    )
    return json_response(await hub_of(request).writer.run(job), 201)


@router.get("/tasks", summary="Tasks (open ones unless all=true)")
async def list_tasks(
    request: Request, all: bool = False, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    found = await asyncio.to_thread(queries.tasks, hub_of(request).engine, not all)
    return json_response({"tasks": found})


@router.post(
    "/tasks/{task_id}/status",
    summary="Cancel a task",
    openapi_extra=request_body(req.TaskUpdateIn),
    responses={200: response(doc.Task)},
)
async def update_task(
    task_id: int, request: Request, user: UserIdentity = roles(*DISPATCH)
) -> Response:
    body = await decode(request, req.TaskUpdateIn)
    job = commands.update_task(task_id, body.state, body.note, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job))


@router.post(
    "/incidents",
    status_code=201,
    summary="Raise an incident",
    openapi_extra=request_body(req.IncidentIn),
    responses={201: response(doc.Incident, "raised")},
)
async def create_incident(request: Request, user: UserIdentity = roles(*DISPATCH)) -> Response:
    body = await decode(request, req.IncidentIn)
    values: dict[str, Any] = msgspec.structs.asdict(body)
    job = commands.create_incident(values, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job), 201)


@router.get("/incidents", summary="Incidents (open ones unless all=true)")
async def list_incidents(
    request: Request, all: bool = False, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    found = await asyncio.to_thread(queries.incidents, hub_of(request).engine, not all)
    return json_response({"incidents": found})
