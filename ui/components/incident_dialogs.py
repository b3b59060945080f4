"""Dialogs for the dispatcher: raise an incident (placed by a map click or a typed street),
re-grade it (a reason is required), change a unit's status (with a reason)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from shiboken6 import isValid

from controlroom.contract.documents import Incident
from controlroom.vocabulary import GRADE, THRIVE, UNIT_STATUS
from ui.components.place_search import Geography, PlaceCompleter


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
    """Non-modal, so the dispatcher can click the map to place the incident. The location
    completes from the hub's gazetteer; a click on the map is named ("on or near ...")."""

    place_changed = Signal(float, float)

    def __init__(self, parent: QWidget | None = None, geography: Geography | None = None):
        super().__init__("Raise incident", parent)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.place: tuple[float, float] | None = None
        self.geography = geography
        self.summary = QLineEdit()
        self.summary.setPlaceholderText("What is happening")
        self.grade = grade_box("immediate")
        self.location = QLineEdit()
        self.location.setPlaceholderText("Type a street, a place or an address, or click the map")
        self.places: PlaceCompleter | None = None
        if geography is not None:
            self.places = PlaceCompleter(self.location, geography, "incident-place")
            self.places.place_chosen.connect(self._place_chosen)
        self.where = QLabel("not placed yet")
        self.form.addRow("Summary", self.summary)
        self.form.addRow("Grade", self.grade)
        self.form.addRow("Location", self.location)
        self.form.addRow("", self.where)
        self.thrive = ThriveFields(self.form)
        self.finish()

    def _place_chosen(self, place: dict) -> None:
        self.set_place(place["lat"], place["lon"], from_map=False)
        self.where.setText(f"{place['label']} ({place['lat']:.5f}, {place['lon']:.5f})")

    def choose_place(self, label: str) -> bool:
        """Place it at the best match for the typed text, if that text has been looked up."""
        found = self.places.best_for(label) if self.places else None
        if found is None:
            return False
        self.location.setText(found["label"])
        self._place_chosen(found)
        return True

    def set_place(self, lat: float, lon: float, from_map: bool = True) -> None:
        self.place = (lat, lon)
        self.where.setText(f"{lat:.5f}, {lon:.5f}")
        if from_map:
            if not self.location.text():
                self.location.setText(f"{lat:.5f}, {lon:.5f}")
            if self.geography is not None:
                self.geography.name_point(lat, lon, self._named, "incident-whereabouts")
        self.place_changed.emit(lat, lon)

    def _named(self, found: dict) -> None:
        """A clicked point's whereabouts arrived: say them, and use them as the location."""
        if not isValid(self) or self.place is None:
            return
        lat, lon = self.place
        self.where.setText(f"on or near {found['label']} ({lat:.5f}, {lon:.5f})")
        typed = self.location.text().strip()
        if not typed or typed == f"{lat:.5f}, {lon:.5f}":
            self.location.setText(found["label"])

    def accept(self) -> None:
        if not self.summary.text().strip():
            return self.refuse("Say what the incident is")
        if self.place is None and not self.choose_place(self.location.text()):
            if self.places is not None and self.location.text().strip():
                self.refuse("Finding the place…")  # accepted once the hub has answered
                self.places.search(self.location.text(), then=self._accept_if_found)
                return None
            return self.refuse("Place it: type a street or click the map")
        super().accept()

    def _accept_if_found(self) -> None:
        if not isValid(self):
            return
        if self.choose_place(self.location.text()):
            self.accept()
        else:
            self.refuse("No such place: choose one from the list, or click the map")

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
