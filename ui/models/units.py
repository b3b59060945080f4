"""UnitsModel: call sign, status, last seen, stale, speed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from controlroom.live.state import LiveUnit
from controlroom.localtime import day_and_clock
from controlroom.vocabulary import UNIT_STATUS
from ui.models.base import LiveTableModel, SortRole, age_text
from ui.models.palette import STALE, dot

MPH_PER_MPS = 2.236936

CALLSIGN, STATUS, LAST_SEEN, STALE_FLAG, SPEED = range(5)
Display = Qt.ItemDataRole.DisplayRole
EMERGENCY_ROLES: dict[int, QColor] = {  # an officer's emergency outranks everything
    Qt.ItemDataRole.BackgroundRole: QColor("#7f1d1d"),
    Qt.ItemDataRole.ForegroundRole: QColor("#ffffff"),
}


class UnitsModel(LiveTableModel):
    section = "units"
    HEADERS = ("Call sign", "Status", "Last seen", "Stale", "Speed")
    TICKING = (LAST_SEEN,)

    def item_data(self, key: object, unit: LiveUnit, column: int, role: int) -> object:
        if role == Display:
            return self._text(unit, column)
        if role == SortRole:
            return self._sort_value(unit, column)
        if unit.emergency and role in EMERGENCY_ROLES:
            return EMERGENCY_ROLES[role]
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return dot(UNIT_STATUS, unit.status, hollow=unit.stale)
        if role == Qt.ItemDataRole.ForegroundRole and unit.stale:
            return STALE
        if role == Qt.ItemDataRole.FontRole and column == CALLSIGN:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            seen = day_and_clock(unit.last_seen) or "never"
            return f"{key}: {UNIT_STATUS.words(unit.status)}, last seen {seen}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SPEED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, unit: LiveUnit, column: int) -> str:
        if column == CALLSIGN:
            return unit.callsign
        if column == STATUS:
            return "EMERGENCY" if unit.emergency else UNIT_STATUS.words(unit.status)
        if column == LAST_SEEN:
            return age_text(None if unit.seen is None else self.clock() - unit.seen)
        if column == STALE_FLAG:
            return "stale" if unit.stale else ""
        return speed_text(unit)

    def _sort_value(self, unit: LiveUnit, column: int) -> object:
        if column == LAST_SEEN:
            return -(unit.seen or 0.0)  # most recent first when ascending
        if column == SPEED:
            return unit.speed_mps or 0.0
        if column == STALE_FLAG:
            return int(unit.stale)
        return self._text(unit, column)

    def position(self, callsign: str) -> tuple[float, float] | None:
        unit = self.state.units.get(callsign)
        if unit is None or unit.lat is None or unit.lon is None:
            return None
        return unit.lat, unit.lon


def speed_text(unit: LiveUnit) -> str:
    """Speed in mph, only for a unit on duty whose position is current."""
    speed = unit.speed_mps
    if speed is None or unit.stale or unit.status == "off_duty":
        return ""
    return f"{speed * MPH_PER_MPS:.0f} mph"
