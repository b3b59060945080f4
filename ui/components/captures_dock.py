"""The Captures feed: newest first; new captures stand out until they are opened."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QWidget

from controlroom.live.state import Change
from ui.models.base import KeyRole, SortRole
from ui.models.captures import KIND, OFFICER, STATUS, SUMMARY, TIME, CapturesModel
from ui.widgets.filter_table import FilterTable


class CapturesDock(QDockWidget):
    capture_selected = Signal(str)

    def __init__(self, model: CapturesModel, parent: QWidget | None = None):
        super().__init__("Captures", parent)
        self.setObjectName("capturesDock")
        self.model = model
        self.table = FilterTable(
            model, KeyRole, SortRole, "Filter captures", stretch_column=SUMMARY
        )
        for column, width in ((KIND, 140), (OFFICER, 70), (TIME, 78), (STATUS, 80)):
            self.table.view.setColumnWidth(column, width)
        self.table.view.sortByColumn(TIME, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.key_selected.connect(lambda key: self.capture_selected.emit(str(key)))
        self.setWidget(self.table)
        model.state.subscribe(self._on_change)
        self._update_title()

    def _on_change(self, change: Change) -> None:
        if change.section == "captures":
            self._update_title()

    def _update_title(self) -> None:
        new = len(self.model.state.unseen)
        self.setWindowTitle(f"Captures — {new} new" if new else "Captures")

    def select(self, capture_id: str) -> bool:
        return self.table.select_key(capture_id)

    def next_new(self) -> bool:
        """Open the next capture nobody here has looked at yet (Ctrl+N)."""
        current = self.table.view.currentIndex()
        source_row = self.table.proxy.mapToSource(current).row() if current.isValid() else -1
        row = self.model.next_unseen_row(source_row)
        if row is None:
            return False
        self.show()
        self.raise_()
        return self.table.select_key(self.model.key_at(row))
