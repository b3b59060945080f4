"""The incident queue: open incidents by grade then age, overdue ones in red."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDockWidget, QWidget

from ui.models.base import KeyRole, SortRole
from ui.models.incidents import AGE, GRADE, INCIDENT, TARGET, UNITS, IncidentsModel, OverdueRole
from ui.widgets.filter_table import FilterTable


class IncidentsDock(QDockWidget):
    incident_selected = Signal(int)

    def __init__(self, model: IncidentsModel, parent: QWidget | None = None):
        super().__init__("Incidents", parent)
        self.setObjectName("incidentsDock")
        self.model = model
        self.table = FilterTable(
            model, KeyRole, SortRole, "Filter incidents  Ctrl+I", stretch_column=INCIDENT
        )
        view = self.table.view
        view.setSortingEnabled(False)
        self.table.proxy.sort(-1)  # the queue's own order: grade, then oldest first
        for column, width in ((GRADE, 92), (AGE, 62), (TARGET, 96), (UNITS, 150)):
            view.setColumnWidth(column, width)
        self.table.key_selected.connect(lambda key: self.incident_selected.emit(int(key)))
        self.setWidget(self.table)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
            signal.connect(self._retitle)
        self._retitle()

    def _retitle(self, *_) -> None:
        rows = self.model.rowCount()
        late = sum(bool(self.model.index(r, 0).data(OverdueRole)) for r in range(rows))
        self.setWindowTitle(f"Incidents ({rows} open" + (f", {late} OVERDUE)" if late else ")"))

    def select(self, incident_id: int) -> bool:
        return self.table.select_key(incident_id)

    def current(self) -> int | None:
        key = self.table.current_key()
        return None if key is None else int(key)

    def focus(self) -> None:
        self.show()
        self.raise_()
        self.table.view.setFocus()
        if self.current() is None and self.table.proxy.rowCount():
            self.table.select_row(0)

    def next_incident(self) -> None:
        """Down the queue, wrapping to the top."""
        rows = self.table.proxy.rowCount()
        if not rows:
            return
        index = self.table.view.currentIndex()
        self.table.select_row((index.row() + 1) % rows if index.isValid() else 0)
        self.table.view.setFocus()
