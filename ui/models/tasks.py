"""TasksModel: unit, incident, state, age."""

from __future__ import annotations

from PySide6.QtCore import Qt

from controlroom.live.state import Change
from controlroom.timeutil import parse_iso
from ui.models.base import LiveTableModel, SortRole, age_text
from ui.models.palette import STALE, words

UNIT, INCIDENT, STATE, AGE = range(4)
Display = Qt.ItemDataRole.DisplayRole
OPEN_STATES = {"sent", "acknowledged", "en_route", "on_scene"}


def _epoch(text: str | None) -> float | None:
    try:
        return parse_iso(text) if text else None
    except ValueError:
        return None


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

    def item_data(self, key, task: dict, column: int, role: int):
        if role == Display:
            return self._text(task, column)
        if role == SortRole:
            if column == AGE:
                return _epoch(task.get("created_at")) or 0.0
            return self._text(task, column)
        if role == Qt.ItemDataRole.ForegroundRole and task.get("state") not in OPEN_STATES:
            return STALE
        if role == Qt.ItemDataRole.ToolTipRole:
            return task.get("note") or ""
        return None

    def _text(self, task: dict, column: int) -> str:
        if column == UNIT:
            return task.get("callsign") or ""
        if column == INCIDENT:
            incident = self.state.incidents.get(task.get("incident_id"))
            if incident:
                return f"#{incident['id']} {incident.get('summary', '')}"
            return words(task.get("kind")).capitalize() + (
                f": {task['note']}" if task.get("note") else ""
            )
        if column == STATE:
            return words(task.get("state"))
        created = _epoch(task.get("created_at"))
        return age_text(None if created is None else self.clock() - created)
