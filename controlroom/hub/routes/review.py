"""The intelligence desk's API: review steps, 3x5x2 gradings, and a capture's history (its
gradings, review steps and revisions). Review and grading are for the roles that triage
(intelligence, supervisor); every read is audited."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from controlroom.contract import documents as doc
from controlroom.contract import requests as req
from controlroom.contract.openapi import request_body, response
from controlroom.hub import commands, grading, review, revisions
from controlroom.hub.auth import CLEARED_FOR_C, OPERATIONS, TRIAGE, client_of, hub_of, roles
from controlroom.hub.body import decode
from controlroom.hub.context import UserIdentity
from controlroom.hub.params import stated
from controlroom.hub.reading import readable_capture
from controlroom.hub.respond import actor_of, json_response

router = APIRouter(prefix="/api/v1", tags=["intelligence desk"])
CAPTURE = "/captures/{capture_id}"
Why = Query("", max_length=500, description="why it is being read (kept in the audit)")


@router.post(
    CAPTURE + "/review",
    summary="A review step: claim (in_review), give back (new), or finish a capture "
    "(reviewed, actioned, no_further_action, has_issues with a note: back to the officer)",
    openapi_extra=request_body(req.ReviewIn),
    responses={200: response(doc.Capture), 409: {"description": "claimed by another analyst"}},
)
async def post_review(
    capture_id: str, request: Request, user: UserIdentity = roles(*TRIAGE)
) -> Response:
    body = await decode(request, req.ReviewIn)
    job = review.review(
        capture_id, body.state, body.note, body.take_over, actor_of(user), client_of(request)
    )
    return json_response(await hub_of(request).writer.run(job))


@router.post(
    CAPTURE + "/status",
    summary="Set a capture's review state (the older form of /review: status and reason)",
    openapi_extra=request_body(req.CaptureStatusIn),
    responses={200: response(doc.Capture)},
)
async def post_status(
    capture_id: str, request: Request, user: UserIdentity = roles(*TRIAGE)
) -> Response:
    body = await decode(request, req.CaptureStatusIn)
    job = review.review(
        capture_id, body.status, body.reason, False, actor_of(user), client_of(request)
    )
    return json_response(await hub_of(request).writer.run(job))


@router.put(
    CAPTURE + "/grading",
    summary="Grade a capture 3x5x2 (C needs conditions); the handling code given is in force",
    openapi_extra=request_body(req.GradingIn),
    responses={200: response(doc.Capture)},
)
async def put_grading(
    capture_id: str, request: Request, user: UserIdentity = roles(*TRIAGE)
) -> Response:
    body = await decode(request, req.GradingIn)
    job = grading.grade(capture_id, body, actor_of(user), client_of(request))
    return json_response(await hub_of(request).writer.run(job))


async def _history(
    request: Request,
    user: UserIdentity,
    capture_id: str,
    what: str,
    read: Callable[[Any, str], list],
    reason: str = "",
) -> tuple[str, list]:
    """A capture's id and its history of `what`, once the reader may see the whole capture
    (audited)."""
    why = stated(reason)
    capture_id = (await readable_capture(request, user, capture_id, why, whole=True)).id
    hub = hub_of(request)

    def load() -> list:
        with hub.engine.connect() as connection:
            return read(connection, capture_id)

    found = await asyncio.to_thread(load)
    audit = commands.audit_only(
        actor_of(user), f"capture.{what}", f"capture:{capture_id}", client_of(request), None, why
    )
    await hub.writer.run(audit)
    return capture_id, found


@router.get(
    CAPTURE + "/gradings",
    summary="Every grading of a capture, oldest first (who, when, why)",
    responses={200: response(doc.Gradings)},
)
async def get_gradings(
    capture_id: str,
    request: Request,
    reason: str = Why,
    user: UserIdentity = roles(*CLEARED_FOR_C),
) -> Response:
    capture_id, found = await _history(
        request, user, capture_id, "gradings", grading.gradings, reason
    )
    return json_response(doc.Gradings(capture_id=capture_id, gradings=found))


@router.get(
    CAPTURE + "/reviews",
    summary="Every review step of a capture, oldest first (who, when, the note)",
    responses={200: response(doc.Reviews)},
)
async def get_reviews(
    capture_id: str,
    request: Request,
    reason: str = Why,
    user: UserIdentity = roles(*CLEARED_FOR_C),
) -> Response:
    capture_id, found = await _history(request, user, capture_id, "reviews", review.reviews, reason)
    return json_response(doc.Reviews(capture_id=capture_id, reviews=found))


@router.get(
    CAPTURE + "/revisions",
    summary="Every revision of a capture as the officer sent it, with what each changed",
    responses={200: response(doc.Revisions)},
)
async def get_revisions(
    capture_id: str,
    request: Request,
    reason: str = Why,
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    capture_id, found = await _history(
        request, user, capture_id, "revisions", revisions.revisions, reason
    )
    return json_response(doc.Revisions(capture_id=capture_id, revisions=found))
