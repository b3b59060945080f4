"""IncidentsModel: the incident queue, by grade then age, with the attendance target, the units
tasked and their task states; an incident past its target with nobody at scene is overdue."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from controlroom.geo.area import load_area
from controlroom.live.attendance import Targets, grade_rank, overdue, queue_order, raised_epoch
from controlroom.live.state import Change
from controlroom.vocabulary import GRADES, TASK_ENDS
from ui.models.base import LiveTableModel, SortRole, age_text
from ui.models.palette import words

GRADE, INCIDENT, AGE, TARGET, UNITS = range(5)
Display = Qt.ItemDataRole.DisplayRole
OverdueRole = Qt.ItemDataRole.UserRole + 10
GRADE_COLOURS = {  # as the map draws them (resources/map/dispatch_layers.js)
    "immediate": "#ef4444",
    "priority": "#f59e0b",
    "scheduled": "#38bdf8",
    "resolution": "#94a3b8",
}
OVERDUE_BACKGROUND = QColor(127, 29, 29, 170)


def district_of(incident: dict) -> str | None:
    if incident.get("lat") is None:
        return None
    try:
        return load_area().district_at(incident["lat"], incident["lon"])
    except (OSError, ValueError):  # no geodata: treat every place as urban (the tighter target)
        return None


class IncidentsModel(LiveTableModel):
    section = "incidents"
    HEADERS = ("Grade", "Incident", "Age", "Target", "Units")
    TICKING = (AGE, TARGET, UNITS)

    def __init__(self, state, targets: Callable[[], Targets], clock=None, parent=None):
        self.targets = targets
        self._districts: dict[int, str | None] = {}
        kwargs = {"clock": clock} if clock is not None else {}
        super().__init__(state, parent=parent, **kwargs)

    def ordered_keys(self):
        return queue_order(self.state.incidents)

    def _on_change(self, change: Change) -> None:
        if change.section == "incidents" and not change.reset and self._moved():
            change = Change("incidents", reset=True)  # a re-grade moves a row
        super()._on_change(change)
        if change.section == "tasks":
            self.tick()

    def _moved(self) -> bool:
        listed = [k for k in self.ordered_keys() if k in self._index]
        return listed != [k for k in self._rows if k in self.state.incidents]

    def tick(self) -> None:
        if self._rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last))

    # ---- reading -------------------------------------------------------------------------

    def district(self, incident: dict) -> str | None:
        ident = incident["id"]
        if ident not in self._districts:
            self._districts[ident] = district_of(incident)
        return self._districts[ident]

    def is_overdue(self, incident: dict) -> bool:
        return overdue(
            incident, self.state.tasks, self.targets(), self.clock(), self.district(incident)
        )

    def target_min(self, incident: dict) -> float | None:
        return self.targets().minutes(incident.get("grade", ""), self.district(incident))

    def tasks_of(self, incident_id: int) -> list[dict]:
        return [
            t
            for t in self.state.tasks.values()
            if t.get("incident_id") == incident_id and t.get("state") not in TASK_ENDS
        ]

    def age_min(self, incident: dict) -> int:
        return max(0, int((self.clock() - raised_epoch(incident)) // 60))

    # ---- Qt ------------------------------------------------------------------------------

    def item_data(self, key, incident: dict, column: int, role: int):
        if role == Display:
            return self._text(incident, column)
        if role == SortRole:
            if column == GRADE:
                return grade_rank(incident.get("grade"))
            if column == AGE:
                return -raised_epoch(incident)
            return self._text(incident, column)
        if role == OverdueRole:
            return self.is_overdue(incident)
        if role == Qt.ItemDataRole.BackgroundRole and self.is_overdue(incident):
            return OVERDUE_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and column == GRADE:
            return QColor(GRADE_COLOURS.get(incident.get("grade"), "#94a3b8"))
        if role == Qt.ItemDataRole.FontRole and (column == GRADE or self.is_overdue(incident)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            thrive = incident.get("thrive") or {}
            notes = "\n".join(f"{k.capitalize()}: {v}" for k, v in thrive.items() if v)
            return f"#{key} {incident.get('summary', '')}\n{notes}".strip()
        return None

    def _text(self, incident: dict, column: int) -> str:
        if column == GRADE:
            return GRADES.get(incident.get("grade"), incident.get("grade") or "").split()[0]
        if column == INCIDENT:
            where = incident.get("location_text") or ""
            return f"#{incident['id']} {incident.get('summary', '')}" + (
                f" — {where}" if where else ""
            )
        if column == AGE:
            return age_text(self.clock() - raised_epoch(incident))
        if column == TARGET:
            minutes = self.target_min(incident)
            if minutes is None:
                return "—"
            return f"{minutes:.0f} min" + (" OVERDUE" if self.is_overdue(incident) else "")
        tasks = self.tasks_of(incident["id"])
        return ", ".join(f"{t['callsign']} {words(t.get('state'))}" for t in tasks) or "none"
