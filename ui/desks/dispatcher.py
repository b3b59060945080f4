"""The dispatcher's desk: the incident queue and recommendations on the left, the units and
the captures feed on the right (with search and a record a tab away), the capture open under
them with the people, vehicles, phones and addresses it mentions, tasks and messages below
(and the team's briefings, to read), the map in the middle."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenuBar

from ui.desks.base import Area, Desk, GoEntry
from ui.desks.briefing_kit import BriefingKit
from ui.desks.dispatch_kit import DispatchKit
from ui.desks.parts import capture_docks, messages_dock, tasks_dock, units_dock
from ui.desks.search_kit import SearchKit


class DispatcherDesk(Desk):
    name = "dispatcher"
    title = "Dispatch"

    def build(self, bar: QMenuBar) -> None:
        ws = self.ws
        self.kit = DispatchKit(ws)
        self.queue = self.add(self.kit.queue, Area.LeftDockWidgetArea)
        self.dispatch = self.add(self.kit.dispatch, Area.LeftDockWidgetArea)
        self.units = self.add(units_dock(ws), Area.RightDockWidgetArea)
        feed, detail = capture_docks(ws)
        self.captures = self.add(feed, Area.RightDockWidgetArea)
        self.detail = self.add(detail, Area.RightDockWidgetArea)
        self.tasks = self.add(tasks_dock(ws), Area.BottomDockWidgetArea)
        self.messages = self.add(messages_dock(ws), Area.BottomDockWidgetArea)
        self.briefing = BriefingKit(ws)  # to read: who the team is looking out for
        self.briefings = self.add(self.briefing.list, Area.BottomDockWidgetArea)
        self.pack = self.add(self.briefing.pack, Area.RightDockWidgetArea)
        self.lookup = SearchKit(ws, detail)
        self.search = self.add(self.lookup.search, Area.RightDockWidgetArea)
        self.entity = self.add(self.lookup.entity, Area.RightDockWidgetArea)
        self._place()
        self.actions = self.kit.install(bar, self.units.table, self.tasks.table)
        self.actions |= self.briefing.install(bar)
        self.actions |= self.lookup.install(bar)
        self.on_live = [self.briefing.load]
        self.ticking = [self.units.model.tick, self.tasks.model.tick, ws.incidents.tick]

    def _place(self) -> None:
        host = self.ws.host
        # Split before tabifying: a dock split from one in a tab group joins the group instead.
        host.splitDockWidget(self.captures, self.detail, Qt.Orientation.Vertical)
        host.tabifyDockWidget(self.captures, self.units)
        host.tabifyDockWidget(self.tasks, self.messages)
        host.tabifyDockWidget(self.messages, self.briefings)
        host.tabifyDockWidget(self.units, self.search)
        host.tabifyDockWidget(self.detail, self.pack)
        host.tabifyDockWidget(self.search, self.entity)
        self.detail.raise_()
        self.units.raise_()
        self.tasks.raise_()
        host.resizeDocks([self.queue, self.units], [560, 470], Qt.Orientation.Horizontal)
        host.resizeDocks([self.queue, self.dispatch], [430, 330], Qt.Orientation.Vertical)
        host.resizeDocks([self.tasks], [250], Qt.Orientation.Vertical)
        # the feed (or the search) above, tall enough for a dozen rows, and the capture below
        host.resizeDocks([self.captures, self.detail], [420, 380], Qt.Orientation.Vertical)

    def go_entries(self) -> list[GoEntry]:
        return [
            ("find_unit", "&Find a unit…", "Ctrl+F", self.units.find_unit),
            ("next_capture", "&Next new capture", "Ctrl+Shift+N", self.captures.next_new),
            ("next_message", "Next &unread message", "Ctrl+Shift+U", self.messages.next_unread),
        ]
