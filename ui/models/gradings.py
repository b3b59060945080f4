"""GradingsModel: a capture's grading history, oldest first: the grade it came with (the
officer's proposal, or a historic 5x5x5 as recorded), then every analyst's grading with who,
when and why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from controlroom.localtime import day_and_clock, stamp
from controlroom.review.grades import GradeRow
from ui.models.base import SortRole
from ui.models.listing import RowsModel

WHEN, GRADE, WHAT, BY, CONDITIONS, REASON = range(6)
Display = Qt.ItemDataRole.DisplayRole


class GradingsModel(RowsModel):
    HEADERS = ("When", "Grade", "", "By", "Conditions", "Why")
    KEY = "at"

    def row_data(self, row: GradeRow, column: int, role: int) -> object:
        if role == Display:
            return self._text(row, column)
        if role == SortRole:
            return row.at or "" if column == WHEN else self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.written}: {row.words} ({stamp(row.at)})"
        if role == Qt.ItemDataRole.FontRole and column == GRADE:
            font = QFont()
            font.setBold(row.what == "graded")
            return font
        return None

    def _text(self, row: GradeRow, column: int) -> str:
        return (
            day_and_clock(row.at),
            row.written,
            row.what,
            row.by,
            row.conditions,
            row.reason,
        )[column]
