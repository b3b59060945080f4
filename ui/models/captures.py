"""CapturesModel: the feed, newest first; captures not yet opened are emphasised."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from ui.models.base import LiveTableModel, SortRole
from ui.models.palette import ACCENT, CAPTURE_COLOURS, dot, words

KIND, OFFICER, TIME, SUMMARY, STATUS = range(5)
Display = Qt.ItemDataRole.DisplayRole
UnseenRole = Qt.ItemDataRole.UserRole + 10


def clock_text(iso: str | None) -> str:
    """ "2026-11-29T23:41:07.123Z" -> "23:41:07" (the feed is today's)."""
    if not iso or "T" not in iso:
        return ""
    return iso.split("T", 1)[1][:8]


class CapturesModel(LiveTableModel):
    section = "captures"
    HEADERS = ("Kind", "Officer", "Time", "Summary", "Triage")

    def ordered_keys(self):
        return self.state.captures_newest_first()

    def item_data(self, key, capture: dict, column: int, role: int):
        unseen = key in self.state.unseen
        if role == Display:
            return self._text(capture, column)
        if role == SortRole:
            return capture.get("at") or "" if column == TIME else self._text(capture, column)
        if role == UnseenRole:
            return unseen
        if role == Qt.ItemDataRole.FontRole and unseen:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and unseen and column in (KIND, SUMMARY):
            return ACCENT
        if role == Qt.ItemDataRole.DecorationRole and column == KIND:
            return dot(CAPTURE_COLOURS, capture.get("kind"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return capture.get("summary") or ""
        return None

    def _text(self, capture: dict, column: int) -> str:
        if column == KIND:
            return words(capture.get("kind")).capitalize()
        if column == OFFICER:
            return capture.get("callsign") or ""
        if column == TIME:
            return clock_text(capture.get("at"))
        if column == SUMMARY:
            return (capture.get("summary") or "").replace("\n", " ")
        return words(capture.get("status"))

    def next_unseen_row(self, after: int = -1) -> int | None:
        """The first unseen capture below ``after`` (wrapping round), or None."""
        count = len(self._rows)
        for step in range(1, count + 1):
            row = (after + step) % count
            if self._rows[row] in self.state.unseen:
                return row
        return None
