"""The review of a capture: claimed by one analyst, finished with a state, sent back to the
officer when it has issues.

- ``in_review`` claims the capture: every workstation sees who has it (``capture.status``).
  Claiming a capture another analyst holds is refused with 409 naming them and since when,
  unless ``take_over`` is set: that takes the claim on the record (``taken_from``).
- ``new`` gives a claim back to the queue (the holder, or anyone taking over).
- ``reviewed``, ``actioned``, ``no_further_action`` and ``has_issues`` finish a review; a
  capture nobody holds may be finished at once (the claim is implied). ``has_issues`` needs a
  note saying what is missing, and sends it to the capturing unit's device
  (``capture.feedback``); the officer's amendment brings the capture back as ``new``.

A change to the state that the capture already has, by the analyst who set it (or back to
``new`` when it is new), changes nothing: it is audited, and answered with the capture as it is.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update

from controlroom.contract import documents as doc
from controlroom.contract.events import CaptureFeedback, CaptureStatusChange
from controlroom.contract.events import EventType as E
from controlroom.hub.dissemination import withheld
from controlroom.hub.errors import ApiError, invalid, not_found
from controlroom.hub.eventlog import event
from controlroom.hub.params import capture_key
from controlroom.hub.queries import attachments_of
from controlroom.hub.records import Row, capture_doc
from controlroom.hub.writer import Tx
from controlroom.store.schema import Capture, CaptureReview, Unit
from controlroom.timeutil import now, to_iso

CAPTURES, REVIEWS, UNITS = Capture.__table__, CaptureReview.__table__, Unit.__table__


def capture_row(tx: Tx, capture_id: str):
    """The capture with its unit's call sign, or a 404; locked until the change commits, so
    a claim or grading through another hub at the same moment waits and sees this one."""
    row = tx.execute(
        select(CAPTURES, UNITS.c.callsign)
        .join(UNITS, UNITS.c.id == CAPTURES.c.unit_id)
        .where(CAPTURES.c.id == capture_id)
        .with_for_update(of=CAPTURES)
    ).first()
    if row is None:
        raise not_found(f"no capture {capture_id}")
    return row


def holder_of(row) -> str | None:
    """Who holds the capture's claim (None when it is not in review)."""
    return row.review_by if row.status == "in_review" else None


def claimed_by_another(row, actor: str) -> ApiError:
    holder = holder_of(row)
    since = to_iso(row.review_at)
    name = (holder or "").removeprefix("user:")
    return ApiError(
        409,
        "claimed",
        f"capture {row.id} is being reviewed by {name} since {since}",
        extra={"by": holder, "since": since},
    )


def review(capture_id: str, state: str, note: str, take_over: bool, actor: str, client: str):
    """The writer's job for ``POST /captures/{id}/review``: returns the capture."""
    capture_id = capture_key(capture_id)
    if state == "has_issues" and not note.strip():
        raise invalid("has_issues needs a note saying what is missing")

    def job(tx: Tx) -> doc.Capture:
        row = capture_row(tx, capture_id)
        holder = holder_of(row)
        taken_from = None
        if holder is not None and holder != actor:
            if not take_over:
                raise claimed_by_another(row, actor)
            taken_from = holder
        # A repeat (a retry, a second click) changes nothing; a new note on the same state is
        # a step of its own, or what the analyst wrote would be acknowledged and dropped.
        repeat = row.status == state and note == (row.review_note or "")
        if repeat and (row.review_by == actor or state == "new"):
            tx.audit(actor, "capture.review", f"capture:{capture_id}", client, {"unchanged": state})
            return _document(tx, row)
        at = now()
        values = {"status": state, "review_by": actor, "review_at": at, "review_note": note}
        tx.execute(
            update(CAPTURES).where(CAPTURES.c.id == capture_id).values(updated_at=at, **values)
        )
        review_id = tx.execute(
            insert(REVIEWS).values(
                capture_id=capture_id,
                revision=row.revision,
                state=state,
                was=row.status,
                by=actor,
                at=at,
                note=note,
                taken_from=taken_from,
            )
        ).inserted_primary_key[0]
        restricted = withheld(row)
        change = CaptureStatusChange(
            id=capture_id,
            status=state,
            by=actor,
            was=row.status,
            at=to_iso(at),
            note=note,
            revision=row.revision,
            taken_from=taken_from,
        )
        tx.emit(event(E.CAPTURE_STATUS, capture_id, change, at, restricted=restricted))
        if state == "has_issues":
            _send_back(tx, row, note, actor, at)
        detail = {"from": row.status, "to": state, "review_id": review_id}
        if taken_from:
            detail["taken_from"] = taken_from
        tx.audit(actor, "capture.review", f"capture:{capture_id}", client, detail, note)
        return _document(tx, row, **values, updated_at=at)

    return job


def _send_back(tx: Tx, row, note: str, actor: str, at: float) -> None:
    """What is missing, to the device of the unit that made the capture."""
    feedback = CaptureFeedback(
        id=row.id,
        capture_id=row.id,
        note=note,
        revision=row.revision,
        kind=row.kind,
        summary=row.summary,
        by=actor,
        at=to_iso(at) or "",
    )
    tx.emit(event(E.CAPTURE_FEEDBACK, row.id, feedback, at, to_unit=row.unit_id, restricted=True))


def _document(tx: Tx, row, **changed) -> doc.Capture:
    values = {**row._mapping, **changed}
    return capture_doc(Row(values), row.callsign, attachments_of(tx.connection, row.id))


def reviews(connection, capture_id: str) -> list[doc.Review]:
    """Every change of the capture's review state, oldest first."""
    rows = connection.execute(
        select(REVIEWS).where(REVIEWS.c.capture_id == capture_id).order_by(REVIEWS.c.id)
    )
    return [
        doc.Review(
            id=r.id,
            capture_id=r.capture_id,
            state=r.state,
            was=r.was,
            by=r.by,
            at=to_iso(r.at) or "",
            note=r.note,
            revision=r.revision,
            taken_from=r.taken_from,
        )
        for r in rows
    ]
