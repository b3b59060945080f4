"""Context layers: the police.uk street-level crimes an administrator imported
(`controlroom admin import-crimes`), in an area, of a month and a type. Every read is
audited."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from controlroom.contract import heat as doc
from controlroom.contract.openapi import response
from controlroom.hub import commands, filters
from controlroom.hub.auth import OPERATIONS, client_of, hub_of, roles
from controlroom.hub.context import UserIdentity
from controlroom.hub.crime_reads import crime_filter, crime_summary, crimes
from controlroom.hub.respond import actor_of, json_response
from controlroom.hub.routes.search import Area

router = APIRouter(prefix="/api/v1", tags=["context"])
Month = Query(
    None, max_length=20, description="YYYY-MM, the month police.uk published it in, or a range "
    "YYYY-MM..YYYY-MM (both included)",
)  # fmt: skip
CrimeType = Query(None, max_length=200, description="a police.uk crime type: Burglary, ...")


@router.get(
    "/context/crimes",
    summary="police.uk street-level crimes in an area, of a month and type (audited)",
    responses={200: response(doc.Crimes)},
)
async def context_crimes(
    request: Request,
    bbox: str | None = Area,
    month: str | None = Month,
    type: str | None = CrimeType,
    limit: int = Query(1000, ge=1, le=10_000),
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    f = crime_filter(filters.bbox(bbox), month, type)
    hub = hub_of(request)

    def run() -> tuple[list[doc.Crime], int]:
        with hub.engine.connect() as connection:
            return crimes(connection, f, limit)

    shown, total = await asyncio.to_thread(run)
    detail = {"filters": dict(request.query_params.items()), "total": total}
    audit = commands.audit_only(
        actor_of(user), "context.crimes", "context_crimes", client_of(request), detail
    )
    await hub.writer.run(audit)
    return json_response(doc.Crimes(crimes=shown, total=total, more=total > len(shown)))


@router.get(
    "/context/crimes/summary",
    summary="What the crime layer holds: each crime type with how many, and its months (audited)",
    responses={200: response(doc.CrimeSummary)},
)
async def context_crimes_summary(
    request: Request, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    hub = hub_of(request)

    def run() -> doc.CrimeSummary:
        with hub.engine.connect() as connection:
            return crime_summary(connection)

    held = await asyncio.to_thread(run)
    detail = {"categories": len(held.categories)}
    audit = commands.audit_only(
        actor_of(user), "context.crimes_summary", "context_crimes", client_of(request), detail
    )
    await hub.writer.run(audit)
    return json_response(held)
