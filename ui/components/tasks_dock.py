"""The Tasks dock: unit, incident, state and age of every open task."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QWidget

from ui.models.base import KeyRole, SortRole
from ui.models.tasks import AGE, INCIDENT, STATE, UNIT, TasksModel
from ui.widgets.filter_table import FilterTable


class TasksDock(QDockWidget):
    task_selected = Signal(object)  # the task id
    unit_selected = Signal(str)  # the tasked unit, for the map

    def __init__(self, model: TasksModel, parent: QWidget | None = None):
        super().__init__("Tasks", parent)
        self.setObjectName("tasksDock")
        self.model = model
        self.table = FilterTable(model, KeyRole, SortRole, "Filter tasks", stretch_column=INCIDENT)
        self.table.view.sortByColumn(AGE, Qt.SortOrder.DescendingOrder)
        for column, width in ((UNIT, 84), (STATE, 110), (AGE, 80)):
            self.table.view.setColumnWidth(column, width)
        self.table.key_selected.connect(self._on_selected)
        self.setWidget(self.table)

    def _on_selected(self, task_id) -> None:
        self.task_selected.emit(task_id)
        task = self.model.state.tasks.get(task_id)
        if task is not None:
            self.unit_selected.emit(task.callsign)
