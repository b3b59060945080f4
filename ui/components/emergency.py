"""Emergencies: an officer's emergency button outranks everything on every screen.

A red banner across the top of the main window (not a dock: it cannot be closed or docked away)
and an always-on-top alarm window both show every unacknowledged emergency with the units
nearest to it; a sound plays; the map flies to the officer and draws their live track. It all
stays until a named operator acknowledges; the acknowledgement (from any workstation) clears it
here and says who did it."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.documents import Emergency, Recommendation
from controlroom.live.state import Change, LiveState
from controlroom.localtime import clock
from ui.models.recommendations import eta_text, km
from ui.tasks import TaskKeeper
from ui.widgets.alarm_sound import AlarmSound

log = logging.getLogger(__name__)
ACK_KEYS = "Ctrl+Shift+A"


def emergency_text(emergency: Emergency, nearest: list[Recommendation]) -> str:
    where = (
        f"{emergency.lat:.5f}, {emergency.lon:.5f}"
        if emergency.lat is not None and emergency.lon is not None
        else "last known position"
    )
    text = (
        f"EMERGENCY — {emergency.callsign} needs urgent assistance · "
        f"raised {clock(emergency.raised_at)} · {where}"
    )
    if nearest:
        text += "\nNearest: " + "   ".join(
            f"{u.callsign} {eta_text(u.eta_s)} ({km(u.distance_m)})" for u in nearest[:4]
        )
    return text


class EmergencyPane(QFrame):
    """The alarm's face: what, where, who is nearest, and the acknowledge button."""

    acknowledge_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emergencyBanner")
        self.setStyleSheet(
            "#emergencyBanner { background: #b91c1c; border-bottom: 3px solid #fecaca; }"
            "#emergencyBanner QLabel { color: white; background: transparent; font-size: 15px;"
            " font-weight: 600; }"
            "#emergencyBanner QLabel#ackLine { font-size: 13px; font-weight: 400; }"
            "#emergencyBanner QPushButton { background: #fef2f2; color: #7f1d1d; font-weight:"
            " 700; padding: 8px 16px; border-radius: 3px; }"
        )
        self.label = QLabel(self)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.ack_line = QLabel(self)
        self.ack_line.setObjectName("ackLine")
        self.button = QPushButton(f"Acknowledge  ({ACK_KEYS})", self)
        self.button.clicked.connect(self._acknowledge)
        self.emergency_id: int | None = None
        text = QVBoxLayout()
        text.addWidget(self.label)
        text.addWidget(self.ack_line)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.addLayout(text, 1)
        layout.addWidget(self.button)

    def show_emergency(
        self, emergency: Emergency, nearest: list[Recommendation], waiting: int
    ) -> None:
        self.emergency_id = emergency.id
        self.label.setText(emergency_text(emergency, nearest))
        more = f" · {waiting - 1} more waiting" if waiting > 1 else ""
        self.ack_line.setText(f"Stays until a named operator acknowledges it{more}")
        self.button.setEnabled(True)

    def _acknowledge(self) -> None:
        if self.emergency_id is not None:
            self.button.setEnabled(False)
            self.acknowledge_requested.emit(self.emergency_id)


class AlarmWindow(QWidget):
    """A top-level window that stays above every other window while an alarm is up; closing
    it does not silence anything (only acknowledging does)."""

    def __init__(self):
        flags = Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint
        super().__init__(None, flags)
        self.setObjectName("alarmWindow")
        self.setWindowTitle("EMERGENCY — Control Room")
        self.pane = EmergencyPane(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pane)
        self.resize(720, 140)
        self.may_close = False

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.may_close:
            super().closeEvent(event)
        else:
            event.ignore()


class EmergencyAlarm(QObject):
    """Follows LiveState's emergencies and drives the banner, the alarm window, the sound, the
    map and the acknowledgement."""

    alarm_raised = Signal(int)
    alarm_cleared = Signal(str)  # who acknowledged (or how it ended)
    candidates_loaded = Signal(int, list)
    acknowledge_failed = Signal(str)

    def __init__(
        self,
        state: LiveState,
        client: HubClient,
        tasks: TaskKeeper,
        banner: EmergencyPane,
        sound: AlarmSound,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.state, self.client, self.tasks = state, client, tasks
        self.banner, self.sound = banner, sound
        self.window = AlarmWindow()
        self.nearest: dict[int, list[Recommendation]] = {}
        self.shown: int | None = None
        self.last_acknowledged_by = ""
        banner.acknowledge_requested.connect(self.acknowledge)
        self.window.pane.acknowledge_requested.connect(self.acknowledge)
        banner.hide()
        self._unsubscribe = state.subscribe(self._on_change)
        self._on_change(Change("emergencies", reset=True))

    @property
    def active(self) -> bool:
        return bool(self.state.alarms)

    def current(self) -> Emergency | None:
        """The oldest unacknowledged emergency: it is shown first."""
        if not self.state.alarms:
            return None
        return self.state.alarms[min(self.state.alarms)]

    def _on_change(self, change: Change) -> None:
        if change.section == "emergencies":
            self.refresh()
        elif change.section == "units" and self.shown is not None:
            emergency = self.current()
            if emergency is not None and emergency.callsign in change.keys:
                self.alarm_raised.emit(emergency.id)  # the map follows the officer

    def refresh(self) -> None:
        emergency = self.current()
        acked = self.state.last_acknowledged
        if acked is not None and acked.acknowledged_by:
            self.last_acknowledged_by = acked.acknowledged_by.removeprefix("user:")
        if emergency is None:
            if self.shown is not None:
                self.shown = None
                self.sound.stop()
                self.window.hide()
                self.banner.hide()
                self.alarm_cleared.emit(self.last_acknowledged_by)
            return
        self._show(emergency)

    def _show(self, emergency: Emergency) -> None:
        ident = emergency.id
        nearest = self.nearest.get(ident, [])
        waiting = len(self.state.alarms)
        for pane in (self.banner, self.window.pane):
            pane.show_emergency(emergency, nearest, waiting)
        self.banner.show()
        self.window.show()
        self.window.raise_()
        if self.shown != ident:
            self.shown = ident
            self.sound.start()
            self.alarm_raised.emit(ident)
            self.tasks.run(self._load_nearest(ident), name=f"emergency-nearest-{ident}")

    async def _load_nearest(self, ident: int) -> None:
        try:
            units = await self.client.emergency_recommendations(ident)
        except HubError as exc:
            log.warning("nearest units for emergency %s: %s", ident, exc.detail)
            return
        self.nearest[ident] = units
        if ident in self.state.alarms:
            self._show(self.state.alarms[ident])
            self.candidates_loaded.emit(ident, units)

    def acknowledge(self, ident: int | None = None) -> None:
        ident = ident if ident is not None else self.shown
        if ident is not None:
            self.tasks.run(self._acknowledge(ident), name=f"emergency-ack-{ident}")

    async def _acknowledge(self, ident: int) -> None:
        try:
            await self.client.acknowledge_emergency(ident)
        except HubError as exc:  # 409: someone else got there first, and the event follows
            self.acknowledge_failed.emit(exc.detail)
            for pane in (self.banner, self.window.pane):
                pane.button.setEnabled(True)

    def close(self) -> None:
        self._unsubscribe()
        self.sound.stop()
        self.window.may_close = True
        self.window.close()
        self.window.deleteLater()


def install_acknowledge_key(alarm: EmergencyAlarm) -> None:
    """The key in the alarm window (the main window has it as a menu action)."""
    shortcut = QShortcut(QKeySequence(ACK_KEYS), alarm.window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(alarm.acknowledge)
