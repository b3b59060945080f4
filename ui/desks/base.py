"""Desk: one role's layout, docks and menus on the shared window. A desk makes its docks,
places them, and adds its own menus and keys; it offers only what its role may do."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenuBar

from ui.workstation import Workstation

Area = Qt.DockWidgetArea
GoEntry = tuple[str, str, str, Callable[[], object]]  # name, text, key, slot
D = TypeVar("D", bound=QDockWidget)


class Desk(QObject):
    name = "desk"  # the key its layout is remembered under
    title = "Control Room"

    def __init__(self, ws: Workstation):
        super().__init__(ws.host)
        self.ws = ws
        self.docks: list[QDockWidget] = []
        self.actions: dict[str, QAction] = {}
        self.ticking: list[Callable[[], None]] = []  # called once a second
        self.on_live: list[Callable[[], None]] = []  # called each time the desk is live again

    def build(self, bar: QMenuBar) -> None:
        """Make the docks, place them, and add this desk's menus to ``bar``."""
        raise NotImplementedError

    def go_entries(self) -> list[GoEntry]:
        """The desk's entries in the Go menu (after the shared ones)."""
        return []

    def add(self, dock: D, area: Area) -> D:
        self.ws.host.addDockWidget(area, dock)
        self.docks.append(dock)
        return dock

    def went_live(self) -> None:
        for call in self.on_live:
            call()

    def tick(self) -> None:
        for tick in self.ticking:
            tick()
