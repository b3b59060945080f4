"""TasksModel: unit, incident, state, age."""

from __future__ import annotations

from PySide6.QtCore import Qt

from controlroom.contract.documents import Task
from controlroom.live.state import Change, epoch
from controlroom.vocabulary import OPEN_TASK_STATES, TASK_STATE
from ui.models.base import LiveTableModel, SortRole, age_text
from ui.models.palette import STALE, words

UNIT, INCIDENT, STATE, AGE = range(4)
Display = Qt.ItemDataRole.DisplayRole


class TasksModel(LiveTableModel):
    section = "tasks"
    HEADERS = ("Unit", "Incident", "State", "Age")
    TICKING = (AGE,)

    def _on_change(self, change: Change) -> None:
        super()._on_change(change)
        if change.section == "incidents" and self._rows:  # summaries may have arrived
            self.dataChanged.emit(
                self.index(0, INCIDENT), self.index(len(self._rows) - 1, INCIDENT)
            )

    def item_data(self, key: int, task: Task, column: int, role: int) -> object:
        if role == Display:
            return self._text(task, column)
        if role == SortRole:
            if column == AGE:
                return epoch(task.created_at) or 0.0
            return self._text(task, column)
        if role == Qt.ItemDataRole.ForegroundRole and task.state not in OPEN_TASK_STATES:
            return STALE
        if role == Qt.ItemDataRole.ToolTipRole:
            return task.note
        return None

    def _text(self, task: Task, column: int) -> str:
        if column == UNIT:
            return task.callsign
        if column == INCIDENT:
            incident = self.state.incidents.get(task.incident_id or -1)
            if incident is not None:
                return f"#{incident.id} {incident.summary}"
            return words(task.kind).capitalize() + (f": {task.note}" if task.note else "")
        if column == STATE:
            return TASK_STATE.words(task.state)
        created = epoch(task.created_at)
        return age_text(None if created is None else self.clock() - created)
