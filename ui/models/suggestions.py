"""The suggestions waiting for an analyst, best first: those not yet looked at before those an
analyst was unsure of, and within each the likeliest first. Follows the live state."""

from __future__ import annotations

from PySide6.QtCore import Qt

from controlroom.contract.entities import Suggestion
from controlroom.live.state import Change, LiveState
from ui.models.listing import Display, RowsModel

SCORE, KIND, RECORD, CANDIDATE, WHY = range(5)


def best_first(waiting: list[Suggestion]) -> list[Suggestion]:
    return sorted(waiting, key=lambda s: (s.status != "pending", -s.score, s.id))


class SuggestionsModel(RowsModel):
    HEADERS = ("Likely", "Kind", "Record", "May be the same as", "Why")

    def __init__(self, state: LiveState, parent=None):
        super().__init__(parent)
        self.state = state
        state.subscribe(self._on_change)
        self.set_rows(best_first(state.waiting))

    def _on_change(self, change: Change) -> None:
        if change.section == "suggestions":
            self.set_rows(best_first(self.state.waiting))

    def row_data(self, row: Suggestion, column: int, role: int) -> object:
        if role == Display:
            if column == SCORE:
                return f"{row.score:.0%}" + (" (unsure)" if row.status == "unsure" else "")
            if column == KIND:
                return row.kind
            if column == RECORD:
                return row.record.label
            if column == CANDIDATE:
                return row.candidate.label
            return "; ".join(row.reasons)
        if role == Qt.ItemDataRole.ToolTipRole and column == WHY:
            return "\n".join(row.reasons)
        return None

    def row_of(self, suggestion_id: int) -> int:
        return next((n for n, s in enumerate(self.rows) if s.id == suggestion_id), -1)
