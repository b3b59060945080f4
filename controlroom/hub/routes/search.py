"""Search of captures: words, a drawn area, a time window and a kind, newest first. Every
search is audited with what it asked and what it showed; restricted captures are only found
by the roles cleared for them."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from controlroom.contract import documents as doc
from controlroom.contract.openapi import response
from controlroom.hub import commands, filters
from controlroom.hub.auth import CLEARED_FOR_C, OPERATIONS, client_of, hub_of, roles
from controlroom.hub.context import UserIdentity
from controlroom.hub.errors import ApiError, invalid
from controlroom.hub.respond import actor_of, json_response
from controlroom.hub.search_reads import Found, SearchFilter, captures_by_id, matching, search
from controlroom.search.exports import FORMATS, render
from controlroom.search.words import MAX_QUERY, QueryError, parse_query
from controlroom.vocabulary import CAPTURE_KINDS

router = APIRouter(prefix="/api/v1", tags=["search"])
EXPORT_MOST = 20_000  # captures in one export; a filter matching more is refused, never cut
Words = Query("", max_length=MAX_QUERY, description='words, "a phrase", a prefix*')
Area = Query(None, max_length=100, description="W,S,E,N in degrees")
Since = Query(None, max_length=40, description="ISO 8601 with zone, inclusive")
Until = Query(None, max_length=40, description="ISO 8601 with zone, inclusive")
Kind = Query(None, max_length=32, description="one capture kind")


def search_filter(
    q: str, bbox: str | None, since: str | None, until: str | None, kind: str | None, limit: int,
    cleared: bool,
) -> SearchFilter:  # fmt: skip
    """The query string as a filter, or a 422 naming what cannot be searched."""
    if kind is not None and kind not in CAPTURE_KINDS:
        raise invalid(f"kind must be one of {', '.join(CAPTURE_KINDS)}")
    try:
        terms = parse_query(q)
    except QueryError as exc:
        raise invalid(str(exc)) from exc
    start, end = filters.window(since, until)
    return SearchFilter(terms, filters.bbox(bbox), start, end, kind, limit, cleared)


@router.get(
    "/search",
    summary="Captures by words, area, time and kind, newest first (audited)",
    responses={200: response(doc.CaptureSearch)},
)
async def search_captures(
    request: Request,
    q: str = Words,
    bbox: str | None = Area,
    since: str | None = Since,
    until: str | None = Until,
    kind: str | None = Kind,
    limit: int = Query(50, ge=1, le=500),
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    f = search_filter(q, bbox, since, until, kind, limit, user.role in CLEARED_FOR_C)
    hub = hub_of(request)

    def run() -> tuple[Found, list[doc.Capture]]:
        with hub.engine.connect() as connection:
            found = search(connection, f)
            return found, captures_by_id(connection, found.ids, f.cleared)

    found, shown = await asyncio.to_thread(run)
    asked = dict(request.query_params.items())
    detail = {"filters": asked, "total": found.total, "ids": found.ids}
    audit = commands.audit_only(
        actor_of(user), "capture.search", "captures", client_of(request), detail
    )
    await hub.writer.run(audit)
    return json_response(doc.CaptureSearch(captures=shown, total=found.total, more=found.capped))


@router.get(
    "/captures/export",
    summary="Exactly the captures a search's filter matches, as CSV, GeoJSON or KML (audited)",
    responses={200: {"content": {media: {} for media, _ in FORMATS.values()}}},
)
async def export_captures(
    request: Request,
    format: str = Query(..., max_length=10, description="csv, geojson or kml"),
    q: str = Words,
    bbox: str | None = Area,
    since: str | None = Since,
    until: str | None = Until,
    kind: str | None = Kind,
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    if format not in FORMATS:
        raise invalid(f"format must be one of {', '.join(FORMATS)}")
    f = search_filter(q, bbox, since, until, kind, EXPORT_MOST, user.role in CLEARED_FOR_C)
    hub = hub_of(request)

    def run() -> list[doc.Capture]:
        with hub.engine.connect() as connection:
            ids = matching(connection, f, EXPORT_MOST + 1)
            if len(ids) > EXPORT_MOST:
                raise ApiError(413, "too_large", f"the filter matches more than {EXPORT_MOST} "
                               "captures: narrow it to export")  # fmt: skip
            return captures_by_id(connection, ids, f.cleared)

    shown = await asyncio.to_thread(run)
    asked = dict(request.query_params.items())
    detail = {"filters": asked, "count": len(shown), "ids": [c.id for c in shown]}
    audit = commands.audit_only(
        actor_of(user), "capture.export", "captures", client_of(request), detail
    )
    await hub.writer.run(audit)
    media, extension = FORMATS[format]
    body = await asyncio.to_thread(render, format, shown)
    disposition = f'attachment; filename="captures.{extension}"'
    return Response(body, media_type=media, headers={"content-disposition": disposition})
