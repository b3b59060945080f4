"""Exhibits: an attachment's bytes (viewed), its custody log, and its export with a manifest.

Every view and export hashes the stored bytes against the SHA-256 the device recorded and
writes a custody entry (who, when, from where, why, the hash result) to the audit, whether the
hash matched or not; bytes that no longer match are never served (409 integrity_failure).
Bytes the store does not hold at all are reported as missing (410 missing_from_store), never
as tampered: on a store that should hold them, that is lost evidence, not altered evidence.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from controlroom.contract import documents as doc
from controlroom.contract.openapi import response
from controlroom.hub import commands, custody, queries
from controlroom.hub.auth import OPERATIONS, client_of, hub_of, roles
from controlroom.hub.context import UserIdentity
from controlroom.hub.dissemination import HIDDEN
from controlroom.hub.errors import ApiError, invalid, not_found
from controlroom.hub.params import attachment_name, capture_key, stated
from controlroom.hub.reading import refuse_unless_seen, require_reason
from controlroom.hub.respond import actor_of, json_response
from controlroom.timeutil import now

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1", tags=["evidence"])
EXHIBIT = "/captures/{capture_id}/attachments/{name}"
CHECKED: dict[int | str, dict] = {
    409: {"description": "integrity_failure: the stored bytes hash otherwise"},
    410: {"description": "missing_from_store: the store holds no bytes for it"},
}
Reason = Query("", max_length=500, description="why it is being opened: kept in its custody log")


async def _exhibit(request: Request, user: UserIdentity, capture_id: str, name: str) -> dict:
    """The attachment's record, once the reader's role may see the whole capture."""
    capture_id, name = capture_key(capture_id), attachment_name(name)
    meta = await asyncio.to_thread(queries.attachment, hub_of(request).engine, capture_id, name)
    if meta is None:
        raise not_found(f"no attachment {name} on capture {capture_id}")
    where = custody.target(capture_id, name)
    seen, code = meta["visibility"], meta["handling_code"]
    await refuse_unless_seen(request, user, seen, code, where, whole=True)
    return dict(meta, capture_id=capture_id)


async def _open(request: Request, user: UserIdentity, meta: dict, action: str, reason: str):
    """Read and hash the exhibit's bytes and record the access; 409 when they do not match,
    410 when the store holds none."""
    hub = hub_of(request)
    content, computed = await asyncio.to_thread(custody.read_verified, hub.blobs, meta["sha256"])
    detail = custody.access_detail(meta["sha256"], computed, missing=content is None)
    at = now()
    record = commands.audit_only(
        actor_of(user),
        action,
        custody.target(meta["capture_id"], meta["name"]),
        client_of(request),
        detail,
        reason,
    )
    await hub.writer.run(record)
    if content is None:
        where = custody.target(meta["capture_id"], meta["name"])
        log.error(
            "the bytes of %s (sha256 %s) are missing from the %s attachment store",
            where,
            meta["sha256"],
            hub.blobs.kind,
        )
        raise ApiError(
            410,
            "missing_from_store",
            f"the bytes of {meta['name']} (sha256 {meta['sha256']}) are missing from the "
            "attachment store",
        )
    if not detail["hash_ok"]:
        raise ApiError(
            409,
            "integrity_failure",
            f"stored bytes of {meta['name']} no longer match their hash {meta['sha256']}",
            extra={"computed": computed or None},
        )
    return content, at


async def _custody_log(request: Request, capture_id: str, name: str) -> list[doc.CustodyEntry]:
    engine = hub_of(request).engine

    def read() -> list[doc.CustodyEntry]:
        with engine.connect() as connection:
            return custody.entries(connection, capture_id, name)

    return await asyncio.to_thread(read)


@router.get(
    EXHIBIT,
    summary="An exhibit's bytes, verified against their hash and entered in its custody log",
    responses={200: {"content": {"application/octet-stream": {}}}, **CHECKED},
)
async def view_attachment(
    capture_id: str,
    name: str,
    request: Request,
    reason: str = Reason,
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    why = stated(reason)
    meta = await _exhibit(request, user, capture_id, name)
    require_reason(request, "exhibit", why)
    if meta["visibility"] == HIDDEN:
        require_reason(request, "restricted", why)
    content, _ = await _open(request, user, meta, "attachment.read", why)
    headers = {"X-Content-SHA256": meta["sha256"]}
    return Response(content, media_type=meta["content_type"], headers=headers)


@router.get(
    EXHIBIT + "/custody",
    summary="An exhibit's custody log: every access, oldest first",
    responses={200: response(doc.Custody)},
)
async def attachment_custody(
    capture_id: str, name: str, request: Request, user: UserIdentity = roles(*OPERATIONS)
) -> Response:
    meta = await _exhibit(request, user, capture_id, name)
    capture_id, name = meta["capture_id"], meta["name"]
    log = await _custody_log(request, capture_id, name)
    where = custody.target(capture_id, name)
    audit = commands.audit_only(actor_of(user), "attachment.custody", where, client_of(request))
    await hub_of(request).writer.run(audit)
    found = doc.Custody(capture_id=capture_id, name=name, sha256=meta["sha256"], entries=log)
    return json_response(found)


@router.get(
    EXHIBIT + "/export",
    summary="Export an exhibit: a zip of its bytes and a manifest (hash, capture, officer, "
    "times, custody log); a reason is required",
    responses={200: {"content": {"application/zip": {}}}, **CHECKED},
)
async def export_attachment(
    capture_id: str,
    name: str,
    request: Request,
    reason: str = Reason,
    user: UserIdentity = roles(*OPERATIONS),
) -> Response:
    why = stated(reason)
    if not why:
        raise invalid("an exhibit is exported only with a stated reason: give ?reason=")
    meta = await _exhibit(request, user, capture_id, name)
    capture_id, name = meta["capture_id"], meta["name"]
    content, at = await _open(request, user, meta, "attachment.export", why)
    log = await _custody_log(request, capture_id, name)
    document = custody.manifest(meta, True, actor_of(user), at, why, log)
    archive = await asyncio.to_thread(custody.export_zip, content, document)
    headers = {
        "Content-Disposition": f'attachment; filename="{capture_id}-{name}.zip"',
        "X-Content-SHA256": meta["sha256"],
    }
    return Response(archive, media_type="application/zip", headers=headers)
