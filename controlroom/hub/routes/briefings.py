"""The sergeant's briefing: build a pack from what the hub proposes, edit it, publish versions
to the team's devices, and see who has read which version. Sergeants and supervisors build and
publish; the other control-room roles read; a device reads only the published packs its unit
is in. Every build, edit, publish, read and acknowledgement is audited."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from controlroom.contract.briefings import Briefing, BriefingAcknowledged
from controlroom.contract.openapi import request_body, response
from controlroom.hub import auditlog, briefing_publish, briefings
from controlroom.hub.auditlog import AuditFilter
from controlroom.hub.auth import (
    AUDITORS,
    BRIEFERS,
    OPERATIONS,
    client_of,
    device_from,
    hub_of,
    roles,
)
from controlroom.hub.body import decode
from controlroom.hub.briefing_input import (
    AckIn,
    BriefingChangeIn,
    BriefingIn,
    area_of,
    marking_of,
    shift_of,
    team_of,
)
from controlroom.hub.briefing_offers import offers
from controlroom.hub.briefing_pdf import pdf_of
from controlroom.hub.briefing_reads import (
    briefing_doc,
    briefing_list,
    briefing_row,
    device_briefings,
    receipts,
)
from controlroom.hub.context import UserIdentity
from controlroom.hub.reading import cleared
from controlroom.hub.respond import actor_of, json_response

router = APIRouter(prefix="/api/v1", tags=["briefings"])
BriefingPath = Path(..., ge=1, le=2**53, description="a briefing's id")
VersionQuery = Query(None, ge=0, le=1_000_000, description="a published version (0: the draft)")
AUDIT_EXPORT = 5000
EXPORTERS = tuple(dict.fromkeys(BRIEFERS + AUDITORS))


def _read(request: Request, fn: Callable[..., Any], *args: Any) -> Any:
    engine = hub_of(request).engine

    def run() -> Any:
        with engine.connect() as connection:
            return fn(connection, *args)

    return asyncio.to_thread(run)


async def _audit_read(request: Request, actor: str, targets: list, action: str) -> None:
    job = briefings.read(actor, targets, client_of(request), action)
    await hub_of(request).writer.run(job)


async def _pack(
    request: Request, user: UserIdentity, briefing_id: int, version: int | None, action: str
) -> Briefing:
    """The version asked for (0: the draft); without one, the draft for the desk's reads and
    the latest published version for print. The read is audited."""

    def read(connection) -> tuple[Briefing, int]:
        row = briefing_row(connection, briefing_id)
        asked = row.version if version is None and action == "briefing.pdf" else version
        return briefing_doc(connection, row, asked or None), asked or 0

    found, read_version = await _read(request, read)
    await _audit_read(request, actor_of(user), [(briefing_id, read_version)], action)
    return found


@router.post(
    "/briefings",
    status_code=201,
    summary="Build a pack for a shift, an area and a team: the hub proposes its items",
    openapi_extra=request_body(BriefingIn),
    responses={201: response(Briefing, "the draft, version 0, with the proposed items")},
)
async def create_briefing(request: Request, user: UserIdentity = roles(*BRIEFERS)) -> Response:
    body = await decode(request, BriefingIn)
    area, team = area_of(body.area), team_of(body.team)
    shift, marking = shift_of(body.shift_start, body.shift_end), marking_of(body.marking)
    proposed = await _read(request, briefings.proposal, area, shift, team)
    job = briefings.create(
        body.title, area, shift, team, marking, proposed, actor_of(user), client_of(request)
    )
    return json_response(await hub_of(request).writer.run(job), 201)


@router.get("/briefings", summary="Packs, newest first")
async def list_briefings(request: Request, user: UserIdentity = roles(*OPERATIONS)) -> Response:
    found = await _read(request, briefing_list)
    await _audit_read(request, actor_of(user), [], "briefings.list")
    return json_response({"briefings": found})


@router.get(
    "/briefings/{briefing_id}",
    summary="A pack: its draft, or a published version",
    responses={200: response(Briefing)},
)
async def get_briefing(
    request: Request,
    briefing_id: int = BriefingPath,
    version: int | None = VersionQuery,
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    return json_response(await _pack(request, user, briefing_id, version, "briefing.read"))


@router.patch(
    "/briefings/{briefing_id}",
    summary="Edit the draft: items replaces the list whole, in its order",
    openapi_extra=request_body(BriefingChangeIn),
    responses={200: response(Briefing)},
)
async def edit_briefing(
    request: Request, briefing_id: int = BriefingPath, user: UserIdentity = roles(*BRIEFERS)
) -> Response:
    body = await decode(request, BriefingChangeIn)
    job = briefings.edit(briefing_id, body, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job))


@router.post(
    "/briefings/{briefing_id}/publish",
    summary="Publish the draft as the next version, to every device of the team",
    responses={200: {"description": '{"version": N, "added", "changed", "withdrawn"}'}},
)
async def publish_briefing(
    request: Request, briefing_id: int = BriefingPath, user: UserIdentity = roles(*BRIEFERS)
) -> Response:
    job = briefing_publish.publish(briefing_id, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job))


@router.get(
    "/briefings/{briefing_id}/receipts",
    summary="Who has read which version, and the items each acknowledged",
)
async def briefing_receipts(
    request: Request, briefing_id: int = BriefingPath, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    def read(connection):
        briefing_row(connection, briefing_id)
        return receipts(connection, briefing_id)

    found = await _read(request, read)
    await _audit_read(request, actor_of(user), [(briefing_id, 0)], "briefing.receipts")
    return json_response({"receipts": found})


@router.get(
    "/briefings/{briefing_id}/offers",
    summary="The changes the hub would offer the published pack now (none for a draft)",
)
async def briefing_offers(
    request: Request, briefing_id: int = BriefingPath, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    def read(connection):
        row = briefing_row(connection, briefing_id)
        if not row.version:
            return []
        published = briefing_doc(connection, row, row.version)
        return offers(connection, published, published.items)

    found = await _read(request, read)
    await _audit_read(request, actor_of(user), [(briefing_id, 0)], "briefing.offers")
    return json_response({"offers": found})


@router.get(
    "/briefings/{briefing_id}/audit",
    summary="Every audit record of the pack, oldest first (for disclosure)",
)
async def briefing_audit(
    request: Request, briefing_id: int = BriefingPath, user: UserIdentity = roles(*EXPORTERS)
) -> Response:
    await _read(request, briefing_row, briefing_id)
    await _audit_read(request, actor_of(user), [(briefing_id, 0)], "briefing.audit_export")
    where = AuditFilter(target=f"briefing:{briefing_id}")
    page = await asyncio.to_thread(
        auditlog.page, hub_of(request).engine, where, AUDIT_EXPORT, cleared(user)
    )
    return json_response({"id": briefing_id, "records": list(reversed(page.records))})


@router.get(
    "/briefings/{briefing_id}/pdf",
    summary="The pack as a PDF to hand out (latest published version, else the draft)",
    responses={200: {"content": {"application/pdf": {}}}, 503: {"description": "no renderer"}},
)
async def briefing_pdf(
    request: Request,
    briefing_id: int = BriefingPath,
    version: int | None = VersionQuery,
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    found = await _pack(request, user, briefing_id, version, "briefing.pdf")
    return Response(
        await pdf_of(hub_of(request), found, cleared(user)), media_type="application/pdf"
    )


@router.get("/device/briefings", summary="The current version of every pack this unit is in")
async def device_list(request: Request) -> Response:
    device = await device_from(request)
    found = await _read(request, device_briefings, device.callsign)
    targets = [(b.id, b.version) for b in found]
    await _audit_read(request, f"device:{device.callsign}", targets, "briefing.read")
    return json_response({"briefings": found})


@router.post(
    "/device/briefings/{briefing_id}/ack",
    summary="The officer read a version, and acknowledges these items",
    openapi_extra=request_body(AckIn),
    responses={200: response(BriefingAcknowledged, "the receipt")},
)
async def device_ack(request: Request, briefing_id: int = BriefingPath) -> Response:
    device = await device_from(request)
    body = await decode(request, AckIn)
    job = briefings.acknowledge(briefing_id, body.version, body.items, device, client_of(request))
    return json_response(await hub_of(request).writer.run(job))
