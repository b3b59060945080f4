"""What ties the dispatcher's parts together: the incident queue, the dispatch dock, the map's
candidates and the emergency alarm (which outranks everything else on the map)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from controlroom.localtime import clock


class DispatchCoordinator(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self._pending_select: int | None = None
        self._wire()

    def _wire(self) -> None:
        w = self.w
        bridge = w.map_view.bridge
        w.incidents_dock.incident_selected.connect(self._incident_selected)
        bridge.incident_clicked.connect(w.incidents_dock.select)
        w.dispatch_dock.recommendations_loaded.connect(self._show_candidates)
        w.desk.incident_raised.connect(lambda doc: self.select_when_listed(doc["id"]))
        w.incidents_dock.model.rowsInserted.connect(lambda *_: self.select_when_listed())
        w.incidents_dock.model.modelReset.connect(lambda *_: self.select_when_listed())
        for source in (w.desk, w.dispatch_dock, w.alarm):
            signal = getattr(source, "failed", None) or source.acknowledge_failed
            signal.connect(lambda text: w.status.showMessage(text, 15000))
        w.desk.done.connect(lambda text: w.status.showMessage(text, 6000))
        w.alarm.alarm_raised.connect(self._alarm_raised)
        w.alarm.candidates_loaded.connect(self._alarm_candidates)
        w.alarm.alarm_cleared.connect(self._alarm_cleared)
        if w.alarm.shown is not None:  # an emergency in the snapshot already
            self._alarm_raised(w.alarm.shown)

    def select_when_listed(self, incident_id: int | None = None) -> None:
        """Select an incident just raised here, as soon as its event has arrived."""
        if incident_id is not None:
            self._pending_select = incident_id
        if self._pending_select is not None and self.w.incidents_dock.select(self._pending_select):
            self._pending_select = None

    def _incident_selected(self, incident_id: int) -> None:
        w = self.w
        w.dispatch_dock.show_incident(incident_id)
        incident = w.session.state.incidents.get(incident_id)
        if incident is not None and not w.alarm.active:
            w.map_view.focus(incident.lat, incident.lon, 13)
            w.dispatch_feed.clear_candidates()

    def _show_candidates(self, incident_id: int, units: list) -> None:
        w = self.w
        incident = w.session.state.incidents.get(incident_id)
        if incident and not w.alarm.active:  # an emergency's candidates outrank these
            w.dispatch_feed.show_candidates(incident.lat, incident.lon, units)

    def _alarm_raised(self, emergency_id: int) -> None:
        w = self.w
        emergency = w.session.state.emergencies.get(emergency_id)
        if emergency is None:
            return
        w.dispatch_feed.show_alarm(emergency)
        if w.feed.selected != emergency.callsign:
            w.feed.select_unit(emergency.callsign, focus=False)  # the live track

    def _alarm_candidates(self, emergency_id: int, units: list) -> None:
        state = self.w.session.state
        emergency = state.emergencies.get(emergency_id)
        if emergency is None:
            return
        unit = state.units.get(emergency.callsign)
        lat, lon = emergency.lat, emergency.lon
        if unit is not None and unit.lat is not None:
            lat, lon = unit.lat, unit.lon
        self.w.dispatch_feed.show_candidates(lat, lon, units)

    def _alarm_cleared(self, acknowledged_by: str) -> None:
        w = self.w
        w.dispatch_feed.show_alarm(None)
        w.dispatch_feed.clear_candidates()
        acked = w.session.state.last_acknowledged
        if acknowledged_by and acked is not None:
            at = clock(acked.acknowledged_at)
            text = f"Emergency of {acked.callsign} acknowledged by {acknowledged_by} {at}"
        else:
            text = "Emergency ended"
        w.alert_bar.show_notice(text)
        w.status.showMessage(text, 60000)
