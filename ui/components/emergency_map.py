"""What an emergency does to the map on every workstation: it flies to the officer and draws
their live track, shows the nearest units, and says who acknowledged it once it is cleared."""

from __future__ import annotations

from PySide6.QtCore import QObject

from controlroom.contract.documents import Recommendation
from controlroom.live.state import LiveState
from controlroom.localtime import clock
from ui.components.alert_bar import AlertBar
from ui.components.dispatch_feed import DispatchFeed
from ui.components.emergency import EmergencyAlarm
from ui.components.map_feed import MapFeed
from ui.components.status_bar import LiveStatusBar


class EmergencyMap(QObject):
    def __init__(
        self,
        state: LiveState,
        alarm: EmergencyAlarm,
        feed: MapFeed,
        dispatch_feed: DispatchFeed,
        alert_bar: AlertBar,
        status: LiveStatusBar,
    ):
        super().__init__(alarm)
        self.state, self.alarm, self.feed = state, alarm, feed
        self.dispatch_feed, self.alert_bar, self.status = dispatch_feed, alert_bar, status
        alarm.alarm_raised.connect(self._raised)
        alarm.candidates_loaded.connect(self._candidates)
        alarm.alarm_cleared.connect(self._cleared)
        alarm.acknowledge_failed.connect(lambda text: status.showMessage(text, 15000))
        if alarm.shown is not None:  # an emergency in the snapshot already
            self._raised(alarm.shown)

    def _raised(self, emergency_id: int) -> None:
        emergency = self.state.emergencies.get(emergency_id)
        if emergency is None:
            return
        self.dispatch_feed.show_alarm(emergency)
        if self.feed.selected != emergency.callsign:
            self.feed.select_unit(emergency.callsign, focus=False)  # the live track

    def _candidates(self, emergency_id: int, units: list[Recommendation]) -> None:
        emergency = self.state.emergencies.get(emergency_id)
        if emergency is None:
            return
        unit = self.state.units.get(emergency.callsign)
        lat, lon = emergency.lat, emergency.lon
        if unit is not None and unit.lat is not None:
            lat, lon = unit.lat, unit.lon
        self.dispatch_feed.show_candidates(lat, lon, units)

    def _cleared(self, acknowledged_by: str) -> None:
        self.dispatch_feed.show_alarm(None)
        self.dispatch_feed.clear_candidates()
        acked = self.state.last_acknowledged
        if acknowledged_by and acked is not None:
            at = clock(acked.acknowledged_at)
            text = f"Emergency of {acked.callsign} acknowledged by {acknowledged_by} {at}"
        else:
            text = "Emergency ended"
        self.alert_bar.show_notice(text)
        self.status.showMessage(text, 60000)
