"""Dialogs for the dispatcher: raise an incident (placed by a map click or a typed street),
re-grade it (a reason is required), change a unit's status (with a reason)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from controlroom.contract.documents import Incident
from controlroom.geo import gazetteer
from controlroom.vocabulary import GRADE, THRIVE, UNIT_STATUS


def grade_box(current: str | None = None) -> QComboBox:
    box = QComboBox()
    for code, label in ((t.code, t.words) for t in GRADE):
        box.addItem(label, code)
    if current in GRADE:
        box.setCurrentIndex(GRADE.index(current))
    return box


class ThriveFields:
    """The six THRIVE notes as line edits on a form."""

    def __init__(self, form: QFormLayout, values: dict | None = None):
        self.edits = {}
        for name in THRIVE:
            edit = QLineEdit((values or {}).get(name, ""))
            edit.setObjectName(f"thrive_{name}")
            form.addRow(name.capitalize(), edit)
            self.edits[name] = edit

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.edits.items()}


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.setStyleSheet("color: #f87171")

    def finish(self) -> None:
        self.form.addRow(self.error)
        self.form.addRow(self.buttons)

    def refuse(self, why: str) -> None:
        self.error.setText(why)


class RaiseIncidentDialog(_Form):
    """Non-modal, so the dispatcher can click the map to place the incident."""

    place_changed = Signal(float, float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Raise incident", parent)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.place: tuple[float, float] | None = None
        self.summary = QLineEdit()
        self.summary.setPlaceholderText("What is happening")
        self.grade = grade_box("immediate")
        self.location = QLineEdit()
        self.location.setPlaceholderText("Type a street, or click the map")
        self._places: dict[str, gazetteer.Place] = {}
        self._names = QStringListModel(self)
        self.completer = QCompleter(self._names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.location.setCompleter(self.completer)
        self.location.textEdited.connect(self._suggest)
        self.completer.activated.connect(self.choose_place)
        self.where = QLabel("not placed yet")
        self.form.addRow("Summary", self.summary)
        self.form.addRow("Grade", self.grade)
        self.form.addRow("Location", self.location)
        self.form.addRow("", self.where)
        self.thrive = ThriveFields(self.form)
        self.finish()

    def _suggest(self, text: str) -> None:
        places = gazetteer.search(text, limit=12) if len(text.strip()) >= 3 else []
        self._places = {p.label: p for p in places}
        self._names.setStringList(list(self._places))

    def choose_place(self, label: str) -> bool:
        place = self._places.get(label) or next(iter(gazetteer.search(label, limit=1)), None)
        if place is None:
            return False
        self.location.setText(place.label)
        self.set_place(place.lat, place.lon, from_map=False)
        return True

    def set_place(self, lat: float, lon: float, from_map: bool = True) -> None:
        self.place = (lat, lon)
        if from_map and not self.location.text():
            self.location.setText(f"{lat:.5f}, {lon:.5f}")
        self.where.setText(f"{lat:.5f}, {lon:.5f}")
        self.place_changed.emit(lat, lon)

    def accept(self) -> None:
        if not self.summary.text().strip():
            return self.refuse("Say what the incident is")
        if self.place is None and not self.choose_place(self.location.text()):
            return self.refuse("Place it: type a street or click the map")
        super().accept()

    def body(self) -> dict:
        if self.place is None:
            raise ValueError("the incident has not been placed")
        lat, lon = self.place
        return {
            "summary": self.summary.text().strip(),
            "grade": self.grade.currentData(),
            "lat": lat,
            "lon": lon,
            "location_text": self.location.text().strip() or None,
            "thrive": self.thrive.values(),
        }


class RegradeDialog(_Form):
    def __init__(self, incident: Incident, parent: QWidget | None = None):
        super().__init__(f"Re-grade #{incident.id} {incident.summary}", parent)
        self.grade = grade_box(incident.grade)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Why (required; recorded with your name)")
        self.reason.setFixedHeight(70)
        self.form.addRow("Grade", self.grade)
        self.form.addRow("Reason", self.reason)
        self.thrive = ThriveFields(self.form, incident.thrive)
        self.finish()

    def accept(self) -> None:
        if not self.reason.toPlainText().strip():
            return self.refuse("A re-grade needs a reason")
        super().accept()

    def values(self) -> tuple[str, str, dict]:
        thrive = {k: v for k, v in self.thrive.values().items() if v}
        return self.grade.currentData(), self.reason.toPlainText().strip(), thrive


class ReasonDialog(_Form):
    """A required reason, optionally with a choice (a unit's new status)."""

    def __init__(
        self,
        title: str,
        choices: dict | None = None,
        current: object = None,
        parent: QWidget | None = None,
        choice_label: str = "Status",
        reason_label: str = "Reason",
    ):
        super().__init__(title, parent)
        self.choice: QComboBox | None = None
        if choices:
            self.choice = QComboBox()
            for code, label in choices.items():
                self.choice.addItem(label, code)
            if current in choices:
                self.choice.setCurrentIndex(list(choices).index(current))
            self.form.addRow(choice_label, self.choice)
        self.reason, self.reason_label = QLineEdit(), reason_label
        self.reason.setPlaceholderText(f"{reason_label} (required; audited)")
        self.form.addRow(reason_label, self.reason)
        self.finish()

    def accept(self) -> None:
        if not self.reason.text().strip():
            return self.refuse(f"Give the {self.reason_label.lower()}")
        super().accept()

    def values(self) -> tuple[str | None, str]:
        code = self.choice.currentData() if self.choice is not None else None
        return code, self.reason.text().strip()


def unit_status_dialog(callsign: str, current: str | None, parent=None) -> ReasonDialog:
    choices = {t.code: t.words for t in UNIT_STATUS}
    return ReasonDialog(f"Status of {callsign}", choices, current, parent)
