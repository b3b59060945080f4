"""Intelligence gradings as people write and read them: 3x5x2 ("2-B-P"), and the grades an
officer's device records (a 3x5x2 proposal, or a historic 5x5x5 grading shown as recorded).

The officer's grade is only a proposal: the analyst's grading (``controlroom.hub.grading``) is
the one in force. A capture's fields are whatever the device sent, so reading them never
raises: a grade that cannot be read is simply not shown.
"""

from __future__ import annotations

from typing import Any

from controlroom.contract.documents import RecordedGrade

MAX_PART = 16  # a recorded value longer than this is not a grade


def written(source: object, intelligence: object, handling: object) -> str:
    """A grading as it is written: "2-B-P"."""
    return f"{source}-{intelligence}-{handling}"


def _part(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text if 0 < len(text) <= MAX_PART else None


def proposed_grade(fields: dict) -> RecordedGrade | None:
    """The officer's 3x5x2 proposal, from ``source_evaluation``, ``intelligence_assessment``
    and ``handling_code``, as sent."""
    source = _part(fields.get("source_evaluation"))
    intelligence = _part(fields.get("intelligence_assessment"))
    if source is None and intelligence is None:
        return None
    handling = _part(fields.get("handling_code")) or ""
    return RecordedGrade(
        system="3x5x2", source=source or "", intelligence=intelligence or "", handling=handling
    )


def historic_grade(fields: dict) -> RecordedGrade | None:
    """A 5x5x5 grading the capture quotes (``historic_grading``: system, source,
    intelligence, handling), exactly as it was recorded."""
    recorded = fields.get("historic_grading")
    if not isinstance(recorded, dict) or recorded.get("system") != "5x5x5":
        return None
    parts = [_part(recorded.get(key)) for key in ("source", "intelligence", "handling")]
    if any(part is None for part in parts):
        return None
    source, intelligence, handling = (part or "" for part in parts)
    return RecordedGrade(
        system="5x5x5", source=source, intelligence=intelligence, handling=handling
    )
