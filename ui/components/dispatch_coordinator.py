"""What ties the dispatcher's parts together: the incident queue, the dispatch dock, the
commands and the map's candidates (an emergency's candidates outrank an incident's)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from controlroom.contract.documents import Recommendation
from controlroom.live.state import LiveState
from maps.view import MapView
from ui.components.dispatch_commands import DispatchCommands
from ui.components.dispatch_dock import DispatchDock
from ui.components.dispatch_feed import DispatchFeed
from ui.components.emergency import EmergencyAlarm
from ui.components.incidents_dock import IncidentsDock
from ui.workstation import Workstation


class DispatchCoordinator(QObject):
    def __init__(
        self,
        ws: Workstation,
        queue: IncidentsDock,
        dispatch_dock: DispatchDock,
        commands: DispatchCommands,
    ):
        super().__init__(queue)
        self.state: LiveState = ws.state
        self.map_view: MapView = ws.map_view
        self.alarm: EmergencyAlarm = ws.alarm
        self.dispatch_feed: DispatchFeed = ws.dispatch_feed
        self.say = ws.say
        self.queue, self.dispatch_dock, self.commands = queue, dispatch_dock, commands
        self._pending_select: int | None = None
        self._wire()

    def _wire(self) -> None:
        queue, alarm = self.queue, self.alarm
        queue.incident_selected.connect(self._incident_selected)
        self.map_view.bridge.incident_clicked.connect(queue.select)
        self.dispatch_dock.recommendations_loaded.connect(self._show_candidates)
        self.commands.incident_raised.connect(lambda doc: self.select_when_listed(doc["id"]))
        self.commands.reassigning.connect(self._reassign)
        queue.model.rowsInserted.connect(lambda *_: self.select_when_listed())
        queue.model.modelReset.connect(lambda *_: self.select_when_listed())
        for signal in (self.commands.failed, self.dispatch_dock.failed, alarm.acknowledge_failed):
            signal.connect(lambda text: self.say(text, 15000))
        self.commands.done.connect(lambda text: self.say(text, 6000))

    def select_when_listed(self, incident_id: int | None = None) -> None:
        """Select an incident just raised here, as soon as its event has arrived."""
        if incident_id is not None:
            self._pending_select = incident_id
        if self._pending_select is not None and self.queue.select(self._pending_select):
            self._pending_select = None

    def _reassign(self, incident_id: int) -> None:
        self.queue.select(incident_id)
        self.dispatch_dock.focus()

    def _incident_selected(self, incident_id: int) -> None:
        self.dispatch_dock.show_incident(incident_id)
        incident = self.state.incidents.get(incident_id)
        if incident is not None and not self.alarm.active:
            self.map_view.focus(incident.lat, incident.lon, 13)
            self.dispatch_feed.clear_candidates()

    def _show_candidates(self, incident_id: int, units: list[Recommendation]) -> None:
        incident = self.state.incidents.get(incident_id)
        if incident is not None and not self.alarm.active:  # an emergency's outrank these
            self.dispatch_feed.show_candidates(incident.lat, incident.lon, units)
