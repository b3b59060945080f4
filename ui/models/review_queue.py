"""ReviewQueueModel: every capture the workstation holds, with why it comes first, where it was
made, and its review state with who holds it and since when. The queue's filter and order are
the proxy's (``ui.models.review_proxy``); this model says what each row is."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from controlroom.contract.documents import Capture
from controlroom.live.state import LiveState
from controlroom.localtime import clock, day_and_clock, stamp
from controlroom.review.queue import AreaOf, Ranking
from controlroom.review.record import by_whom, district_and_ward, who
from controlroom.vocabulary import CAPTURE_KIND, TRIAGE_STATUS
from ui.models.base import LiveTableModel, SortRole
from ui.models.palette import ACCENT, STALE, dot

PRIORITY, KIND, OFFICER, AREA, TIME, SUMMARY, REVIEW = range(7)
Display = Qt.ItemDataRole.DisplayRole
CaptureRole = Qt.ItemDataRole.UserRole + 20  # the Capture document
AreaRole = Qt.ItemDataRole.UserRole + 21  # its district (the queue filters on it)
HeldByRole = Qt.ItemDataRole.UserRole + 22  # the other analyst reviewing it, or None
URGENT = 30  # a priority at least this high is called out in the row


def district(lat: float, lon: float) -> str | None:
    named = district_and_ward(lat, lon)
    return named.rsplit(", ", 1)[-1] if named else None


class ReviewQueueModel(LiveTableModel):
    section = "captures"
    HEADERS = ("Why first", "Kind", "Officer", "Area", "Time", "Summary", "Review")

    def __init__(
        self,
        state: LiveState,
        me: str,
        ranking: Ranking | None = None,
        area_of: AreaOf = district,
        clock: Callable[[], float] = time.time,
        parent=None,
    ):
        self.me = me
        self.ranking = ranking or Ranking()
        self._area_of = area_of
        self._areas: dict[str, str | None] = {}
        super().__init__(state, clock, parent)

    def ordered_keys(self):
        return self.state.captures_newest_first()

    def area(self, capture: Capture) -> str | None:
        if capture.id not in self._areas:
            self._areas[capture.id] = self._area_of(capture.lat, capture.lon)
        return self._areas[capture.id]

    def held_by(self, capture: Capture) -> str | None:
        """Another analyst who has this capture in review (so this one leaves it to them)."""
        holder = who(capture.review_by)
        if capture.status != "in_review" or not holder or holder == self.me:
            return None
        return holder

    def item_data(self, key: str, capture: Capture, column: int, role: int) -> object:
        if role == Display:
            return self._text(capture, column)
        if role == SortRole:
            return self._sort_value(capture, column)
        if role == CaptureRole:
            return capture
        if role == AreaRole:
            return self.area(capture)
        if role == HeldByRole:
            return self.held_by(capture)
        return self._looks(key, capture, column, role)

    def _looks(self, key: str, capture: Capture, column: int, role: int) -> object:
        held = self.held_by(capture) is not None
        if role == Qt.ItemDataRole.FontRole and (key in self.state.unseen or held):
            font = QFont()
            font.setBold(not held)
            font.setItalic(held)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if held:
                return STALE  # someone else's: dimmed, and Next passes it by
            urgent = column == PRIORITY and self.ranking.of(capture).score >= URGENT
            return ACCENT if urgent or (key in self.state.unseen and column == SUMMARY) else None
        if role == Qt.ItemDataRole.DecorationRole:
            if column == KIND:
                return dot(CAPTURE_KIND, capture.kind)
            if column == REVIEW:
                return dot(TRIAGE_STATUS, capture.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(capture, column)
        return None

    def _text(self, capture: Capture, column: int) -> str:
        if column == PRIORITY:
            found = self.ranking.of(capture)
            return found.reasons[0] if found.score >= URGENT else ""
        if column == KIND:
            return CAPTURE_KIND.words(capture.kind)
        if column == OFFICER:
            return capture.callsign
        if column == AREA:
            return self.area(capture) or ""
        if column == TIME:
            return day_and_clock(capture.at)
        if column == SUMMARY:
            return capture.summary.replace("\n", " ")
        return review_words(capture, self.me)

    def _sort_value(self, capture: Capture, column: int) -> object:
        if column == PRIORITY:
            return self.ranking.of(capture).score
        if column == TIME:
            return capture.at
        return self._text(capture, column)

    def _tooltip(self, capture: Capture, column: int) -> str:
        if column == PRIORITY:
            return self.ranking.of(capture).words() or "no reason to read it first"
        if column == REVIEW and capture.review_by:
            said = f": {capture.review_note}" if capture.review_note else ""
            words = TRIAGE_STATUS.words(capture.status)
            return f"{words} by {who(capture.review_by)}, {stamp(capture.review_at)}{said}"
        return capture.summary


def review_words(capture: Capture, me: str) -> str:
    """ "In review — b.patel 14:05", "In review — you 14:05", "New — revision 2", "New"."""
    words = TRIAGE_STATUS.words(capture.status)
    if capture.status == "new":
        return f"{words} — revision {capture.revision}" if capture.revision > 1 else words
    if not capture.review_by:
        return words
    return f"{words} — {by_whom(capture.review_by, me)} {clock(capture.review_at, False)}"
