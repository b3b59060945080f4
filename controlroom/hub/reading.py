"""Reading a capture on behalf of a user: what their role may see of it, refusals audited, and
a stated reason asked first where the force's settings say so (``--require-reason``)."""

from __future__ import annotations

import asyncio

from fastapi import Request

from controlroom.contract import documents as doc
from controlroom.hub import commands, queries
from controlroom.hub.auth import CLEARED_FOR_C, client_of, hub_of
from controlroom.hub.context import UserIdentity
from controlroom.hub.dissemination import FULL, HIDDEN, for_role, visibility
from controlroom.hub.errors import ApiError, forbidden, not_found
from controlroom.hub.params import capture_key
from controlroom.hub.respond import actor_of

WHY = {
    "restricted": "this force asks why before a restricted (code C) capture is read",
    "exhibit": "this force asks why before an exhibit is opened",
}


def cleared(user: UserIdentity) -> bool:
    return user.role in CLEARED_FOR_C


def require_reason(request: Request, what: str, reason: str) -> None:
    """428 unless a reason is given for a read the force counts as sensitive (`what`)."""
    if what in hub_of(request).require_reason and not reason:
        raise ApiError(
            428,
            "reason_required",
            f"{WHY[what]}: give ?reason= saying why",
            extra={"sensitive": what},
        )


async def refuse(request: Request, user: UserIdentity, target: str, detail: dict, why: str):
    """Audit a refused read of restricted material, then refuse it."""
    audit = commands.audit_only(
        actor_of(user), "capture.denied", target, client_of(request), detail
    )
    await hub_of(request).writer.run(audit)
    raise forbidden(why)


async def refuse_unless_seen(
    request: Request, user: UserIdentity, seen: str, code: str | None, target: str, whole: bool
) -> None:
    """Refuse a reader not cleared for C what their role may not see of a capture whose
    visibility is `seen`: a hidden capture, or (`whole`: its fields, revisions or
    attachments) one shown only as its sanitised text."""
    if cleared(user):
        return
    if seen == HIDDEN:
        why = "this capture carries handling code C"
        await refuse(request, user, target, {"handling_code": code}, why)
    if whole and seen != FULL:
        why = "this capture is shown to your role only as its sanitised text"
        await refuse(request, user, target, {"handling_code": code, "sanitised": True}, why)


async def readable_capture(
    request: Request, user: UserIdentity, capture_id: str, reason: str, whole: bool = False
) -> doc.Capture:
    """The capture as `user` may see it; 404 when there is none, 403 (audited) when their
    role may not, 428 when the force asks why and no reason is given."""
    capture_id = capture_key(capture_id)
    found = await asyncio.to_thread(queries.capture, hub_of(request).engine, capture_id)
    if found is None:
        raise not_found(f"no capture {capture_id}")
    seen = visibility(found.handling_code, found.graded_at is not None)
    target = f"capture:{capture_id}"
    await refuse_unless_seen(request, user, seen, found.handling_code, target, whole)
    if seen == HIDDEN:
        require_reason(request, "restricted", reason)
    shown = for_role(found, cleared(user))
    assert shown is not None  # refused above when hidden from this role
    return shown
