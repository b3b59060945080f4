"""Entities: what a capture mentions, a record's page, search, and the analyst's review of
suggestions, merges and splits. Every read is audited; nothing from a handling code C capture
reaches a reader not cleared for it."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from controlroom.contract import entities as doc
from controlroom.contract.openapi import request_body, response
from controlroom.entities.mention import KINDS
from controlroom.hub import commands, entity_commands, queries
from controlroom.hub.auth import CLEARED_FOR_C, LINKERS, OPERATIONS, client_of, hub_of, roles
from controlroom.hub.body import decode
from controlroom.hub.capture_fields import is_restricted
from controlroom.hub.context import UserIdentity
from controlroom.hub.entity_page import closure, entity_page
from controlroom.hub.entity_reads import capture_entities, search
from controlroom.hub.entity_rows import kept_back
from controlroom.hub.errors import ApiError, forbidden, invalid, not_found
from controlroom.hub.respond import actor_of, json_response
from controlroom.hub.suggestions import queue

router = APIRouter(prefix="/api/v1", tags=["entities"])
EntityPath = Path(..., ge=1, le=2**53, description="an entity's id")
STATUSES = ("open", "pending", "unsure", "linked", "not_same", "closed")


def _plain(text: str) -> str:
    """Text as the store takes it: PostgreSQL refuses NUL in a string."""
    return text.replace("\x00", "")


def _cleared(user: UserIdentity) -> bool:
    return user.role in CLEARED_FOR_C


async def _audit(
    request: Request, user: UserIdentity, action: str, target: str, detail: dict
) -> None:
    job = commands.audit_only(actor_of(user), action, target, client_of(request), detail)
    await hub_of(request).writer.run(job)


def _read(request: Request, fn, *args):
    engine = hub_of(request).engine

    def run():
        with engine.connect() as connection:
            return fn(connection, *args)

    return asyncio.to_thread(run)


@router.get(
    "/captures/{capture_id}/entities",
    summary="The people, vehicles, phones and addresses a capture mentions, linked or suggested",
    responses={200: response(doc.CaptureEntities)},
)
async def entities_of_capture(
    capture_id: str, request: Request, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    found = None
    if len(capture_id) <= 64 and "\x00" not in capture_id:
        found = await asyncio.to_thread(queries.capture, hub_of(request).engine, capture_id)
    if found is None:
        raise not_found(f"no capture {capture_id}")
    if not _cleared(user) and kept_back(found.handling_code, found.graded_at):
        if is_restricted(found.handling_code):
            raise forbidden("this capture carries handling code C")
        raise forbidden("this capture is graded: it is shown to your role as its sanitised text")
    result = await _read(request, capture_entities, capture_id, _cleared(user))
    await _audit(
        request,
        user,
        "capture.entities",
        f"capture:{capture_id}",
        {"entities": [e.id for e in result.entities]},
    )
    return json_response({"entities": result.entities})


@router.get(
    "/entities",
    summary="Search entities by name, mark, number or address",
    responses={200: response(doc.EntitySearch)},
)
async def search_entities(
    request: Request,
    kind: str | None = Query(None, description="person, vehicle, phone or address"),
    q: str = Query("", max_length=200, description="words, a registration mark or a phone number"),
    limit: int = Query(50, ge=1, le=200),
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    if kind is not None and kind not in KINDS:
        raise invalid(f"kind must be one of {', '.join(KINDS)}")
    result = await _read(request, search, kind, _plain(q), _cleared(user), limit)
    detail = {"kind": kind, "q": q, "ids": [e.id for e in result.entities]}
    await _audit(request, user, "entity.search", "entities", detail)
    return json_response(result)


@router.get(
    "/entities/suggestions",
    summary="The review queue: records that may be the same",
    responses={200: response(doc.Suggestions)},
)
async def list_suggestions(
    request: Request,
    status: str = Query("open", description="open (pending, then unsure), or one status"),
    limit: int = Query(100, ge=1, le=500),
    user: UserIdentity = roles(*LINKERS),
) -> Response:
    if status not in STATUSES:
        raise invalid(f"status must be one of {', '.join(STATUSES)}")
    seq = hub_of(request).broadcaster.last_seq
    found = await _read(request, queue, status, _cleared(user), limit)
    await _audit(
        request,
        user,
        "suggestion.list",
        "suggestions",
        {"status": status, "ids": [s.id for s in found]},
    )
    return json_response(doc.Suggestions(suggestions=found, seq=seq))


@router.post(
    "/entities/suggestions/{suggestion_id}/decision",
    summary="Decide a suggestion: link, not the same, or unsure",
    openapi_extra=request_body(doc.DecisionIn),
    responses={200: response(doc.Suggestion)},
)
async def decide_suggestion(
    request: Request,
    suggestion_id: int = Path(..., ge=1, le=2**53),
    user: UserIdentity = roles(*LINKERS),
) -> Response:
    body = await decode(request, doc.DecisionIn)
    job = entity_commands.decide(
        suggestion_id,
        body.decision,
        actor_of(user),
        client_of(request),
        _plain(body.note),
        _cleared(user),
    )
    return json_response(await hub_of(request).writer.run(job))


@router.get(
    "/entities/{entity_id}",
    summary="Everything held on a record (audited); 410 with `closed` for a closed one",
    responses={200: response(doc.EntityPage)},
)
async def get_entity(
    request: Request, entity_id: int = EntityPath, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    page = await _read(request, entity_page, entity_id, _cleared(user))
    if page is None:
        closed = await _read(request, closure, entity_id, _cleared(user))
        said = {"found": False, "closed": closed is not None}
        await _audit(request, user, "entity.read", f"entity:{entity_id}", said)
        if closed is not None:  # 410: it was, and is no longer, with why and by what
            detail = f"entity {entity_id} was closed: {closed['why']} (capture {closed['capture']})"
            raise ApiError(410, "gone", detail, extra={"closed": closed})
        raise not_found(f"no entity {entity_id}")
    await _audit(
        request,
        user,
        "entity.read",
        f"entity:{entity_id}",
        {"id": page.id, "captures": page.captures},
    )
    return json_response(page)


@router.post(
    "/entities/{entity_id}/merge",
    summary="Merge another record into this one",
    openapi_extra=request_body(doc.MergeIn),
    responses={200: response(doc.EntityChange)},
)
async def merge_entities(
    request: Request, entity_id: int = EntityPath, user: UserIdentity = roles(*LINKERS)
) -> Response:
    body = await decode(request, doc.MergeIn)
    job = entity_commands.merge(
        entity_id, body.other, actor_of(user), client_of(request), _plain(body.note), _cleared(user)
    )
    return json_response(await hub_of(request).writer.run(job))


@router.post(
    "/entities/{entity_id}/split",
    summary="Split the mentions in some captures off into a record of their own",
    openapi_extra=request_body(doc.SplitIn),
    responses={200: response(doc.EntityChange)},
)
async def split_entity(
    request: Request, entity_id: int = EntityPath, user: UserIdentity = roles(*LINKERS)
) -> Response:
    body = await decode(request, doc.SplitIn)
    job = entity_commands.split(
        entity_id,
        body.captures,
        actor_of(user),
        client_of(request),
        _plain(body.note),
        _cleared(user),
    )
    return json_response(await hub_of(request).writer.run(job))
