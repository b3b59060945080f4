"""UnitsModel: call sign, status, last seen, stale, speed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from ui.models.base import LiveTableModel, SortRole, age_text
from ui.models.palette import STALE, STATUS_COLOURS, dot, status_words

MPH_PER_MPS = 2.236936

CALLSIGN, STATUS, LAST_SEEN, STALE_FLAG, SPEED = range(5)
Display = Qt.ItemDataRole.DisplayRole
EMERGENCY_ROLES = {  # an officer's emergency outranks everything, stale included
    Qt.ItemDataRole.BackgroundRole: QColor("#7f1d1d"),
    Qt.ItemDataRole.ForegroundRole: QColor("#ffffff"),
}


class UnitsModel(LiveTableModel):
    section = "units"
    HEADERS = ("Call sign", "Status", "Last seen", "Stale", "Speed")
    TICKING = (LAST_SEEN,)

    def item_data(self, key, unit: dict, column: int, role: int):
        if role == Display:
            return self._text(unit, column)
        if role == SortRole:
            return self._sort_value(unit, column)
        if unit.get("emergency") and role in EMERGENCY_ROLES:
            return EMERGENCY_ROLES[role]
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return dot(STATUS_COLOURS, unit.get("status"), hollow=bool(unit.get("stale")))
        if role == Qt.ItemDataRole.ForegroundRole and unit.get("stale"):
            return STALE
        if role == Qt.ItemDataRole.FontRole and column == CALLSIGN:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            seen = unit.get("last_seen") or "never"
            return f"{key}: {status_words(unit.get('status'))}, last seen {seen}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SPEED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, unit: dict, column: int) -> str:
        if column == CALLSIGN:
            return unit["callsign"]
        if column == STATUS:
            return "EMERGENCY" if unit.get("emergency") else status_words(unit.get("status"))
        if column == LAST_SEEN:
            seen = unit.get("_seen")
            return age_text(None if seen is None else self.clock() - seen)
        if column == STALE_FLAG:
            return "stale" if unit.get("stale") else ""
        speed = unit.get("speed_mps")
        return "" if speed is None or unit.get("stale") else f"{speed * MPH_PER_MPS:.0f} mph"

    def _sort_value(self, unit: dict, column: int):
        if column == LAST_SEEN:
            return -(unit.get("_seen") or 0.0)  # most recent first when ascending
        if column == SPEED:
            return unit.get("speed_mps") or 0.0
        if column == STALE_FLAG:
            return int(bool(unit.get("stale")))
        return self._text(unit, column)

    def position(self, callsign: str) -> tuple[float, float] | None:
        unit = self.state.units.get(callsign)
        if not unit or unit.get("lat") is None:
            return None
        return unit["lat"], unit["lon"]
