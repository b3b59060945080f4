"""The dispatcher's ensemble, for every desk whose role may dispatch: the incident queue, the
dispatch dock (recommendations and timeline), the commands behind the dialogs, and the
Dispatch menu with its keys."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenuBar

from ui.components.dispatch_actions import install_dispatch_actions
from ui.components.dispatch_commands import DispatchCommands
from ui.components.dispatch_coordinator import DispatchCoordinator
from ui.components.dispatch_dock import DispatchDock
from ui.components.incidents_dock import IncidentsDock
from ui.widgets.filter_table import FilterTable
from ui.workstation import Workstation


class DispatchKit:
    def __init__(self, ws: Workstation):
        self.ws = ws
        self.queue = IncidentsDock(ws.incidents, ws.host)
        self.dispatch = DispatchDock(ws.state, ws.client, ws.tasks, ws.host)
        self.commands = DispatchCommands(
            ws.state, ws.client, ws.tasks, ws.map_view, ws.host, ws.geography
        )
        self.coordinator = DispatchCoordinator(ws, self.queue, self.dispatch, self.commands)

    def install(self, bar: QMenuBar, units: FilterTable, tasks: FilterTable) -> dict[str, QAction]:
        return install_dispatch_actions(
            self.ws.host, bar, self.commands, self.queue, self.dispatch, units, tasks
        )
