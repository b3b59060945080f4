"""The supervisor's desk: everything the dispatcher has (a supervisor may do all of it), the
review queue with the capture and its grading beside it (code C included), the briefings
(a tab away: the packs, the one open, its receipts), and the audit viewer: who read and did
what, the chain checked on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenuBar

from controlroom.permissions import Can
from ui.components.audit_dock import AuditDock
from ui.desks.base import Area, Desk, GoEntry
from ui.desks.briefing_kit import BriefingKit
from ui.desks.dispatch_kit import DispatchKit
from ui.desks.intel_kit import IntelKit
from ui.desks.parts import messages_dock, tasks_dock, units_dock
from ui.desks.review_kit import ReviewKit


class SupervisorDesk(Desk):
    name = "supervisor"
    title = "Supervisor"

    def build(self, bar: QMenuBar) -> None:
        ws = self.ws
        self.kit = DispatchKit(ws)
        self.review = ReviewKit(ws)
        self.intel = IntelKit(ws, self.review)
        self.queue = self.add(self.kit.queue, Area.LeftDockWidgetArea)
        self.dispatch = self.add(self.kit.dispatch, Area.LeftDockWidgetArea)
        self.units = self.add(units_dock(ws), Area.RightDockWidgetArea)
        self.captures = self.add(self.review.queue, Area.RightDockWidgetArea)
        self.search = self.add(self.intel.search, Area.RightDockWidgetArea)
        self.suggestions = self.add(self.intel.suggestions, Area.RightDockWidgetArea)
        self.record = self.add(self.review.record, Area.RightDockWidgetArea)
        self.grading = self.add(self.review.grading, Area.RightDockWidgetArea)
        self.entity = self.add(self.intel.entity, Area.RightDockWidgetArea)
        self.tasks = self.add(tasks_dock(ws), Area.BottomDockWidgetArea)
        self.messages = self.add(messages_dock(ws), Area.BottomDockWidgetArea)
        self.briefing = BriefingKit(ws)
        self.briefings = self.add(self.briefing.list, Area.BottomDockWidgetArea)
        self.pack = self.add(self.briefing.pack, Area.RightDockWidgetArea)
        self.receipts = self.add(self.briefing.follow_receipts(), Area.BottomDockWidgetArea)
        self.audit = None
        if ws.may(Can.AUDIT):
            self.audit = self.add(
                AuditDock(ws.client, ws.tasks, ws.host), Area.BottomDockWidgetArea
            )
            self.audit.failed.connect(lambda text: ws.say(text, 15000))
            self.audit.exported.connect(lambda path: ws.say(f"audit exported to {path}"))
        self._place()
        self.actions = {
            **self.kit.install(bar, self.units.table, self.tasks.table),
            **self.review.install(bar),
            **self.intel.install(bar),
            **self.briefing.install(bar),
        }
        self.on_live = [self.intel.load_waiting, self.briefing.load]
        self.ticking = [self.units.model.tick, self.tasks.model.tick, ws.incidents.tick]

    def _place(self) -> None:
        host = self.ws.host
        host.splitDockWidget(self.units, self.record, Qt.Orientation.Vertical)
        host.tabifyDockWidget(self.units, self.captures)
        host.tabifyDockWidget(self.captures, self.search)
        host.tabifyDockWidget(self.search, self.suggestions)
        host.tabifyDockWidget(self.record, self.grading)
        host.tabifyDockWidget(self.grading, self.entity)
        host.tabifyDockWidget(self.entity, self.pack)
        host.tabifyDockWidget(self.tasks, self.messages)
        host.tabifyDockWidget(self.messages, self.briefings)
        host.tabifyDockWidget(self.briefings, self.receipts)
        if self.audit is not None:
            host.tabifyDockWidget(self.receipts, self.audit)
        self.captures.raise_()
        self.record.raise_()
        self.tasks.raise_()
        # The map keeps the middle (about 40% of the width); on the right the queues above
        # the capture being read, each tall enough to read several rows.
        host.resizeDocks([self.queue, self.units], [420, 560], Qt.Orientation.Horizontal)
        host.resizeDocks([self.queue, self.dispatch], [430, 330], Qt.Orientation.Vertical)
        host.resizeDocks([self.units, self.record], [400, 360], Qt.Orientation.Vertical)
        host.resizeDocks([self.tasks], [190], Qt.Orientation.Vertical)

    def go_entries(self) -> list[GoEntry]:
        entries: list[GoEntry] = [
            ("find_unit", "&Find a unit…", "Ctrl+F", self.units.find_unit),
            ("next_message", "Next &unread message", "Ctrl+Shift+U", self.messages.next_unread),
        ]
        if self.audit is not None:
            entries.append(("audit", "The &audit log", "Ctrl+Shift+Y", self.focus_audit))
        return entries

    def focus_audit(self) -> None:
        if self.audit is not None:
            self.audit.show()
            self.audit.raise_()
            self.audit.person.setFocus()
