"""CapturesModel: the feed, newest first; captures not yet opened are emphasised."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from controlroom.contract.documents import Capture
from controlroom.localtime import day_and_clock
from controlroom.vocabulary import CAPTURE_KIND, TRIAGE_STATUS
from ui.models.base import LiveTableModel, SortRole
from ui.models.palette import ACCENT, dot

KIND, OFFICER, TIME, SUMMARY, STATUS = range(5)
Display = Qt.ItemDataRole.DisplayRole
UnseenRole = Qt.ItemDataRole.UserRole + 10


class CapturesModel(LiveTableModel):
    section = "captures"
    HEADERS = ("Kind", "Officer", "Time", "Summary", "Triage")

    def ordered_keys(self):
        return self.state.captures_newest_first()

    def item_data(self, key: str, capture: Capture, column: int, role: int) -> object:
        unseen = key in self.state.unseen
        if role == Display:
            return self._text(capture, column)
        if role == SortRole:
            return capture.at if column == TIME else self._text(capture, column)
        if role == UnseenRole:
            return unseen
        if role == Qt.ItemDataRole.FontRole and unseen:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and unseen and column in (KIND, SUMMARY):
            return ACCENT
        if role == Qt.ItemDataRole.DecorationRole and column == KIND:
            return dot(CAPTURE_KIND, capture.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return capture.summary
        return None

    def _text(self, capture: Capture, column: int) -> str:
        if column == KIND:
            return CAPTURE_KIND.words(capture.kind)
        if column == OFFICER:
            return capture.callsign
        if column == TIME:
            return day_and_clock(capture.at)
        if column == SUMMARY:
            return capture.summary.replace("\n", " ")
        return TRIAGE_STATUS.words(capture.status)

    def next_unseen_row(self, after: int = -1) -> int | None:
        """The first unseen capture below ``after`` (wrapping round), or None."""
        count = len(self._rows)
        for step in range(1, count + 1):
            row = (after + step) % count
            if self._rows[row] in self.state.unseen:
                return row
        return None
