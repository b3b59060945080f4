"""Workstation: what a desk builds on. The signed-in session, and the parts of the window that
every role shares (map, status bar, alert bar, emergency alarm), passed by name so a desk takes
what it uses rather than reaching into the main window."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QMainWindow

from controlroom.client.hub import HubClient
from controlroom.live.session import LiveSession
from controlroom.live.state import LiveState
from controlroom.permissions import Can, may
from maps.view import MapView
from ui.components.alert_bar import AlertBar
from ui.components.dispatch_feed import DispatchFeed
from ui.components.emergency import EmergencyAlarm
from ui.components.map_feed import MapFeed
from ui.components.map_search import MapBar
from ui.components.place_search import Geography
from ui.components.status_bar import LiveStatusBar
from ui.models.incidents import IncidentsModel
from ui.settings import AppSettings
from ui.tasks import TaskKeeper


@dataclass
class Workstation:
    session: LiveSession
    settings: AppSettings
    tasks: TaskKeeper
    host: QMainWindow  # where a desk's docks go, and the parent of its dialogs
    map_view: MapView
    feed: MapFeed
    status: LiveStatusBar
    alert_bar: AlertBar
    alarm: EmergencyAlarm
    incidents: IncidentsModel  # the open incidents, on every desk's map
    dispatch_feed: DispatchFeed  # incidents, candidates and the emergency on the map
    geography: Geography  # the hub's places, addresses and routes
    map_bar: MapBar  # the search box over the map, and the whereabouts of what was picked

    @property
    def state(self) -> LiveState:
        return self.session.state

    @property
    def client(self) -> HubClient:
        return self.session.client

    @property
    def role(self) -> str:
        who = self.session.client.session
        return who.role if who is not None else ""

    def may(self, what: Can) -> bool:
        return may(self.role, what)

    def say(self, text: str, ms: int = 6000) -> None:
        self.status.showMessage(text, ms)
