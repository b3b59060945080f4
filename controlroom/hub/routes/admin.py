"""Administration: users, devices and the audit log (role-checked and audited like the rest)."""

from __future__ import annotations

import asyncio

import orjson
from fastapi import APIRouter, Query, Request
from sqlalchemy import select
from starlette.responses import Response

from controlroom.audit import verify_chain
from controlroom.contract.openapi import request_body
from controlroom.contract.requests import DeviceIn, UserChangeIn, UserIn
from controlroom.hub import accounts, commands
from controlroom.hub.auth import AUDITORS, DEVICE_ADMIN, client_of, hub_of, roles
from controlroom.hub.body import decode
from controlroom.hub.context import UserIdentity
from controlroom.hub.respond import actor_of, json_response
from controlroom.store.schema import AuditRecord
from controlroom.timeutil import to_iso

router = APIRouter(prefix="/api/v1", tags=["administration"])
AUDIT = AuditRecord.__table__


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


@router.get("/audit", summary="Audit records, newest first")
async def list_audit(
    request: Request,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    limit: int = Query(200, ge=1, le=5000),
    user: UserIdentity = roles(*AUDITORS),
) -> Response:
    hub = hub_of(request)

    def read():
        query = select(AUDIT).order_by(AUDIT.c.id.desc()).limit(limit)
        for column, value in (("actor", actor), ("action", action), ("target", target)):
            if value is not None:
                query = query.where(AUDIT.c[column] == value)
        with hub.engine.connect() as connection:
            return [_audit_doc(r) for r in connection.execute(query)]

    records = await asyncio.to_thread(read)
    await hub.writer.run(
        commands.audit_only(actor_of(user), "audit.read", "audit", client_of(request))
    )
    return json_response({"records": records})


@router.get("/audit/verify", summary="Check the audit log's hash chain end to end")
async def verify_audit(request: Request, user: UserIdentity = roles(*AUDITORS)) -> Response:
    report = await asyncio.to_thread(verify_chain, hub_of(request).engine)
    return json_response(
        {
            "ok": report.ok,
            "records": report.records,
            "first_bad_id": report.first_bad_id,
            "problem": report.problem,
        }
    )


def _audit_doc(row) -> dict:
    return {
        "id": row.id,
        "at": to_iso(row.at),
        "actor": row.actor,
        "action": row.action,
        "target": row.target,
        "detail": orjson.loads(row.detail),
        "client": row.client,
        "reason": row.reason,
        "hash": row.hash,
    }
