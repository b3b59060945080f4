"""The analyst's 3x5x2 grading of a capture: every grading kept, the latest in force.

The grading's handling code becomes the capture's: regrading P to C restricts it at once on
every path, C to P releases it (as its sanitised text) to the roles not cleared for C. See
``controlroom.hub.dissemination`` for what each role then sees, and how workstations that
already hold it are told.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update

from controlroom.contract import documents as doc
from controlroom.contract.events import CaptureGraded
from controlroom.contract.events import EventType as E
from controlroom.contract.requests import GradingIn
from controlroom.grading import written
from controlroom.hub import dissemination
from controlroom.hub.errors import invalid
from controlroom.hub.eventlog import event
from controlroom.hub.params import capture_key
from controlroom.hub.queries import attachments_of
from controlroom.hub.records import Row, capture_doc
from controlroom.hub.review import capture_row, claimed_by_another, holder_of
from controlroom.hub.search_index import reindex_capture
from controlroom.hub.writer import Tx
from controlroom.store.schema import Capture, CaptureGrading
from controlroom.timeutil import now, to_iso

CAPTURES, GRADINGS = Capture.__table__, CaptureGrading.__table__


def check(grading: GradingIn) -> None:
    """What the contract's types cannot say: code C needs its conditions."""
    if grading.handling == "C" and not grading.conditions.strip():
        raise invalid("handling code C needs its conditions (what sharing is permitted)")


def grade(capture_id: str, grading: GradingIn, actor: str, client: str):
    """The writer's job for ``PUT /captures/{id}/grading``: returns the capture."""
    capture_id = capture_key(capture_id)
    check(grading)

    def job(tx: Tx) -> doc.Capture:
        row = capture_row(tx, capture_id)
        holder = holder_of(row)
        if holder is not None and holder != actor:
            raise claimed_by_another(row, actor)
        at = now()
        conditions = grading.conditions.strip() if grading.handling == "C" else ""
        grading_id = tx.execute(
            insert(GRADINGS).values(
                capture_id=capture_id,
                revision=row.revision,
                source=grading.source,
                intelligence=grading.intelligence,
                handling=grading.handling,
                conditions=conditions,
                sanitised_text=grading.sanitised_text,
                reason=grading.reason,
                graded_by=actor,
                graded_at=at,
            )
        ).inserted_primary_key[0]
        values = {
            "grade_source": grading.source,
            "grade_intelligence": grading.intelligence,
            "handling_code": grading.handling,
            "handling_conditions": conditions,
            "sanitised_text": grading.sanitised_text,
            "graded_by": actor,
            "graded_at": at,
            "updated_at": at,
        }
        tx.execute(update(CAPTURES).where(CAPTURES.c.id == capture_id).values(**values))
        graded_row = Row({**row._mapping, **values})
        reindex_capture(tx.connection, dict(row._mapping), {**row._mapping, **values})
        graded = capture_doc(graded_row, row.callsign, attachments_of(tx.connection, capture_id))
        before, after = dissemination.row_visibility(row), dissemination.row_visibility(graded_row)
        payload = CaptureGraded(
            id=capture_id,
            grading=doc.CaptureGrade(
                source=grading.source, intelligence=grading.intelligence, handling=grading.handling
            ),
            grading_id=grading_id,
            handling_code=grading.handling,
            handling_conditions=conditions,
            sanitised_text=grading.sanitised_text,
            by=actor,
            at=to_iso(at) or "",
        )
        tx.emit(event(E.CAPTURE_GRADED, capture_id, payload, at, restricted=True))
        dissemination.announce(tx, before, after, graded, at)
        tx.audit(
            actor,
            "capture.grade",
            f"capture:{capture_id}",
            client,
            {
                "grading_id": grading_id,
                "grading": written(grading.source, grading.intelligence, grading.handling),
                "handling": {"from": row.handling_code, "to": grading.handling},
            },
            grading.reason,
        )
        return graded

    return job


def gradings(connection, capture_id: str) -> list[doc.Grading]:
    """Every grading of the capture, oldest first."""
    rows = connection.execute(
        select(GRADINGS).where(GRADINGS.c.capture_id == capture_id).order_by(GRADINGS.c.id)
    )
    return [
        doc.Grading(
            id=r.id,
            capture_id=r.capture_id,
            source=r.source,
            intelligence=r.intelligence,
            handling=r.handling,
            conditions=r.conditions,
            sanitised_text=r.sanitised_text,
            reason=r.reason,
            by=r.graded_by,
            at=to_iso(r.graded_at) or "",
            revision=r.revision,
            written=written(r.source, r.intelligence, r.handling),
        )
        for r in rows
    ]
