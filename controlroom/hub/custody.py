"""Evidence and its custody: every access to an attachment is an entry of the append-only,
hash-chained audit (who, when, from where, why, and whether the bytes still hashed to what the
device recorded), and the custody log is read back from there, so it cannot be edited apart
from the audit. An export is the exhibit's bytes with a manifest in one zip."""

from __future__ import annotations

import hashlib
import io
import zipfile

import msgspec
import orjson
from sqlalchemy import Connection, select

from controlroom.contract import documents as doc
from controlroom.hub.blobstore import FileStore
from controlroom.store.schema import AuditRecord
from controlroom.timeutil import to_iso

AUDIT = AuditRecord.__table__
# The audit's actions that are custody entries, and the custody log's word for each.
CUSTODY_ACTIONS = {
    "attachment.store": "stored",
    "attachment.read": "viewed",
    "attachment.export": "exported",
    "capture.denied": "refused",
}


def target(capture_id: str, name: str) -> str:
    """How the audit names an exhibit."""
    return f"capture:{capture_id}/{name}"


def read_verified(store: FileStore, sha256: str) -> tuple[bytes | None, str]:
    """The stored bytes and what they hash to (None and "" when the store has none)
    (blocking)."""
    content = store.read(sha256)
    if content is None:
        return None, ""
    return content, hashlib.sha256(content).hexdigest()


def access_detail(recorded: str, computed: str, missing: bool = False) -> dict:
    """What a custody entry records of the hash check: bytes missing from the store were not
    checked at all (neither right nor wrong)."""
    if missing:
        return {"sha256": recorded, "computed": "", "hash_ok": None, "missing": True}
    return {"sha256": recorded, "computed": computed, "hash_ok": computed == recorded}


def entries(connection: Connection, capture_id: str, name: str) -> list[doc.CustodyEntry]:
    """The exhibit's custody log, oldest first."""
    rows = connection.execute(
        select(AUDIT)
        .where(AUDIT.c.target == target(capture_id, name), AUDIT.c.action.in_(CUSTODY_ACTIONS))
        .order_by(AUDIT.c.id)
    )
    return [_entry(row) for row in rows]


def _entry(row) -> doc.CustodyEntry:
    detail = orjson.loads(row.detail) if row.detail else {}
    action = CUSTODY_ACTIONS[row.action]
    # Nothing is read on a refused access, nor from a store missing the bytes. Reads recorded
    # before hash results were kept were served only when the hash matched, and an upload is
    # checked against the device's hash.
    unread = action == "refused" or detail.get("missing", False)
    hash_ok = None if unread else bool(detail.get("hash_ok", True))
    return doc.CustodyEntry(
        at=to_iso(row.at) or "",
        actor=row.actor,
        action=action,
        hash_ok=hash_ok,
        client=row.client,
        reason=row.reason,
        sha256=str(detail.get("computed", detail.get("sha256", ""))),
        audit_id=row.id,
    )


def manifest(meta: dict, hash_ok: bool, by: str, at: float, reason: str, log) -> doc.Manifest:
    return doc.Manifest(
        capture_id=meta["capture_id"],
        name=meta["name"],
        sha256=meta["sha256"],
        size=meta["size"],
        content_type=meta["content_type"],
        hash_ok=hash_ok,
        officer=meta["callsign"],
        kind=meta["kind"],
        captured_at=to_iso(meta["captured_at"]) or "",
        received_at=to_iso(meta["received_at"]),
        stored_at=to_iso(meta["stored_at"]),
        exported_at=to_iso(at) or "",
        exported_by=by,
        reason=reason,
        custody=log,
    )


def export_zip(content: bytes, document: doc.Manifest) -> bytes:
    """The exhibit (``exhibit/NAME``) and its manifest (``manifest.json``) in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"exhibit/{document.name}", content)
        archive.writestr("manifest.json", msgspec.json.format(msgspec.json.encode(document)))
    return buffer.getvalue()
