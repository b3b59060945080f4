"""The captures a search found, newest first: when, what kind, who sent it, its grade and code,
and its summary."""

from __future__ import annotations

from PySide6.QtCore import Qt

from controlroom.contract.documents import Capture
from controlroom.localtime import day_and_clock
from controlroom.vocabulary import CAPTURE_KIND
from ui.models.listing import Display, RowsModel
from ui.models.palette import colour

WHEN, KIND, OFFICER, GRADE, SUMMARY = range(5)


def grade_of(capture: Capture) -> str:
    """ "2-B-P" as graded; the handling code alone (in brackets) where it is the officer's."""
    g = capture.grading
    if g is not None:
        return f"{g.source}-{g.intelligence}-{g.handling}"
    return f"({capture.handling_code})" if capture.handling_code else ""


class SearchResultsModel(RowsModel):
    HEADERS = ("When", "Kind", "Officer", "Grade", "Summary")

    def row_data(self, row: Capture, column: int, role: int) -> object:
        if role == Display:
            if column == WHEN:
                return day_and_clock(row.at)
            if column == KIND:
                return CAPTURE_KIND.words(row.kind)
            if column == OFFICER:
                return row.callsign
            if column == GRADE:
                return grade_of(row)
            return row.summary
        if role == Qt.ItemDataRole.ForegroundRole and column == KIND:
            return colour(CAPTURE_KIND, row.kind)
        if role == Qt.ItemDataRole.ToolTipRole and column == SUMMARY:
            return row.summary
        return None

    def capture(self, row: int) -> Capture | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None
