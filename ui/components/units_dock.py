"""The Units dock: every unit with status, last seen, stale flag and speed; a filter box."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QWidget

from ui.models.base import KeyRole, SortRole
from ui.models.units import CALLSIGN, LAST_SEEN, SPEED, STALE_FLAG, STATUS, UnitsModel
from ui.widgets.filter_table import FilterTable


class UnitsDock(QDockWidget):
    unit_selected = Signal(str)

    def __init__(self, model: UnitsModel, parent: QWidget | None = None):
        super().__init__("Units", parent)
        self.setObjectName("unitsDock")
        self.model = model
        self.table = FilterTable(
            model, KeyRole, SortRole, "Find a unit (call sign or status)  Ctrl+F"
        )
        self.table.view.sortByColumn(CALLSIGN, Qt.SortOrder.AscendingOrder)
        for column, width in (
            (CALLSIGN, 74),
            (STATUS, 124),
            (LAST_SEEN, 84),
            (STALE_FLAG, 50),
            (SPEED, 66),
        ):
            self.table.view.setColumnWidth(column, width)
        self.table.key_selected.connect(lambda key: self.unit_selected.emit(str(key)))
        self.setWidget(self.table)

    def select(self, callsign: str) -> bool:
        return self.table.select_key(callsign)

    def find_unit(self) -> None:
        self.show()
        self.raise_()
        self.table.focus_filter()
