"""Grades as they are written and read: the 3x5x2 ("2-B-P": source, intelligence, handling), and
the older 5x5x5 that historic material carries, shown exactly as it was recorded.

An officer's grade on a capture is a proposal; the analyst's evaluation is what counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from controlroom.contract.documents import Capture, Grading, RecordedGrade
from controlroom.grading import written
from controlroom.review.words import day
from controlroom.vocabulary import (
    HANDLING_CODE,
    HISTORIC_HANDLING,
    HISTORIC_INTELLIGENCE,
    HISTORIC_SOURCE,
    INTELLIGENCE_ASSESSMENT,
    SOURCE_EVALUATION,
)


@dataclass(frozen=True)
class Proposal:
    """A grade a capture carries from the device: the officer's 3x5x2 proposal, or a 5x5x5
    grading as recorded."""

    written: str  # "2-B-P"; a 5x5x5 as its parts were recorded, "B-2-4"
    historic: bool
    words: str
    conditions: str = ""


def as_written(source: object, intelligence: object, handling: object) -> str:
    """ "2-B-P" from its parts; a part the device did not give is left out ("2-B")."""
    return "-".join(str(p).strip() for p in (source, intelligence, handling) if p not in (None, ""))


def grade_words(source: object, intelligence: object, handling: object) -> str:
    """ "untested source; known indirectly; lawful sharing permitted"."""
    parts = [
        f"{SOURCE_EVALUATION.words(str(source)).lower()} source" if source else "",
        INTELLIGENCE_ASSESSMENT.words(str(intelligence)).lower() if intelligence else "",
        HANDLING_CODE.words(str(handling)).lower() if handling else "",
    ]
    return "; ".join(p for p in parts if p)


def historic_words(grade: RecordedGrade) -> str:
    parts = [
        HISTORIC_SOURCE.words(grade.source) if grade.source else "",
        HISTORIC_INTELLIGENCE.words(grade.intelligence) if grade.intelligence else "",
        HISTORIC_HANDLING.words(grade.handling) if grade.handling else "",
    ]
    return "; ".join(p.lower() for p in parts if p)


def _where_recorded(quoted: dict) -> str:
    """ " (SP/INT/2009/4471, 12 Mar 2009)" from what the capture quotes, if it says."""
    parts = [str(quoted.get("reference") or ""), day(str(quoted.get("recorded_on") or ""))]
    said = ", ".join(p for p in parts if p)
    return f" ({said})" if said else ""


def proposal_of(capture: Capture) -> Proposal | None:
    """The grade the capture came with: a historic one before the officer's proposal."""
    old = capture.historic_grading
    if old is not None:
        quoted = capture.fields.get("historic_grading")
        where = _where_recorded(quoted if isinstance(quoted, dict) else {})
        return Proposal(
            as_written(old.source, old.intelligence, old.handling),
            True,
            f"5x5x5, as recorded{where}: {historic_words(old)}",
        )
    mine = capture.proposed_grading
    if mine is None:
        return None
    conditions = capture.fields.get("handling_conditions")
    return Proposal(
        as_written(mine.source, mine.intelligence, mine.handling),
        False,
        grade_words(mine.source, mine.intelligence, mine.handling),
        conditions.strip() if isinstance(conditions, str) else "",
    )


@dataclass(frozen=True)
class GradeRow:
    """One line of a capture's grading history: the grade it came with, then each grading."""

    at: str | None
    written: str
    what: str  # "5x5x5, as recorded", "officer's proposal", "graded"
    by: str
    words: str = ""
    conditions: str = ""
    reason: str = ""


def grade_history(capture: Capture, gradings: list[Grading]) -> list[GradeRow]:
    """Oldest first: a historic grading or the officer's proposal, then the analysts'."""
    rows = []
    came_with = proposal_of(capture)
    if came_with is not None:
        what = "5x5x5, as recorded" if came_with.historic else "officer's proposal"
        rows.append(
            GradeRow(
                capture.at,
                came_with.written,
                what,
                capture.callsign,
                came_with.words,
                came_with.conditions,
            )
        )
    for g in gradings:
        rows.append(
            GradeRow(
                g.at,
                g.written or written(g.source, g.intelligence, g.handling),
                "graded",
                g.by.removeprefix("user:"),
                grade_words(g.source, g.intelligence, g.handling),
                g.conditions,
                g.reason,
            )
        )
    return rows
