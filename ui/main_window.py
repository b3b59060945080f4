"""The main window: composes what every role shares (map, emergency banner and alarm, alert bar,
status bar, the File, Go and View menus) and hands the rest to the signed-in role's desk."""

from __future__ import annotations

import zlib

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMenuBar, QVBoxLayout, QWidget

from controlroom.live.session import Connection, LiveSession
from maps.view import MapView
from ui.components.actions import action, install_file_menu, install_go_menu, install_view_menu
from ui.components.alert_bar import AlertBar
from ui.components.dispatch_feed import DispatchFeed
from ui.components.emergency import ACK_KEYS, EmergencyAlarm, EmergencyPane, install_acknowledge_key
from ui.components.emergency_map import EmergencyMap
from ui.components.heat_feed import HeatFeed, install_heat_menu
from ui.components.map_feed import MapFeed
from ui.components.map_panel import MapPanel
from ui.components.map_search import MapBar
from ui.components.place_search import Geography
from ui.components.route_feed import RouteFeed
from ui.components.settings_dialog import SettingsDialog
from ui.components.status_bar import LiveStatusBar
from ui.desks import desk_for
from ui.models.incidents import IncidentsModel
from ui.settings import AppSettings, WindowLayout
from ui.tasks import TaskKeeper
from ui.theme import application, apply_theme
from ui.widgets.alarm_sound import AlarmSound
from ui.workstation import Workstation

MAP_AT_LEAST = (480, 320)  # the map's smallest size, in pixels


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(
        self, session: LiveSession, settings: AppSettings, store: QSettings, tasks: TaskKeeper
    ):
        super().__init__()
        self.setObjectName("mainWindow")
        self.session, self.settings, self.store = session, settings, store
        self.layout_store = WindowLayout(store)
        state = session.state
        self.map_view = MapView(settings.map_settings())
        self.map_panel = MapPanel(self.map_view, self.layout_store, self)
        self.banner = EmergencyPane(self)
        self.alert_bar = AlertBar(state, self)
        self._menu_bar = QMenuBar(self)
        # Banner and alerts span the whole window under the menu bar: not docks, never hidden.
        self.setMenuWidget(_stack(self._menu_bar, self.banner, self.alert_bar))
        self.setCentralWidget(self.map_panel)
        self.map_panel.setMinimumSize(*MAP_AT_LEAST)  # docks give way before the map does
        self.status = LiveStatusBar(session, self)
        self.setStatusBar(self.status)
        sound = AlarmSound(settings.alarm_sound, self)
        self.alarm = EmergencyAlarm(state, session.client, tasks, self.banner, sound, self)
        self.feed = MapFeed(self.map_view, state, session.client, tasks)
        self.geography = Geography(session.client, tasks)
        self.map_bar = MapBar(self.map_view, state, self.geography, self)
        self.map_panel.box.insertWidget(0, self.map_bar)
        self.map_view.bridge.map_clicked.connect(self.map_bar.name_point)
        RouteFeed(self.map_view, state, self.geography, self)
        incidents = IncidentsModel(state, settings.targets, parent=self)
        self.ws = Workstation(
            session,
            settings,
            tasks,
            self,
            self.map_view,
            self.feed,
            self.status,
            self.alert_bar,
            self.alarm,
            incidents,
            DispatchFeed(self.map_view, incidents, self),
            self.geography,
            self.map_bar,
        )
        EmergencyMap(
            state, self.alarm, self.feed, self.ws.dispatch_feed, self.alert_bar, self.status
        )
        self.desk = desk_for(self.ws.role)(self.ws)
        self.setWindowTitle(f"Control Room — {self.desk.title}")
        self.actions_by_name = self._build_menus()
        install_acknowledge_key(self.alarm)
        self._default_layout = self.saveState()
        if not self.layout_store.restore(self, self._layout_key, self._layout_version):
            self.resize(1600, 960)
        session.connection_changed = self._connection_changed
        self.ticker = QTimer(self)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start(1000)
        self._ticks = 0
        self.map_view.load_map()

    def _connection_changed(self, connection: Connection, _detail: str) -> None:
        self.status.refresh()
        if connection is Connection.LIVE:
            self.desk.went_live()

    @property
    def _layout_key(self) -> str:
        return f"main/{self.desk.name}"  # each role's desk remembers its own layout

    @property
    def _layout_version(self) -> int:
        """Changes when the desk's set of docks does, so that an old layout is not applied."""
        names = ",".join(sorted(dock.objectName() for dock in self.desk.docks))
        return zlib.crc32(names.encode()) & 0x7FFFFFFF

    def _build_menus(self) -> dict:
        bar = self._menu_bar
        acts = install_file_menu(self, bar, self.edit_settings, self.close)
        go, go_acts = install_go_menu(
            self,
            bar,
            [
                ("focus_map", "Focus the &map", "Ctrl+M", self.map_panel.focus_map),
                ("acknowledge", "&Acknowledge emergency", ACK_KEYS, self.alarm.acknowledge),
            ],
        )
        self.desk.build(bar)
        for name, text, key, slot in self.desk.go_entries():
            go_acts[name] = action(self, text, key, slot)
            go.addAction(go_acts[name])
        view = install_view_menu(
            self,
            bar,
            self.desk.docks,
            self.map_panel.toggle_detached,
            self.reset_layout,
            self.set_theme,
            self.settings.theme,
        )
        self.map_panel.detached_changed.connect(view["detach_map"].setChecked)
        client, tasks = self.session.client, self.ws.tasks
        self.heat = HeatFeed(self.map_view, client, tasks, self.session.state, self)
        heat = install_heat_menu(self, bar, self.heat)
        return {**acts, **go_acts, **self.desk.actions, **view, **heat}

    def menuBar(self) -> QMenuBar:  # the menu widget is a stack holding this bar
        return self._menu_bar

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            dialog.apply()
            self.settings.save(self.store)
            self.alarm.sound.enabled = self.settings.alarm_sound
            self.session.state.stale_after_s = self.settings.stale_after_s
            self.set_theme(self.settings.theme)
            self.ws.incidents.tick()
            self.ws.dispatch_feed.send_incidents()

    def _tick(self) -> None:
        self.session.state.tick()
        self.desk.tick()
        self._ticks += 1
        self.ws.dispatch_feed.send_incidents(only_changed=self._ticks % 30 != 0)
        self.status.refresh()

    def reset_layout(self) -> None:
        for dock in self.desk.docks:
            dock.show()
            dock.setFloating(False)
        self.restoreState(self._default_layout)

    def set_theme(self, name: str) -> None:
        app = application()
        if app is not None:
            self.settings.theme = apply_theme(app, name)
        self.map_view.set_theme(self.settings.theme)  # restyled in place: the page stays
        self.settings.save(self.store)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.map_panel.attach()
        self.layout_store.save(self, self._layout_key, self._layout_version)
        self.settings.save(self.store)
        self.ticker.stop()
        self.alarm.close()
        super().closeEvent(event)
        self.closed.emit()


def _stack(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for widget in widgets:
        layout.addWidget(widget)
    return box
