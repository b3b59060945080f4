"""The intelligence officer's desk: the captures coming in, and beside them the one being read;
the units for context below. Nothing of the dispatcher's is offered here: an intelligence
officer triages captures, and does not raise incidents or task units."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenuBar

from ui.desks.base import Area, Desk, GoEntry
from ui.desks.parts import capture_docks, units_dock


class IntelligenceDesk(Desk):
    name = "intelligence"
    title = "Intelligence"

    def build(self, bar: QMenuBar) -> None:
        ws = self.ws
        feed, detail = capture_docks(ws)
        self.captures = self.add(feed, Area.LeftDockWidgetArea)
        self.detail = self.add(detail, Area.RightDockWidgetArea)
        self.units = self.add(units_dock(ws), Area.BottomDockWidgetArea)
        host = ws.host
        host.resizeDocks([self.captures, self.detail], [620, 520], Qt.Orientation.Horizontal)
        host.resizeDocks([self.units], [170], Qt.Orientation.Vertical)
        self.ticking = [self.units.model.tick]

    def go_entries(self) -> list[GoEntry]:
        return [
            ("next_capture", "&Next new capture", "Ctrl+Shift+N", self.captures.next_new),
            ("find_unit", "&Find a unit…", "Ctrl+F", self.units.find_unit),
        ]
