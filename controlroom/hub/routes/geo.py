"""Geography for the control room: find a place by name, name a point, route between two points.

Read-only and for every operational role. Searches run in a worker thread: a route across the
county takes tens of milliseconds, and the road networks load once, in the background at start.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from controlroom.geo.gazetteer import load_gazetteer
from controlroom.geo.gazetteer import search as gazetteer_search
from controlroom.geo.network import MODES
from controlroom.geo.reverse import reverse as reverse_geocode
from controlroom.geo.routing import router as road_router
from controlroom.hub.auth import OPERATIONS, bearer, hub_of, user_from
from controlroom.hub.context import UserIdentity
from controlroom.hub.errors import ApiError, forbidden, invalid
from controlroom.hub.respond import json_response
from controlroom.security import token_digest

log = logging.getLogger("controlroom.hub")
router = APIRouter(prefix="/api/v1/geo", tags=["geography"])
MAX_QUERY = 200
MAX_RESULTS = 50
ROAD_WITHIN_M = 5000.0  # a route end farther than this from any road is outside the area


async def _operational(request: Request) -> UserIdentity:
    """A signed-in operational user; a device's own token is known but refused (403)."""
    try:
        user = await user_from(request)
    except ApiError:
        if await hub_of(request).device_for(token_digest(bearer(request))) is not None:
            raise forbidden("devices may not use the control room's geography") from None
        raise
    if user.role not in OPERATIONS:
        raise forbidden(f"role {user.role} may not do this")
    return user


OPERATIONAL = Depends(_operational)


def prepare() -> None:
    """Load the road networks, the gazetteer and reverse geocoding now, not on first use."""
    started = time.monotonic()
    for mode in MODES:
        road_router().network(mode)
    load_gazetteer()
    reverse_geocode(53.0, -2.0)
    log.info("geography ready in %.1f s", time.monotonic() - started)


@router.get("/search", summary="Places, streets, points of interest and addresses, best first")
async def search(
    q: str = Query(..., min_length=1, max_length=MAX_QUERY, description="what was typed"),
    limit: int = Query(10, ge=1, le=MAX_RESULTS),
    user: UserIdentity = OPERATIONAL,
) -> Response:
    if not q.strip():
        raise invalid("q: type a place, a street or an address")
    found = await asyncio.to_thread(gazetteer_search, q, limit)
    return json_response({"results": [r.as_dict() for r in found]})


@router.get("/reverse", summary="The street and locality at a point")
async def reverse(
    lat: float = Query(..., ge=-90, le=90, allow_inf_nan=False),
    lon: float = Query(..., ge=-180, le=180, allow_inf_nan=False),
    user: UserIdentity = OPERATIONAL,
) -> Response:
    found = await asyncio.to_thread(reverse_geocode, lat, lon)
    return json_response(found.as_dict())


def _point(text: str, name: str) -> tuple[float, float]:
    parts = text.split(",")
    try:
        lat, lon = (float(p) for p in parts) if len(parts) == 2 else (math.nan, math.nan)
    except ValueError:
        lat = lon = math.nan
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise invalid(f"{name}: give LAT,LON in decimal degrees, e.g. 53.0245,-2.1794")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise invalid(f"{name}: latitude or longitude out of range")
    return lat, lon


@router.get("/route", summary="The quickest route along the roads, by car or on foot")
async def route(
    request: Request,
    start: str = Query(..., alias="from", max_length=64, description="LAT,LON"),
    end: str = Query(..., alias="to", max_length=64, description="LAT,LON"),
    mode: Literal["vehicle", "foot"] = "vehicle",
    user: UserIdentity = OPERATIONAL,
) -> Response:
    a, b = _point(start, "from"), _point(end, "to")

    def find():
        roads = road_router()
        network = roads.network(mode)
        for name, point in (("from", a), ("to", b)):
            if network.snap(*point).off_m > ROAD_WITHIN_M:
                raise invalid(f"{name}: no road within {ROAD_WITHIN_M / 1000:.0f} km")
        return roads.route(a, b, mode)

    found = await asyncio.to_thread(find)
    return json_response(found.as_dict())
