"""IncidentsModel: the incident queue, by grade then age, with the attendance target, the units
tasked and their task states; an incident past its target with nobody at scene is overdue."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from controlroom import vocabulary as v
from controlroom.contract.documents import Incident, Task
from controlroom.geo.area import load_area
from controlroom.live.attendance import Targets, grade_rank, overdue, queue_order, raised_epoch
from controlroom.live.state import Change
from ui.models.base import LiveTableModel, SortRole, age_text

GRADE, INCIDENT, AGE, TARGET, UNITS = range(5)
Display = Qt.ItemDataRole.DisplayRole
OverdueRole = Qt.ItemDataRole.UserRole + 10
OVERDUE_BACKGROUND = QColor(127, 29, 29, 170)


def district_of(incident: Incident) -> str | None:
    try:
        return load_area().district_at(incident.lat, incident.lon)
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

    def district(self, incident: Incident) -> str | None:
        ident = incident.id
        if ident not in self._districts:
            self._districts[ident] = district_of(incident)
        return self._districts[ident]

    def is_overdue(self, incident: Incident) -> bool:
        return overdue(
            incident, self.state.tasks, self.targets(), self.clock(), self.district(incident)
        )

    def target_min(self, incident: Incident) -> float | None:
        return self.targets().minutes(incident.grade, self.district(incident))

    def tasks_of(self, incident_id: int) -> list[Task]:
        return [
            t
            for t in self.state.tasks.values()
            if t.incident_id == incident_id and t.state not in v.TASK_ENDS
        ]

    def age_min(self, incident: Incident) -> int:
        return max(0, int((self.clock() - raised_epoch(incident)) // 60))

    # ---- Qt ------------------------------------------------------------------------------

    def item_data(self, key: int, incident: Incident, column: int, role: int) -> object:
        if role == Display:
            return self._text(incident, column)
        if role == SortRole:
            if column == GRADE:
                return grade_rank(incident.grade)
            if column == AGE:
                return -raised_epoch(incident)
            return self._text(incident, column)
        if role == OverdueRole:
            return self.is_overdue(incident)
        if role == Qt.ItemDataRole.BackgroundRole and self.is_overdue(incident):
            return OVERDUE_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and column == GRADE:
            return QColor(v.GRADE.colour(incident.grade))
        if role == Qt.ItemDataRole.FontRole and (column == GRADE or self.is_overdue(incident)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            notes = "\n".join(f"{k.capitalize()}: {v}" for k, v in incident.thrive.items() if v)
            return f"#{key} {incident.summary}\n{notes}".strip()
        return None

    def _text(self, incident: Incident, column: int) -> str:
        if column == GRADE:
            return v.GRADE.words(incident.grade).split()[0]
        if column == INCIDENT:
            where = incident.location_text
            return f"#{incident.id} {incident.summary}" + (f" — {where}" if where else "")
        if column == AGE:
            return age_text(self.clock() - raised_epoch(incident))
        if column == TARGET:
            minutes = self.target_min(incident)
            if minutes is None:
                return "—"
            return f"{minutes:.0f} min" + (" OVERDUE" if self.is_overdue(incident) else "")
        tasks = self.tasks_of(incident.id)
        said = (f"{t.callsign} {v.TASK_STATE.words(t.state).lower()}" for t in tasks)
        return ", ".join(said) or "none"
