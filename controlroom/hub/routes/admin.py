"""Administration: users, devices and the audit log (role-checked and audited like the rest)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import iterate_in_threadpool
from starlette.responses import Response, StreamingResponse

from controlroom.audit import verify_chain
from controlroom.contract import documents as doc
from controlroom.contract.openapi import request_body, response
from controlroom.contract.requests import DeviceIn, UserChangeIn, UserIn
from controlroom.hub import accounts, auditlog, commands
from controlroom.hub.auth import AUDITORS, CLEARED_FOR_C, DEVICE_ADMIN, client_of, hub_of, roles
from controlroom.hub.body import decode
from controlroom.hub.context import UserIdentity
from controlroom.hub.params import query_time, stated
from controlroom.hub.respond import actor_of, json_response
from controlroom.hub.sse import MAX_SEQ
from controlroom.vocabulary import ROLES, SENSITIVE_READS

router = APIRouter(prefix="/api/v1", tags=["administration"])


@router.post(
    "/admin/users", status_code=201, summary="Create a user", openapi_extra=request_body(UserIn)
)
async def create_user(request: Request, user: UserIdentity = roles("admin")) -> Response:
    body = await decode(request, UserIn)
    job = accounts.create_user(
        body.username, body.role, body.password, actor_of(user), client_of(request)
    )
    return json_response(await hub_of(request).writer.run(job), 201)


@router.patch(
    "/admin/users/{username}",
    summary="Change a user's role, or disable the account",
    openapi_extra=request_body(UserChangeIn),
)
async def update_user(
    username: str, request: Request, user: UserIdentity = roles("admin")
) -> Response:
    body = await decode(request, UserChangeIn)
    job = accounts.update_user(username, body.role, body.active, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job))


@router.post(
    "/admin/devices",
    status_code=201,
    summary="Register a device for a unit",
    openapi_extra=request_body(DeviceIn),
)
async def register_device(request: Request, user: UserIdentity = roles(*DEVICE_ADMIN)) -> Response:
    body = await decode(request, DeviceIn)
    job = accounts.register_device(
        body.callsign,
        body.mode,
        body.replace,
        body.external_id,
        actor_of(user),
        client_of(request),
        cert_fingerprint=body.cert_fingerprint,
        team=body.team,
    )
    return json_response(await hub_of(request).writer.run(job), 201)


@router.get("/admin/devices", summary="Registered devices")
async def list_devices(request: Request, user: UserIdentity = roles(*DEVICE_ADMIN)) -> Response:
    def read():
        with hub_of(request).engine.connect() as connection:
            return accounts.list_devices(connection)

    return json_response({"devices": await asyncio.to_thread(read)})


@router.post("/admin/devices/{device_id}/revoke", summary="Revoke a device's token")
async def revoke_device(
    device_id: int, request: Request, user: UserIdentity = roles(*DEVICE_ADMIN)
) -> Response:
    job = accounts.revoke_device(device_id, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job))


def _audit_filter(
    actor: str | None = Query(None, max_length=100, description="who: user:NAME, device:CALLSIGN"),
    action: str | None = Query(None, max_length=60, description="what, e.g. capture.read"),
    target: str | None = Query(None, max_length=200, description="on what, exactly"),
    target_prefix: str | None = Query(
        None, max_length=200, description="on what, by its start (capture:ID and its exhibits)"
    ),
    since: str | None = Query(None, description="ISO 8601, inclusive"),
    until: str | None = Query(None, description="ISO 8601, inclusive"),
    before: int | None = Query(None, ge=1, le=MAX_SEQ, description="older than this id"),
) -> auditlog.AuditFilter:
    for value in (actor, action, target, target_prefix):
        if value is not None:
            stated(value)
    return auditlog.AuditFilter(
        actor,
        action,
        target,
        target_prefix,
        query_time(since, "since"),
        query_time(until, "until"),
        before,
    )


@router.get(
    "/audit",
    summary="Audit records, newest first, by person, action, target and time, in pages",
    responses={200: response(doc.AuditPage)},
)
async def list_audit(
    request: Request,
    f: auditlog.AuditFilter = Depends(_audit_filter),
    limit: int = Query(200, ge=1, le=5000),
    user: UserIdentity = roles(*AUDITORS),
) -> Response:
    hub = hub_of(request)
    cleared = user.role in CLEARED_FOR_C
    found = await asyncio.to_thread(auditlog.page, hub.engine, f, limit, cleared)
    filters = dict(request.query_params)
    await hub.writer.run(
        commands.audit_only(actor_of(user), "audit.read", "audit", client_of(request), filters)
    )
    return json_response(found)


@router.get(
    "/audit.csv",
    summary="The audit records the filters match, newest first, as CSV",
    responses={200: {"content": {"text/csv": {}}}},
)
async def export_audit(
    request: Request,
    f: auditlog.AuditFilter = Depends(_audit_filter),
    limit: int = Query(100_000, ge=1, le=1_000_000),
    user: UserIdentity = roles(*AUDITORS),
) -> StreamingResponse:
    hub = hub_of(request)
    filters = dict(request.query_params)
    await hub.writer.run(
        commands.audit_only(actor_of(user), "audit.export", "audit", client_of(request), filters)
    )
    cleared = user.role in CLEARED_FOR_C
    lines = iterate_in_threadpool(auditlog.csv_lines(hub.engine, f, limit, cleared))
    headers = {"Content-Disposition": 'attachment; filename="audit.csv"'}
    return StreamingResponse(lines, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/audit/verify", summary="Check the audit log's hash chain end to end")
async def verify_audit(request: Request, user: UserIdentity = roles(*AUDITORS)) -> Response:
    hub = hub_of(request)
    report = await asyncio.to_thread(verify_chain, hub.engine, hub.audit_chain)
    return json_response(report.document())


@router.get(
    "/settings",
    summary="The force's settings a workstation needs: the reads that must state a reason",
    responses={200: response(doc.HubSettings)},
)
async def hub_settings(request: Request, user: UserIdentity = roles(*ROLES)) -> Response:
    asked = [what for what in SENSITIVE_READS if what in hub_of(request).require_reason]
    return json_response(doc.HubSettings(require_reason=asked))
