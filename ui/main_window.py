"""The main window: composes the map, docks, status bar and actions, and wires them up."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow

from controlroom.live.session import LiveSession
from maps.view import MapView
from ui.components.actions import install_actions
from ui.components.capture_detail import CaptureDetailDock
from ui.components.captures_dock import CapturesDock
from ui.components.map_feed import MapFeed
from ui.components.map_panel import MapPanel
from ui.components.status_bar import LiveStatusBar
from ui.components.tasks_dock import TasksDock
from ui.components.units_dock import UnitsDock
from ui.models.captures import CapturesModel
from ui.models.tasks import TasksModel
from ui.models.units import UnitsModel
from ui.settings import AppSettings, WindowLayout
from ui.tasks import TaskKeeper
from ui.theme import apply_theme

Area = Qt.DockWidgetArea


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(
        self, session: LiveSession, settings: AppSettings, store: QSettings, tasks: TaskKeeper
    ):
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Control Room")
        self.session, self.settings, self.store, self.tasks = session, settings, store, tasks
        self.layout_store = WindowLayout(store)
        state, client = session.state, session.client
        self.map_view = MapView(settings.map_settings())
        self.map_panel = MapPanel(self.map_view, self.layout_store, self)
        self.setCentralWidget(self.map_panel)
        self.units_dock = UnitsDock(UnitsModel(state, parent=self), self)
        self.captures_dock = CapturesDock(CapturesModel(state, parent=self), self)
        self.detail_dock = CaptureDetailDock(state, client, tasks, self)
        self.tasks_dock = TasksDock(TasksModel(state, parent=self), self)
        self.feed = MapFeed(self.map_view, state, client, tasks)
        self.status = LiveStatusBar(session, self)
        self.setStatusBar(self.status)
        self._place_docks()
        self._default_layout = self.saveState()
        self.actions_by_name = install_actions(self)
        self._wire()
        if not self.layout_store.restore(self):
            self.resize(1600, 960)
        self.ticker = QTimer(self)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start(1000)
        self.map_view.load_map()

    def _place_docks(self) -> None:
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self.setCorner(Qt.Corner.BottomLeftCorner, Area.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Area.RightDockWidgetArea)
        self.addDockWidget(Area.LeftDockWidgetArea, self.units_dock)
        self.addDockWidget(Area.RightDockWidgetArea, self.captures_dock)
        self.addDockWidget(Area.RightDockWidgetArea, self.detail_dock)
        self.addDockWidget(Area.BottomDockWidgetArea, self.tasks_dock)
        self.resizeDocks(
            [self.units_dock, self.captures_dock], [430, 560], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.captures_dock, self.detail_dock], [520, 420], Qt.Orientation.Vertical
        )
        self.resizeDocks([self.tasks_dock], [190], Qt.Orientation.Vertical)

    def _wire(self) -> None:
        bridge = self.map_view.bridge
        self.units_dock.unit_selected.connect(self.feed.select_unit)
        self.tasks_dock.unit_selected.connect(self.feed.select_unit)
        self.captures_dock.capture_selected.connect(self.detail_dock.show_capture)
        self.captures_dock.capture_selected.connect(self.feed.select_capture)
        bridge.unit_clicked.connect(self.units_dock.select)
        bridge.capture_clicked.connect(self.captures_dock.select)
        self.session.connection_changed = lambda *_: self.status.refresh()

    def docks(self) -> list[QDockWidget]:
        return [self.units_dock, self.captures_dock, self.detail_dock, self.tasks_dock]

    def _tick(self) -> None:
        self.session.state.tick()
        for dock in (self.units_dock, self.tasks_dock):
            dock.model.tick()
        self.status.refresh()

    def reset_layout(self) -> None:
        for dock in self.docks():
            dock.show()
            dock.setFloating(False)
        self.restoreState(self._default_layout)

    def set_theme(self, name: str) -> None:
        self.settings.theme = apply_theme(QApplication.instance(), name)
        self.settings.save(self.store)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.map_panel.attach()
        self.layout_store.save(self)
        self.settings.save(self.store)
        self.ticker.stop()
        super().closeEvent(event)
        self.closed.emit()
