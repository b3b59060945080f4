"""The Dispatch dock: for the selected incident, the recommended units (best first, with the
reasons, never hiding the alternatives) and the incident's timeline, both from the hub. A new
selection cancels the request before it (the latest request wins)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.documents import Incident
from controlroom.live.state import Change, LiveState
from controlroom.vocabulary import GRADE
from ui.models.base import KeyRole
from ui.models.recommendations import CALLSIGN, RecommendationsModel
from ui.models.timeline import DETAIL, TimelineModel
from ui.tasks import TaskKeeper

log = logging.getLogger(__name__)


def table(model, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class DispatchDock(QDockWidget):
    recommendations_loaded = Signal(int, list)  # incident id, Recommendations best first
    assigned = Signal(int, list)  # incident id, call signs tasked
    failed = Signal(str)

    def __init__(self, state: LiveState, client: HubClient, tasks: TaskKeeper, parent=None):
        super().__init__("Dispatch", parent)
        self.setObjectName("dispatchDock")
        self.state, self.client, self.tasks = state, client, tasks
        self.incident_id: int | None = None
        self.recommendations = RecommendationsModel(self)
        self.timeline = TimelineModel(self)
        self.heading = QLabel("Select an incident in the queue")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: 600; padding: 2px 0;")
        self.units_view = table(self.recommendations, CALLSIGN + 4)
        self.units_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for column, width in enumerate((28, 74, 150, 86, 64)):
            self.units_view.setColumnWidth(column, width)
        self.timeline_view = table(self.timeline, DETAIL)
        self.timeline_view.setColumnWidth(0, 70)
        self.timeline_view.setColumnWidth(1, 150)
        self.assign_button = QPushButton("Assign selected  (Enter)")
        self.assign_button.clicked.connect(self.assign_selected)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.units_view, "Recommended units")
        self.tabs.addTab(self.timeline_view, "Timeline")
        buttons = QHBoxLayout()
        buttons.addWidget(self.assign_button, 1)
        buttons.addWidget(self.refresh_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.setWidget(body)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.units_view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.assign_selected)
        state.subscribe(self._on_change)

    # ---- following the selected incident ---------------------------------------------------

    def show_incident(self, incident_id: int | None) -> None:
        self.incident_id = incident_id
        self.recommendations.set_rows([])
        self.timeline.set_rows([])
        incident = self.state.incidents.get(incident_id) if incident_id is not None else None
        if incident is None:
            self.heading.setText("Select an incident in the queue")
            return
        self._set_heading(incident)
        self.refresh()

    def _set_heading(self, incident: Incident) -> None:
        where = incident.location_text or f"{incident.lat:.5f}, {incident.lon:.5f}"
        grade = GRADE.words(incident.grade)
        self.heading.setText(f"#{incident.id} {grade} · {incident.summary} · {where}")

    def refresh(self) -> None:
        if self.incident_id is not None:
            self.tasks.run(self._load(self.incident_id), name="recommendations")
            self.tasks.run(self._load_timeline(self.incident_id), name="timeline")

    def _on_change(self, change: Change) -> None:
        ident = self.incident_id
        if ident is None:
            return
        if change.section == "incidents":
            if ident not in self.state.incidents:
                self.show_incident(None)  # closed
                return
            if change.reset or ident in change.keys:
                self._set_heading(self.state.incidents[ident])
                self.tasks.run(self._load_timeline(ident), name="timeline")
        elif change.section == "tasks":
            tasks = self.state.tasks
            if change.reset or any(
                k in tasks and tasks[k].incident_id == ident for k in change.keys
            ):
                self.tasks.run(self._load_timeline(ident), name="timeline")

    async def _load(self, ident: int) -> None:
        try:
            units = await self.client.recommendations(ident)
        except HubError as exc:
            self.failed.emit(f"recommendations for #{ident}: {exc.detail}")
            return
        if ident != self.incident_id:
            return
        self.recommendations.set_rows(units)
        if units:
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self.units_view.selectionModel().setCurrentIndex(
                self.recommendations.index(0, 0), flags
            )
        self.recommendations_loaded.emit(ident, units)

    async def _load_timeline(self, ident: int) -> None:
        try:
            events = await self.client.timeline(ident)
        except HubError as exc:
            log.warning("timeline of #%s: %s", ident, exc.detail)
            return
        if ident == self.incident_id:
            self.timeline.set_rows(events)

    # ---- assigning -------------------------------------------------------------------------

    def selected_callsigns(self) -> list[str]:
        rows = sorted({i.row() for i in self.units_view.selectionModel().selectedRows()})
        return [self.recommendations.index(r, 0).data(KeyRole) for r in rows]

    def assign_selected(self) -> None:
        callsigns = self.selected_callsigns()
        if self.incident_id is not None and callsigns:
            self.tasks.run(self._assign(self.incident_id, callsigns))

    async def _assign(self, ident: int, callsigns: list[str]) -> None:
        done = []
        for callsign in callsigns:
            try:
                await self.client.assign(ident, callsign)
                done.append(callsign)
            except HubError as exc:
                self.failed.emit(f"{callsign} not assigned: {exc.detail}")
        if done:
            self.assigned.emit(ident, done)
        if ident == self.incident_id:
            await self._load(ident)

    def focus(self) -> None:
        self.show()
        self.raise_()
        self.tabs.setCurrentIndex(0)
        self.units_view.setFocus()
