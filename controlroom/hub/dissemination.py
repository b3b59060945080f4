"""What roles not cleared for handling code C may see of a capture, on every read path.

A capture is, for those roles, one of three things:

- **hidden**: its handling code is C (or anything but P or none): not listed, not served, not
  streamed;
- **sanitised**: an analyst has graded it: only its sanitised text is shown (summary = that
  text, no fields, no attachments), because what is disseminated beyond the cleared roles is
  only ever the sanitised text;
- **full**: not graded yet and not C: shown as the officer sent it.

Every event about a capture that is not *full* carries ``restricted=True``. When a capture
stops being *full* (a regrading to C, a first grading, an amendment the officer marks C), the
events already emitted about it are withheld from uncleared streams from then on: the stream's
backfill from the store asks the capture's current state (:func:`restrict_withheld`) and the
hub's memory of recent events is marked (:func:`withhold_recent`). Workstations that already hold
it are told: ``capture.withdrawn`` when it becomes hidden, ``capture.released`` (the document
as they may now see it) when it is sanitised or released from C.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec
import orjson
from sqlalchemy import Connection, select

from controlroom.contract import documents as doc
from controlroom.contract.events import UNCLEARED_ONLY, CaptureWithdrawn
from controlroom.contract.events import EventType as E
from controlroom.hub.capture_fields import is_restricted
from controlroom.hub.eventlog import EventRow, event
from controlroom.hub.writer import Tx
from controlroom.store.schema import Capture

CAPTURES = Capture.__table__
HIDDEN, SANITISED, FULL = "hidden", "sanitised", "full"
LOOKUP_CHUNK = 500  # ids per IN (...) when asking which captures are withheld


def visibility(handling_code: str | None, graded: bool) -> str:
    """How roles not cleared for C see a capture with this code, graded or not."""
    if is_restricted(handling_code):
        return HIDDEN
    return SANITISED if graded else FULL


def row_visibility(row: Any) -> str:
    """The visibility of a capture row of the store."""
    return visibility(row.handling_code, row.graded_at is not None)


def withheld(row: Any) -> bool:
    """Whether events about this capture row are restricted (it is not shown in full)."""
    return row_visibility(row) != FULL


def open_condition() -> Any:
    """SQL: captures with no handling code or P (every other stored value is hidden)."""
    return CAPTURES.c.handling_code.is_(None) | (CAPTURES.c.handling_code == "P")


def full_condition() -> Any:
    """SQL: captures roles not cleared for C see in full."""
    return open_condition() & CAPTURES.c.graded_at.is_(None)


def sanitised(capture: doc.Capture) -> doc.Capture:
    """The capture as its sanitised text alone."""
    return msgspec.structs.replace(
        capture,
        summary=capture.sanitised_text,
        fields={},
        attachments=[],
        review_note="",
        handling_conditions="",
        proposed_grading=None,
        historic_grading=None,
        amended_fields=[],
        sanitised=True,
    )


def for_role(capture: doc.Capture, cleared: bool) -> doc.Capture | None:
    """The capture as a reader sees it: whole when cleared for C, else hidden (None),
    sanitised or whole by its :func:`visibility`."""
    if cleared:
        return capture
    seen = visibility(capture.handling_code, capture.graded_at is not None)
    if seen == HIDDEN:
        return None
    return sanitised(capture) if seen == SANITISED else capture


def announce(tx: Tx, before: str, after: str, capture: doc.Capture, at: float) -> None:
    """Tell workstations not cleared for C what a change of visibility means for them."""
    if after == HIDDEN and before != HIDDEN:
        withdrawn = CaptureWithdrawn(id=capture.id, handling_code=capture.handling_code or "C")
        tx.emit(event(E.CAPTURE_WITHDRAWN, capture.id, withdrawn, at))
    elif after == SANITISED:
        tx.emit(event(E.CAPTURE_RELEASED, capture.id, sanitised(capture), at))


ENTITY_EVENTS = (E.ENTITY_SUGGESTED, E.ENTITY_DECIDED, E.ENTITY_MERGED, E.ENTITY_SPLIT)


def captures_named(row: EventRow) -> set[str]:
    """The captures an event tells of: its subject for an event about a capture, and for the
    linker's events about records the captures their payload names (what a record was seen
    in comes from them)."""
    if row.type == E.CAPTURE_LINKED:  # and the captures its reasons quote
        return {row.subject, *orjson.loads(row.payload).get("quoting", ())}
    if row.type.startswith("capture.") and row.type not in UNCLEARED_ONLY:
        return {row.subject}
    if row.type not in ENTITY_EVENTS:
        return set()
    payload = orjson.loads(row.payload)
    named = set(payload.get("captures") or ())
    for side in (payload.get("record"), payload.get("candidate")):
        if isinstance(side, dict):
            named.update(side.get("captures") or ())
            if side.get("capture_id"):
                named.add(side["capture_id"])
    return named


def restrict_withheld(connection: Connection, rows: list[EventRow]) -> None:
    """Mark restricted the events (read from the store) about captures not shown in full now,
    whatever they carried when they were emitted."""
    named = {id(r): captures_named(r) for r in rows if not r.restricted}
    subjects = sorted(set().union(*named.values())) if named else []
    held: set[str] = set()
    for start in range(0, len(subjects), LOOKUP_CHUNK):
        chunk = subjects[start : start + LOOKUP_CHUNK]
        held.update(
            connection.execute(
                select(CAPTURES.c.id).where(CAPTURES.c.id.in_(chunk), ~full_condition())
            ).scalars()
        )
    for row in rows:
        if named.get(id(row), set()) & held:
            row.restricted = True


def withhold_recent(recent: Iterable[EventRow], row: EventRow) -> None:
    """On ``capture.withdrawn`` or ``capture.released``: the events before it about that
    capture, kept in memory for resuming streams, are restricted from now on."""
    if row.type not in UNCLEARED_ONLY:
        return
    for earlier in recent:
        if (
            earlier.seq < row.seq
            and not earlier.restricted
            and row.subject in captures_named(earlier)
        ):
            earlier.restricted = True
