"""The sergeant's desk: oversight of the team first (where everyone is, who is committed, who
has gone quiet), their tasks and messages, and the incident queue a sergeant may dispatch
from."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenuBar

from controlroom.permissions import Can
from ui.desks.base import Area, Desk, GoEntry
from ui.desks.dispatch_kit import DispatchKit
from ui.desks.parts import messages_dock, tasks_dock, units_dock


class SergeantDesk(Desk):
    name = "sergeant"
    title = "Sergeant"

    def build(self, bar: QMenuBar) -> None:
        ws = self.ws
        self.units = self.add(units_dock(ws), Area.LeftDockWidgetArea)
        self.tasks = self.add(tasks_dock(ws), Area.LeftDockWidgetArea)
        self.messages = self.add(messages_dock(ws), Area.BottomDockWidgetArea)
        self.kit = DispatchKit(ws)
        self.queue = self.add(self.kit.queue, Area.RightDockWidgetArea)
        self.dispatch = self.add(self.kit.dispatch, Area.RightDockWidgetArea)
        host = ws.host
        host.resizeDocks([self.units, self.queue], [520, 580], Qt.Orientation.Horizontal)
        host.resizeDocks([self.units, self.tasks], [460, 260], Qt.Orientation.Vertical)
        host.resizeDocks([self.messages], [240], Qt.Orientation.Vertical)
        if ws.may(Can.DISPATCH):
            self.actions = self.kit.install(bar, self.units.table, self.tasks.table)
        self.ticking = [self.units.model.tick, self.tasks.model.tick, ws.incidents.tick]

    def go_entries(self) -> list[GoEntry]:
        return [
            ("find_unit", "&Find a unit…", "Ctrl+F", self.units.find_unit),
            ("next_message", "Next &unread message", "Ctrl+Shift+U", self.messages.next_unread),
        ]
