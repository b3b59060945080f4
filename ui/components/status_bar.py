"""The status bar: live / reconnecting / offline, the age of the last word from the hub,
and how many units are stale and captures new."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from controlroom.live.session import Connection, LiveSession
from controlroom.vocabulary import ROLE
from ui.models.base import age_text

WORDS = {
    Connection.CONNECTING: "CONNECTING",
    Connection.LIVE: "LIVE",
    Connection.RECONNECTING: "RECONNECTING",
    Connection.OFFLINE: "OFFLINE",
}


def heard_text(seconds: float) -> str:
    age = age_text(seconds)
    return "last heard just now" if age == "now" else f"last heard {age} ago"


class LiveStatusBar(QStatusBar):
    def __init__(self, session: LiveSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.badge = QLabel(self)
        self.badge.setObjectName("connectionBadge")
        self.age = QLabel(self)
        self.counts = QLabel(self)
        self.user = QLabel(self)
        self.alarm = QLabel(self)
        self.alarm.setObjectName("emergencyBadge")
        self.addWidget(self.badge)
        self.addWidget(self.alarm)
        self.addWidget(self.age)
        self.addPermanentWidget(self.counts)
        self.addPermanentWidget(self.user)
        self.refresh()

    def refresh(self) -> None:
        """Called on every connection change and once a second."""
        session, state = self.session, self.session.state
        connection = session.connection
        self.badge.setText(f"● {WORDS[connection]}")
        if self.badge.property("connection") != str(connection):
            self.badge.setProperty("connection", str(connection))
            self.badge.style().unpolish(self.badge)
            self.badge.style().polish(self.badge)
        self.badge.setToolTip(session.detail or session.client.base_url)
        contact = session.last_contact_at
        heard = "no word from the hub yet" if contact is None else heard_text(time.time() - contact)
        if connection is not Connection.LIVE:
            heard += " — showing the last known picture"
            if session.detail:
                heard += f" ({session.detail})"
        self.age.setText(heard)
        emergencies = sorted(e.callsign for e in state.emergencies.values())
        self.alarm.setVisible(bool(emergencies))
        self.alarm.setText(f"EMERGENCY: {', '.join(emergencies)}")
        units = state.units.values()
        stale = sum(1 for u in units if u.stale)
        counts = f"{len(state.units)} units · {stale} stale · {len(state.unseen)} new captures"
        if waiting := len(state.unread):
            counts += f" · {waiting} unread message" + ("s" if waiting > 1 else "")
        self.counts.setText(counts)
        who = session.client.session
        self.user.setText(f"{who.username} ({ROLE.words(who.role)})" if who else "")
