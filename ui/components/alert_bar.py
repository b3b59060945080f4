"""AlertBar: units that went quiet while en route or at scene (unit.silent), and who
acknowledged the last emergency. Stays until dismissed: a silent unit must not just fade."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from controlroom.contract.events import UnitSilent
from controlroom.live.state import Change, LiveState
from controlroom.vocabulary import UNIT_STATUS


def silent_text(alert: UnitSilent) -> str:
    minutes = alert.silent_s // 60
    tasks = ", ".join(f"#{t.incident_id}" for t in alert.tasks if t.incident_id is not None)
    status = UNIT_STATUS.words(alert.status).lower()
    return f"{alert.callsign} SILENT {minutes} min while {status}" + (
        f" (tasked to {tasks})" if tasks else ""
    )


class AlertBar(QFrame):
    def __init__(self, state: LiveState, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("alertBar")
        self.setStyleSheet(
            "#alertBar { background: #78350f; border-bottom: 1px solid #f59e0b; }"
            "#alertBar QLabel { color: #fef3c7; background: transparent; font-weight: 600; }"
        )
        self.state = state
        self.label = QLabel(self)
        self.notice = ""
        self.dismiss = QPushButton("Seen", self)
        self.dismiss.clicked.connect(self.dismiss_all)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss)
        state.subscribe(self._on_change)
        self.refresh()

    def _on_change(self, change: Change) -> None:
        if change.section == "alerts":
            self.refresh()

    def show_notice(self, text: str) -> None:
        self.notice = text
        self.refresh()

    def refresh(self) -> None:
        lines = [silent_text(a) for a in self.state.alerts.values()]
        if self.notice:
            lines.append(self.notice)
        self.label.setText("   ·   ".join(lines))
        self.setVisible(bool(lines))

    def dismiss_all(self) -> None:
        self.notice = ""
        for callsign in list(self.state.alerts):
            self.state.dismiss_alert(callsign)
        self.refresh()
