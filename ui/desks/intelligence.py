"""The intelligence officer's desk: the review queue first, and beside it the capture being
read as a record with the grading form under it; the map and the units for context. Nothing of
the dispatcher's is offered here: an intelligence officer triages and grades captures, and does
not raise incidents or task units."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenuBar

from ui.desks.base import Area, Desk, GoEntry
from ui.desks.intel_kit import IntelKit
from ui.desks.parts import units_dock
from ui.desks.review_kit import ReviewKit

Corner = Qt.Corner


class IntelligenceDesk(Desk):
    name = "intelligence"
    title = "Intelligence"

    def build(self, bar: QMenuBar) -> None:
        ws, host = self.ws, self.ws.host
        self.kit = ReviewKit(ws)
        self.intel = IntelKit(ws, self.kit)
        self.queue = self.add(self.kit.queue, Area.LeftDockWidgetArea)
        self.search = self.add(self.intel.search, Area.LeftDockWidgetArea)
        self.suggestions = self.add(self.intel.suggestions, Area.LeftDockWidgetArea)
        self.record = self.add(self.kit.record, Area.RightDockWidgetArea)
        self.grading = self.add(self.kit.grading, Area.RightDockWidgetArea)
        self.entity = self.add(self.intel.entity, Area.RightDockWidgetArea)
        self.units = self.add(units_dock(ws), Area.BottomDockWidgetArea)
        # The queue and the record run the window's full height; the units sit under the map.
        host.setCorner(Corner.BottomLeftCorner, Area.LeftDockWidgetArea)
        host.setCorner(Corner.BottomRightCorner, Area.RightDockWidgetArea)
        host.splitDockWidget(self.record, self.grading, Qt.Orientation.Vertical)
        host.tabifyDockWidget(self.queue, self.search)
        host.tabifyDockWidget(self.search, self.suggestions)
        host.tabifyDockWidget(self.grading, self.entity)
        self.queue.raise_()
        self.grading.raise_()
        host.resizeDocks([self.queue, self.record], [860, 600], Qt.Orientation.Horizontal)
        host.resizeDocks([self.record, self.grading], [500, 480], Qt.Orientation.Vertical)
        host.resizeDocks([self.units], [190], Qt.Orientation.Vertical)
        self.actions = {**self.kit.install(bar), **self.intel.install(bar)}
        self.on_live = [self.intel.load_waiting]
        self.ticking = [self.units.model.tick]

    def go_entries(self) -> list[GoEntry]:
        return [("find_unit", "&Find a unit…", "Ctrl+F", self.units.find_unit)]
