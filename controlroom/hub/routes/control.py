"""The control-room API: snapshot, live events, captures, tracks, tasks and incidents."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import msgspec
from fastapi import APIRouter, Query, Request
from starlette.responses import FileResponse, Response

from controlroom.contract import documents as doc
from controlroom.contract import requests as req
from controlroom.contract.events import EventType as E
from controlroom.contract.openapi import request_body, response
from controlroom.hub import commands, queries
from controlroom.hub.auth import (
    CLEARED_FOR_C,
    DISPATCH,
    OPERATIONS,
    TRIAGE,
    client_of,
    hub_of,
    roles,
)
from controlroom.hub.blobs import blob_path
from controlroom.hub.body import decode
from controlroom.hub.capture_fields import is_restricted
from controlroom.hub.context import UserIdentity
from controlroom.hub.errors import ApiError, forbidden, invalid, not_found
from controlroom.hub.respond import actor_of, json_response
from controlroom.hub.sse import MAX_SEQ, resume_point, stream
from controlroom.hub.writer import Tx
from controlroom.timeutil import parse_iso
from controlroom.vocabulary import CAPTURE_KINDS, TRIAGE_STATUSES

router = APIRouter(prefix="/api/v1", tags=["control room"])


def _time(value: str | None, name: str) -> float | None:
    if value is None:
        return None
    try:
        return parse_iso(value)
    except ValueError as exc:
        raise invalid(f"{name}: {exc}") from exc


@router.get("/snapshot", summary="Current state and the seq it reflects")
async def snapshot(request: Request, user: UserIdentity = roles(*OPERATIONS)) -> Response:
    hub = hub_of(request)
    cleared = user.role in CLEARED_FOR_C
    audit = commands.audit_only(actor_of(user), "snapshot.read", "snapshot", client_of(request))
    await hub.writer.run(audit)
    return json_response(await asyncio.to_thread(queries.snapshot, hub.engine, cleared))


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
    cleared = user.role in CLEARED_FOR_C
    audit = commands.audit_only(
        actor_of(user), "events.subscribe", "events", client_of(request), {"after": start}
    )
    await hub.writer.run(audit)
    me = str(user.user_id)

    def accepts(row) -> bool:
        if row.type == E.USER_CHANGED:  # only to the user it names, whose stream then ends
            return row.subject == me
        return cleared or not row.restricted

    def ends(row) -> bool:
        return row.type == E.USER_CHANGED and row.subject == me

    return stream(hub, start, accepts, user.expires_at, ends)


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if text is None:
        return None
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in text.split(","))
    except ValueError as exc:
        raise invalid("bbox is min_lon,min_lat,max_lon,max_lat") from exc
    if not (min_lon <= max_lon and min_lat <= max_lat):
        raise invalid("bbox minimums must not exceed its maximums")
    return min_lon, min_lat, max_lon, max_lat


@router.get("/captures", summary="Captures, newest first, with filters")
async def list_captures(
    request: Request,
    kind: str | None = Query(None, description="one capture kind"),
    status: str | None = Query(None, description="triage status"),
    since: str | None = Query(None, description="ISO 8601, inclusive"),
    until: str | None = Query(None, description="ISO 8601, inclusive"),
    bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
    limit: int = Query(200, ge=1, le=1000),
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    if kind is not None and kind not in CAPTURE_KINDS:
        raise invalid(f"kind must be one of {', '.join(CAPTURE_KINDS)}")
    if status is not None and status not in TRIAGE_STATUSES:
        raise invalid(f"status must be one of {', '.join(TRIAGE_STATUSES)}")
    f = queries.CaptureFilter(
        kind,
        status,
        _time(since, "since"),
        _time(until, "until"),
        _bbox(bbox),
        limit,
        user.role in CLEARED_FOR_C,
    )
    hub = hub_of(request)
    found, withheld = await asyncio.to_thread(queries.captures, hub.engine, f)
    filters = {k: v for k, v in request.query_params.items()}
    actor, client = actor_of(user), client_of(request)
    ids = [c.id for c in found]

    def audit(tx: Tx) -> None:
        tx.audit(actor, "capture.list", "captures", client, {"filters": filters, "ids": ids})
        if withheld:  # restricted captures matched but were not shown
            denied = {"filters": filters, "withheld": withheld}
            tx.audit(actor, "capture.denied", "captures", client, denied)

    await hub.writer.run(audit)
    return json_response({"captures": found})


async def refuse_restricted(request: Request, user: UserIdentity, code, target: str) -> None:
    """A role not cleared for restricted material is refused it, and the attempt audited."""
    if user.role in CLEARED_FOR_C or not is_restricted(code):
        return
    audit = commands.audit_only(
        actor_of(user), "capture.denied", target, client_of(request), {"handling_code": code}
    )
    await hub_of(request).writer.run(audit)
    raise forbidden("this capture carries handling code C")


async def _readable_capture(request: Request, user: UserIdentity, capture_id: str) -> doc.Capture:
    found = await asyncio.to_thread(queries.capture, hub_of(request).engine, capture_id)
    if found is None:
        raise not_found(f"no capture {capture_id}")
    await refuse_restricted(request, user, found.handling_code, f"capture:{capture_id}")
    return found


@router.get("/captures/{capture_id}", summary="One capture with its attachments (audited)")
async def get_capture(
    capture_id: str,
    request: Request,
    reason: str = Query("", max_length=500, description="why it is being read"),
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    found = await _readable_capture(request, user, capture_id)
    audit = commands.audit_only(
        actor_of(user), "capture.read", f"capture:{capture_id}", client_of(request), None, reason
    )
    await hub_of(request).writer.run(audit)
    return json_response(found)


@router.get(
    "/captures/{capture_id}/attachments/{name}",
    summary="An attachment's bytes, verified against their hash before they are served",
)
async def get_attachment(
    capture_id: str, name: str, request: Request, user: UserIdentity = roles(*OPERATIONS)
):
    hub = hub_of(request)
    meta = await asyncio.to_thread(queries.attachment, hub.engine, capture_id, name)
    if meta is None:
        raise not_found(f"no attachment {name} on capture {capture_id}")
    await refuse_restricted(request, user, meta["handling_code"], f"capture:{capture_id}/{name}")
    path = blob_path(hub.attachments_dir, meta["sha256"])
    if not await asyncio.to_thread(_verify_file, path, meta["sha256"]):
        raise ApiError(
            409,
            "integrity_failure",
            f"stored bytes of {name} no longer match their hash {meta['sha256']}",
        )
    audit = commands.audit_only(
        actor_of(user),
        "attachment.read",
        f"capture:{capture_id}/{name}",
        client_of(request),
        {"sha256": meta["sha256"]},
    )
    await hub.writer.run(audit)
    return FileResponse(
        path, media_type=meta["content_type"], headers={"X-Content-SHA256": meta["sha256"]}
    )


def _verify_file(path, digest: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest() == digest
    except FileNotFoundError:
        return False


@router.post(
    "/captures/{capture_id}/status",
    summary="Triage a capture",
    openapi_extra=request_body(req.CaptureStatusIn),
)
async def set_capture_status(
    capture_id: str, request: Request, user: UserIdentity = roles(*TRIAGE)
) -> Response:
    body = await decode(request, req.CaptureStatusIn)
    job = commands.set_capture_status(
        capture_id, body.status, actor_of(user), client_of(request), body.reason
    )
    return json_response(await hub_of(request).writer.run(job))


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
        queries.track, hub.engine, callsign, _time(since, "since"), _time(until, "until"), limit
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
