"""The heat map: what a search's filter matches counted per grid cell, for the map's heat
layer. Every request is audited with what it asked and how much it counted; restricted
captures are counted only for the roles cleared for them, exactly as search finds them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from fastapi import APIRouter, Query, Request
from sqlalchemy import Connection
from starlette.responses import Response

from controlroom.contract import heat as doc
from controlroom.contract.openapi import response
from controlroom.hub import commands, filters
from controlroom.hub.auth import CLEARED_FOR_C, OPERATIONS, client_of, hub_of, roles
from controlroom.hub.context import UserIdentity
from controlroom.hub.crime_reads import crime_filter, crime_heat
from controlroom.hub.errors import invalid
from controlroom.hub.heat_reads import Grid, Heat, capture_heat
from controlroom.hub.respond import actor_of, json_response
from controlroom.hub.routes.context import CrimeType, Month
from controlroom.hub.routes.search import Area, Kind, Since, Until, Words, search_filter

router = APIRouter(prefix="/api/v1", tags=["search"])
Cell = Query(500.0, ge=10, le=100_000, description="a cell's height in metres")
Layer = Query("captures", max_length=20, description="captures, or crimes (police.uk)")


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
    layer: str = Layer,
    month: str | None = Month,
    type: str | None = CrimeType,
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    if layer == "crimes":
        if q or since or until or kind:
            raise invalid("crimes are filtered by bbox, month and type alone")
        crimes = crime_filter(filters.bbox(bbox), month, type)
        grid = Grid.of(cell, crimes.bbox)
        return await _answer(request, user, "crimes", grid, cell,
                             lambda connection: crime_heat(connection, crimes, grid))  # fmt: skip
    if layer != "captures":
        raise invalid("layer must be captures or crimes")
    if month is not None or type is not None:
        raise invalid("month and type filter crimes (layer=crimes); captures take since, until")
    f = search_filter(q, bbox, since, until, kind, 1, user.role in CLEARED_FOR_C)
    grid = Grid.of(cell, f.bbox)
    return await _answer(request, user, "captures", grid, cell,
                         lambda connection: capture_heat(connection, f, grid))  # fmt: skip


AUDITED_AS = {"captures": "capture.heatmap", "crimes": "context.crimes_heatmap"}


async def _answer(
    request: Request, user: UserIdentity, layer: str, grid: Grid, metres: float,
    count: Callable[[Connection], Heat],
) -> Response:  # fmt: skip
    """The cells `count` finds (in a worker thread), audited with the request's filters."""
    hub = hub_of(request)

    def run() -> Heat:
        with hub.engine.connect() as connection:
            return count(connection)

    heat = await asyncio.to_thread(run)
    asked = dict(request.query_params.items())
    detail = {"filters": asked, "total": heat.total, "cells": len(heat.cells)}
    audit = commands.audit_only(
        actor_of(user), AUDITED_AS[layer], "heatmap", client_of(request), detail
    )
    await hub.writer.run(audit)
    return json_response(_document(layer, metres, grid, heat))


def _document(layer: str, metres: float, grid: Grid, heat: Heat) -> doc.HeatMap:
    cells = [doc.HeatCell(*grid.centre(x, y), n) for x, y, n in heat.cells]
    return doc.HeatMap(
        layer=layer, metres=metres, cell_lat=grid.lat, cell_lon=grid.lon, cells=cells,
        total=heat.total, max=max((c.count for c in cells), default=0),
    )  # fmt: skip
