"""Captures from devices, and the officer's amendments: every revision kept, none overwritten.

A device sends a capture under an id it made, as revision 1; sending it again is idempotent,
and the same revision with other content is a conflict. An amendment (after "has issues", or
the officer's own) is the same id with the next revision: it is stored beside the earlier ones,
the capture shows the latest and what it changed, and it returns to the review queue as new.
A revision that skips one is refused with the revision the hub holds, so the device sends the
one in between first.

The officer may raise the handling code to C in an amendment but never lower it: once C, a
capture is released only by an analyst's grading. Once an analyst has graded it, their code
stands whatever the officer sends.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import insert, select, update

from controlroom.contract import documents as doc
from controlroom.contract.events import EventType as E
from controlroom.contract.requests import CaptureIn
from controlroom.hub import dissemination
from controlroom.hub.capture_fields import is_restricted
from controlroom.hub.context import DeviceIdentity
from controlroom.hub.entity_rows import LINKED
from controlroom.hub.errors import ApiError
from controlroom.hub.eventlog import event
from controlroom.hub.queries import attachments_of
from controlroom.hub.records import Row, capture_doc
from controlroom.hub.search_index import index_capture, reindex_capture
from controlroom.hub.writer import Tx
from controlroom.store.schema import Capture, CaptureReview, CaptureRevision
from controlroom.timeutil import now, to_iso

CAPTURES, REVISIONS = Capture.__table__, CaptureRevision.__table__
REVIEWS = CaptureReview.__table__
COMPARED = ("kind", "at", "lat", "lon", "summary")


def store_capture(
    device: DeviceIdentity, capture: CaptureIn, at: float, handling: str | None, client: str
):
    """The writer's job for ``POST /device/captures``: returns (document, stored anew).
    `handling` is the officer's checked handling code."""

    def job(tx: Tx) -> tuple[doc.Capture, bool]:
        # Locked (on PostgreSQL) until commit: another hub's amendment of it waits for this
        # one; two hubs creating it at once race on its key, and the loser's job runs again.
        existing = tx.execute(
            select(CAPTURES).where(CAPTURES.c.id == capture.id).with_for_update()
        ).first()
        if existing is None:
            if capture.revision != 1:
                raise _gap(capture.id, capture.revision, 0)
            return _create(tx, device, capture, at, handling, client), True
        if existing.unit_id != device.unit_id:
            raise ApiError(409, "conflict", f"capture {capture.id} belongs to another unit")
        stored = tx.execute(
            select(REVISIONS).where(
                REVISIONS.c.capture_id == capture.id, REVISIONS.c.revision == capture.revision
            )
        ).first()
        if stored is not None:
            if not _same(stored, capture, at):
                raise ApiError(
                    409,
                    "conflict",
                    f"capture {capture.id} revision {capture.revision} exists with other content",
                )
            return capture_doc(existing, device.callsign), False
        if capture.revision != existing.revision + 1:
            raise _gap(capture.id, capture.revision, existing.revision)
        return _amend(tx, device, existing, capture, at, handling, client), True

    return job


def _gap(capture_id: str, sent: int, held: int) -> ApiError:
    return ApiError(
        409,
        "revision_gap",
        f"capture {capture_id}: revision {sent} follows {sent - 1}, and the hub holds "
        + (f"revision {held}" if held else "no revision of it: send revision 1 first"),
        extra={"revision": held},
    )


def _values(capture: CaptureIn, at: float) -> dict[str, Any]:
    return {
        "kind": capture.kind,
        "at": at,
        "lat": capture.lat,
        "lon": capture.lon,
        "summary": capture.summary,
        "fields": orjson.dumps(capture.fields).decode(),
    }


def _keep_revision(tx: Tx, capture_id: str, revision: int, device_id: int, values, received):
    changes = values.pop("changes", [])
    tx.execute(
        insert(REVISIONS).values(
            capture_id=capture_id,
            revision=revision,
            device_id=device_id,
            received_at=received,
            changes=orjson.dumps(changes).decode(),
            **values,
        )
    )


def _create(tx: Tx, device, capture: CaptureIn, at: float, handling, client: str) -> doc.Capture:
    received = now()
    values = _values(capture, at)
    row = {
        "id": capture.id,
        "unit_id": device.unit_id,
        "device_id": device.device_id,
        **values,
        "status": "new",
        "handling_code": handling,
        "received_at": received,
        "updated_at": received,
        "revision": 1,
        "amended_fields": "[]",
        "review_by": None,
        "review_at": None,
        "review_note": "",
        "grade_source": None,
        "grade_intelligence": None,
        "graded_by": None,
        "graded_at": None,
        "handling_conditions": "",
        "sanitised_text": "",
    }
    tx.execute(insert(CAPTURES).values(**row))
    _keep_revision(tx, capture.id, 1, device.device_id, dict(values), received)
    index_capture(tx.connection, row)
    created = capture_doc(Row(row), device.callsign)
    restricted = is_restricted(handling)
    tx.emit(event(E.CAPTURE_CREATED, capture.id, created, received, restricted=restricted))
    tx.audit(
        f"device:{device.callsign}",
        "capture.create",
        f"capture:{capture.id}",
        client,
        {"kind": capture.kind},
    )
    return created


def _amend(tx: Tx, device, existing, capture: CaptureIn, at: float, handling, client: str):
    received = now()
    values = _values(capture, at)
    changes = changes_between(existing, values)
    code = _handling_after(existing, handling)
    before = dissemination.row_visibility(existing)
    actor = f"device:{device.callsign}"
    amended = {
        **values,
        "revision": capture.revision,
        "amended_fields": orjson.dumps([c["field"] for c in changes]).decode(),
        "handling_code": code,
        "status": "new",
        "review_by": actor,
        "review_at": received,
        "review_note": "",
        "updated_at": received,
    }
    tx.execute(update(CAPTURES).where(CAPTURES.c.id == capture.id).values(**amended))
    _keep_revision(
        tx, capture.id, capture.revision, device.device_id, {**values, "changes": changes}, received
    )
    tx.execute(
        insert(REVIEWS).values(
            capture_id=capture.id,
            revision=capture.revision,
            state="new",
            was=existing.status,
            by=actor,
            at=received,
            note=f"amended: revision {capture.revision}",
            taken_from=None,
        )
    )
    row = Row({**existing._mapping, **amended})
    reindex_capture(tx.connection, dict(existing._mapping), {**existing._mapping, **amended})
    # linked again, by the linker, from what the capture now says (controlroom/hub/relink.py)
    tx.execute(LINKED.delete().where(LINKED.c.capture_id == capture.id))
    revised = capture_doc(row, device.callsign, attachments_of(tx.connection, capture.id))
    after = dissemination.row_visibility(row)
    tx.emit(
        event(
            E.CAPTURE_REVISED,
            capture.id,
            revised,
            received,
            restricted=after != dissemination.FULL,
        )
    )
    dissemination.announce(tx, before, after, revised, received)
    tx.audit(
        actor,
        "capture.amend",
        f"capture:{capture.id}",
        client,
        {"revision": capture.revision, "changed": [c["field"] for c in changes]},
    )
    return revised


def _handling_after(existing, officer_code: str | None) -> str | None:
    """The code in force after an amendment: the analyst's if graded; else the officer's,
    except that C is never lowered by the officer."""
    if existing.graded_at is not None:
        return existing.handling_code
    if is_restricted(existing.handling_code) and not is_restricted(officer_code):
        return existing.handling_code
    return officer_code


def changes_between(before, after: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed from one revision (a stored row) to the next (values about to be stored):
    the top-level parts, and each of ``fields`` by name."""
    found: list[dict[str, Any]] = []
    for name in COMPARED:
        old, new = getattr(before, name), after[name]
        if old != new:
            if name == "at":
                old, new = to_iso(old), to_iso(new)
            found.append({"field": name, "before": old, "after": new})
    old_fields, new_fields = orjson.loads(before.fields), orjson.loads(after["fields"])
    for key in sorted(set(old_fields) | set(new_fields)):
        if old_fields.get(key) != new_fields.get(key):
            found.append(
                {
                    "field": f"fields.{key}",
                    "before": old_fields.get(key),
                    "after": new_fields.get(key),
                }
            )
    return found


def _same(stored, capture: CaptureIn, at: float) -> bool:
    """A resend of a stored revision (its fields compared as documents, not as text)."""
    mine = (stored.kind, stored.at, stored.lat, stored.lon, stored.summary)
    return mine == (capture.kind, at, capture.lat, capture.lon, capture.summary) and (
        orjson.loads(stored.fields) == capture.fields
    )


def revisions(connection, capture_id: str) -> list[doc.Revision]:
    """Every revision of the capture as its device sent it, oldest first."""
    rows = connection.execute(
        select(REVISIONS).where(REVISIONS.c.capture_id == capture_id).order_by(REVISIONS.c.revision)
    )
    return [
        doc.Revision(
            revision=r.revision,
            kind=r.kind,
            at=to_iso(r.at) or "",
            lat=r.lat,
            lon=r.lon,
            summary=r.summary,
            fields=orjson.loads(r.fields),
            received_at=to_iso(r.received_at) or "",
            changes=[doc.RevisionChange(**c) for c in orjson.loads(r.changes)],
        )
        for r in rows
    ]
