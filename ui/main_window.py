"""The main window: composes the map, docks, status bar and actions, and wires them up."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QMenuBar,
    QVBoxLayout,
    QWidget,
)

from controlroom.live.session import LiveSession
from maps.view import MapView
from ui.components.actions import install_actions
from ui.components.alert_bar import AlertBar
from ui.components.capture_detail import CaptureDetailDock
from ui.components.captures_dock import CapturesDock
from ui.components.dispatch_actions import install_dispatch_actions
from ui.components.dispatch_coordinator import DispatchCoordinator
from ui.components.dispatch_desk import DispatchDesk
from ui.components.dispatch_dock import DispatchDock
from ui.components.dispatch_feed import DispatchFeed
from ui.components.emergency import EmergencyAlarm, EmergencyPane, install_acknowledge_key
from ui.components.incidents_dock import IncidentsDock
from ui.components.map_feed import MapFeed
from ui.components.map_panel import MapPanel
from ui.components.map_search import MapBar
from ui.components.place_search import Geography
from ui.components.route_feed import RouteFeed
from ui.components.settings_dialog import SettingsDialog
from ui.components.status_bar import LiveStatusBar
from ui.components.tasks_dock import TasksDock
from ui.components.units_dock import UnitsDock
from ui.models.captures import CapturesModel
from ui.models.incidents import IncidentsModel
from ui.models.tasks import TasksModel
from ui.models.units import UnitsModel
from ui.settings import AppSettings, WindowLayout
from ui.tasks import TaskKeeper
from ui.theme import apply_theme
from ui.widgets.alarm_sound import AlarmSound

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
        self.geography = Geography(client, tasks)
        self.map_bar = MapBar(self.map_view, state, self.geography, self)
        self.map_panel.layout().insertWidget(0, self.map_bar)
        self.banner = EmergencyPane(self)
        self.alert_bar = AlertBar(state, self)
        self._menu_bar = QMenuBar(self)
        # Banner and alerts span the whole window under the menu bar: not docks, never hidden.
        self.setMenuWidget(self._stack(self._menu_bar, self.banner, self.alert_bar))
        self.setCentralWidget(self.map_panel)
        self.units_dock = UnitsDock(UnitsModel(state, parent=self), self)
        self.captures_dock = CapturesDock(CapturesModel(state, parent=self), self)
        self.detail_dock = CaptureDetailDock(state, client, tasks, self)
        self.tasks_dock = TasksDock(TasksModel(state, parent=self), self)
        self.incidents_dock = IncidentsDock(
            IncidentsModel(state, settings.targets, parent=self), self
        )
        self.dispatch_dock = DispatchDock(state, client, tasks, self)
        self.feed = MapFeed(self.map_view, state, client, tasks)
        self.dispatch_feed = DispatchFeed(self.map_view, self.incidents_dock.model, self)
        self.route_feed = RouteFeed(self.map_view, state, self.geography, self)
        self.alarm = EmergencyAlarm(
            state, client, tasks, self.banner, AlarmSound(settings.alarm_sound, self), self
        )
        self.desk = DispatchDesk(self)
        self.status = LiveStatusBar(session, self)
        self.setStatusBar(self.status)
        self._place_docks()
        self._default_layout = self.saveState()
        self.actions_by_name = install_actions(self)
        self.actions_by_name.update(install_dispatch_actions(self))
        install_acknowledge_key(self.alarm)
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
        self.addDockWidget(Area.LeftDockWidgetArea, self.incidents_dock)
        self.addDockWidget(Area.LeftDockWidgetArea, self.dispatch_dock)
        self.addDockWidget(Area.LeftDockWidgetArea, self.units_dock)
        self.addDockWidget(Area.RightDockWidgetArea, self.captures_dock)
        self.addDockWidget(Area.RightDockWidgetArea, self.detail_dock)
        self.addDockWidget(Area.BottomDockWidgetArea, self.tasks_dock)
        self.tabifyDockWidget(self.captures_dock, self.units_dock)
        self.splitDockWidget(self.captures_dock, self.detail_dock, Qt.Orientation.Vertical)
        self.units_dock.raise_()
        self.resizeDocks(
            [self.incidents_dock, self.units_dock], [560, 470], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.incidents_dock, self.dispatch_dock], [430, 330], Qt.Orientation.Vertical
        )
        self.resizeDocks([self.tasks_dock], [170], Qt.Orientation.Vertical)

    def _wire(self) -> None:
        bridge = self.map_view.bridge
        self.units_dock.unit_selected.connect(self.feed.select_unit)
        self.tasks_dock.unit_selected.connect(self.feed.select_unit)
        self.captures_dock.capture_selected.connect(self.detail_dock.show_capture)
        self.captures_dock.capture_selected.connect(self.feed.select_capture)
        bridge.unit_clicked.connect(self.units_dock.select)
        bridge.capture_clicked.connect(self.captures_dock.select)
        bridge.map_clicked.connect(self.map_bar.name_point)
        self.units_dock.unit_selected.connect(self.map_bar.name_unit)
        self.captures_dock.capture_selected.connect(self.map_bar.name_capture)
        self.session.connection_changed = lambda *_: self.status.refresh()
        self.coordinator = DispatchCoordinator(self)

    @staticmethod
    def _stack(*widgets: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def menuBar(self) -> QMenuBar:  # the menu widget is a stack holding this bar
        return self._menu_bar

    def docks(self) -> list[QDockWidget]:
        return [
            self.incidents_dock,
            self.dispatch_dock,
            self.units_dock,
            self.captures_dock,
            self.detail_dock,
            self.tasks_dock,
        ]

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            dialog.apply()
            self.settings.save(self.store)
            self.alarm.sound.enabled = self.settings.alarm_sound
            self.incidents_dock.model.tick()
            self.dispatch_feed.send_incidents()

    def _tick(self) -> None:
        self.session.state.tick()
        for dock in (self.units_dock, self.tasks_dock, self.incidents_dock):
            dock.model.tick()
        self._ticks = getattr(self, "_ticks", 0) + 1
        self.dispatch_feed.send_incidents(only_changed=self._ticks % 30 != 0)
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
        self.alarm.close()
        super().closeEvent(event)
        self.closed.emit()
