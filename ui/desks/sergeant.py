"""The sergeant's desk: the briefing first (the packs, the one open with its receipts and the
changes offered for it), then oversight of the team (where everyone is, who is committed, who
has gone quiet), their tasks and messages, and the incident queue a sergeant may dispatch
from; search of captures a tab from the units, and the capture found (or clicked on the map)
and the records it mentions a tab from the pack and its receipts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenuBar

from controlroom.permissions import Can
from ui.components.capture_detail import CaptureDetailDock
from ui.desks.base import Area, Desk, GoEntry
from ui.desks.briefing_kit import BriefingKit
from ui.desks.dispatch_kit import DispatchKit
from ui.desks.parts import messages_dock, tasks_dock, units_dock
from ui.desks.search_kit import SearchKit


class SergeantDesk(Desk):
    name = "sergeant"
    title = "Sergeant"

    def build(self, bar: QMenuBar) -> None:
        ws = self.ws
        self.units = self.add(units_dock(ws), Area.LeftDockWidgetArea)
        self.tasks = self.add(tasks_dock(ws), Area.LeftDockWidgetArea)
        self.messages = self.add(messages_dock(ws), Area.BottomDockWidgetArea)
        self.kit = DispatchKit(ws)
        self.briefing = BriefingKit(ws)
        self.briefings = self.add(self.briefing.list, Area.LeftDockWidgetArea)
        self.pack = self.add(self.briefing.pack, Area.RightDockWidgetArea)
        self.receipts = self.add(self.briefing.follow_receipts(), Area.RightDockWidgetArea)
        self.queue = self.add(self.kit.queue, Area.RightDockWidgetArea)
        self.dispatch = self.add(self.kit.dispatch, Area.RightDockWidgetArea)
        detail = CaptureDetailDock(ws.state, ws.client, ws.tasks, ws.host)
        self.detail = self.add(detail, Area.RightDockWidgetArea)
        self.lookup = SearchKit(ws, detail)
        ws.map_view.bridge.capture_clicked.connect(self._clicked)
        self.search = self.add(self.lookup.search, Area.LeftDockWidgetArea)
        self.entity = self.add(self.lookup.entity, Area.RightDockWidgetArea)
        self._place()
        if ws.may(Can.DISPATCH):
            self.actions = self.kit.install(bar, self.units.table, self.tasks.table)
        self.actions |= self.briefing.install(bar)
        self.actions |= self.lookup.install(bar)
        self.on_live = [self.briefing.load]
        self.ticking = [self.units.model.tick, self.tasks.model.tick, ws.incidents.tick]

    def _place(self) -> None:
        """The pack takes the right, its receipts below it; the incident queue and dispatch
        are a tab away behind them, the tasks behind the list of briefings."""
        host = self.ws.host
        # The side columns run the window's height; the messages sit under the map.
        host.setCorner(Qt.Corner.BottomRightCorner, Area.RightDockWidgetArea)
        host.setCorner(Qt.Corner.BottomLeftCorner, Area.LeftDockWidgetArea)
        host.tabifyDockWidget(self.tasks, self.briefings)
        host.tabifyDockWidget(self.pack, self.queue)
        host.tabifyDockWidget(self.receipts, self.dispatch)
        host.tabifyDockWidget(self.units, self.search)
        host.tabifyDockWidget(self.queue, self.detail)
        host.tabifyDockWidget(self.dispatch, self.entity)
        self.units.raise_()
        for dock in (self.briefings, self.pack, self.receipts):
            dock.raise_()
        host.resizeDocks([self.units, self.pack], [480, 840], Qt.Orientation.Horizontal)
        host.resizeDocks([self.units, self.tasks], [560, 440], Qt.Orientation.Vertical)
        host.resizeDocks([self.pack, self.receipts], [600, 400], Qt.Orientation.Vertical)
        host.resizeDocks([self.messages], [200], Qt.Orientation.Vertical)

    def _clicked(self, capture_id: str) -> None:
        """A capture clicked on the map opens in the capture dock, unless the search (whose
        slot runs first) has just opened it there from its results."""
        if self.detail.capture_id != capture_id:
            self.detail.show_capture(capture_id)
            self.detail.raise_()

    def go_entries(self) -> list[GoEntry]:
        return [
            ("find_unit", "&Find a unit…", "Ctrl+F", self.units.find_unit),
            ("next_message", "Next &unread message", "Ctrl+Shift+U", self.messages.next_unread),
        ]
