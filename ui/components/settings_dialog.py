"""Settings: the hub, the look, when a position counts as stale, the basemap, attendance
targets per grade (they differ by force), urban districts and the alarm sound. Window layout is
kept apart (``WindowLayout``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from ui.settings import AppSettings

TARGETS = (
    ("target_immediate_urban_min", "Immediate, urban"),
    ("target_immediate_rural_min", "Immediate, rural"),
    ("target_priority_min", "Priority"),
    ("target_scheduled_min", "Scheduled (0: none)"),
)


def _minutes(value: float, upto: float = 24 * 60) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0, upto)
    spin.setDecimals(0)
    spin.setSuffix(" min")
    spin.setValue(value)
    return spin


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        form = QFormLayout(self)
        self.hub_url = QLineEdit(settings.hub_url)
        self.hub_url.setToolTip("Used from the next sign-in")
        form.addRow("Hub", self.hub_url)
        self.theme = QComboBox()
        for name in ("dark", "light"):
            self.theme.addItem(name.capitalize(), name)
        self.theme.setCurrentIndex(0 if settings.theme == "dark" else 1)
        form.addRow("Theme", self.theme)
        self.stale = QDoubleSpinBox()
        self.stale.setRange(10, 3600)
        self.stale.setDecimals(0)
        self.stale.setSuffix(" s")
        self.stale.setValue(settings.stale_after_s)
        form.addRow("Stale after", self.stale)
        self.basemap = QLineEdit(settings.basemap)
        self.basemap.setPlaceholderText("XYZ URL with {z}/{x}/{y}, an .mbtiles file, or empty")
        self.basemap.setToolTip("Used when the map is next opened")
        form.addRow("Basemap", self.basemap)
        self.spins = {}
        for name, label in TARGETS:
            self.spins[name] = _minutes(getattr(settings, name))
            form.addRow(f"Target: {label}", self.spins[name])
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
        s = self.settings
        s.hub_url = self.hub_url.text().strip() or s.hub_url
        s.theme = self.theme.currentData()
        s.stale_after_s = self.stale.value()
        s.basemap = self.basemap.text().strip()
        for name, spin in self.spins.items():
            setattr(s, name, spin.value())
        s.urban_districts = self.urban.text()
        s.alarm_sound = self.sound.isChecked()
