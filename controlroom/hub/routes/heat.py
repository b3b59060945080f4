"""The heat map: what a search's filter matches counted per grid cell, for the map's heat
layer. Every request is audited with what it asked and how much it counted; restricted
captures are counted only for the roles cleared for them, exactly as search finds them."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from controlroom.contract import heat as doc
from controlroom.contract.openapi import response
from controlroom.hub import commands
from controlroom.hub.auth import CLEARED_FOR_C, OPERATIONS, client_of, hub_of, roles
from controlroom.hub.context import UserIdentity
from controlroom.hub.heat_reads import Grid, Heat, capture_heat
from controlroom.hub.respond import actor_of, json_response
from controlroom.hub.routes.search import Area, Kind, Since, Until, Words, search_filter

router = APIRouter(prefix="/api/v1", tags=["search"])
Cell = Query(500.0, ge=10, le=100_000, description="a cell's height in metres")


@router.get(
    "/heatmap",
    summary="What a search's filter matches, counted per grid cell (audited)",
    responses={200: response(doc.HeatMap)},
)
async def heatmap(
    request: Request,
    q: str = Words,
    bbox: str | None = Area,
    since: str | None = Since,
    until: str | None = Until,
    kind: str | None = Kind,
    cell: float = Cell,
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    f = search_filter(q, bbox, since, until, kind, 1, user.role in CLEARED_FOR_C)
    grid = Grid.of(cell, f.bbox)
    hub = hub_of(request)

    def run() -> Heat:
        with hub.engine.connect() as connection:
            return capture_heat(connection, f, grid)

    heat = await asyncio.to_thread(run)
    await _audited(request, user, "capture.heatmap", heat)
    return json_response(_document("captures", cell, grid, heat))


async def _audited(request: Request, user: UserIdentity, action: str, heat: Heat) -> None:
    asked = dict(request.query_params.items())
    detail = {"filters": asked, "total": heat.total, "cells": len(heat.cells)}
    audit = commands.audit_only(actor_of(user), action, "heatmap", client_of(request), detail)
    await hub_of(request).writer.run(audit)


def _document(layer: str, metres: float, grid: Grid, heat: Heat) -> doc.HeatMap:
    cells = [doc.HeatCell(*grid.centre(x, y), n) for x, y, n in heat.cells]
    return doc.HeatMap(
        layer=layer, metres=metres, cell_lat=grid.lat, cell_lon=grid.lon, cells=cells,
        total=heat.total, max=max((c.count for c in cells), default=0),
    )  # fmt: skip
