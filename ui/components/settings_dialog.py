"""Settings dialog: attendance targets per grade (they differ by force), urban districts and
the alarm sound."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
)

from ui.settings import AppSettings

TARGETS = (
    ("target_immediate_urban_min", "Immediate, urban"),
    ("target_immediate_rural_min", "Immediate, rural"),
    ("target_priority_min", "Priority"),
    ("target_scheduled_min", "Scheduled (0: none)"),
)


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Settings — attendance targets")
        self.settings = settings
        form = QFormLayout(self)
        self.spins = {}
        for name, label in TARGETS:
            spin = QDoubleSpinBox()
            spin.setRange(0, 24 * 60)
            spin.setDecimals(0)
            spin.setSuffix(" min")
            spin.setValue(getattr(settings, name))
            form.addRow(label, spin)
            self.spins[name] = spin
        self.urban = QLineEdit(settings.urban_districts)
        form.addRow("Urban districts", self.urban)
        self.sound = QCheckBox("Sound the emergency alarm")
        self.sound.setChecked(settings.alarm_sound)
        form.addRow(self.sound)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def apply(self) -> None:
        for name, spin in self.spins.items():
            setattr(self.settings, name, spin.value())
        self.settings.urban_districts = self.urban.text()
        self.settings.alarm_sound = self.sound.isChecked()
