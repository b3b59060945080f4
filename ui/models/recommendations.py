"""RecommendationsModel: the units the hub suggests, best first, with the reasons (ETA, road and
straight-line distance, status, how the ETA was found). Every alternative stays visible."""

from __future__ import annotations

from PySide6.QtCore import Qt

from controlroom.contract.documents import Recommendation
from controlroom.vocabulary import UNIT_STATUS
from ui.models.listing import Display, RowsModel
from ui.models.palette import dot

RANK, CALLSIGN, STATUS, ETA, DISTANCE, WHY = range(6)


def eta_text(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def km(metres: float | None) -> str:
    return "?" if metres is None else f"{metres / 1000:.1f} km"


class RecommendationsModel(RowsModel):
    HEADERS = ("#", "Call sign", "Status", "ETA", "Road", "Why")
    KEY = "callsign"

    def row_data(self, row: Recommendation, column: int, role: int) -> object:
        if role == Display:
            return self._text(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return dot(UNIT_STATUS, row.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (RANK, ETA, DISTANCE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._why(row)
        return None

    def _text(self, row: Recommendation, column: int) -> str:
        if column == RANK:
            return str(self.rows.index(row) + 1)
        if column == CALLSIGN:
            return row.callsign
        if column == STATUS:
            return UNIT_STATUS.words(row.status)
        if column == ETA:
            return eta_text(row.eta_s)
        if column == DISTANCE:
            return km(row.distance_m)
        return self._why(row)

    @staticmethod
    def _why(row: Recommendation) -> str:
        how = "along the roads" if row.routed else "straight line estimate"
        return f"{row.mode or 'unit'}, {how}; {km(row.straight_m)} as the crow flies"
