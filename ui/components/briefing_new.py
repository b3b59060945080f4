"""New briefing…: a title, the area (a district, wards, or the map as it is shown now), the
shift's start and end, and the team (its name, or callsigns separated by commas). The hub
proposes the pack from what it holds; the desk opens the draft."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QStackedWidget,
    QWidget,
)

from controlroom.geo.area import load_area

DISTRICT, WARDS, MAP_VIEW = range(3)
AREA_KINDS = ("A district", "Wards", "The map as it is shown now")
SHIFT_HOURS = 10


def team_value(text: str, teams: set[str]) -> str | list[str] | None:
    """A team's name, or the callsigns listed ("A1, A2" or "A1 A2"); None when empty."""
    text = text.strip()
    if not text:
        return None
    if text in teams:
        return text
    parts = [p for p in text.replace(",", " ").split() if p]
    return parts if "," in text or len(parts) > 1 else text


def briefing_body(
    title: str, area: dict[str, Any], start: QDateTime, end: QDateTime, team: str | list[str]
) -> dict[str, Any]:
    return {
        "title": title.strip(),
        "area": area,
        "shift_start": start.toUTC().toString(Qt.DateFormat.ISODate),
        "shift_end": end.toUTC().toString(Qt.DateFormat.ISODate),
        "team": team,
    }


def next_hour() -> QDateTime:
    now = QDateTime.currentDateTime()
    start = QDateTime(now.date(), QTime(now.time().hour(), 0))
    return start.addSecs(3600)


class NewBriefingDialog(QDialog):
    def __init__(self, teams: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("newBriefingDialog")
        self.setWindowTitle("New briefing")
        self.teams = set(teams)
        self.bbox: list[float] | None = None  # [W, S, E, N] of the map, when it answered
        self.title = QLineEdit(self)
        self.title.setObjectName("briefingTitle")
        self.title.setPlaceholderText("e.g. Early turn, Hanley and Shelton")
        self.kind = QComboBox(self)
        self.kind.addItems(AREA_KINDS)
        self.place = QStackedWidget(self)
        self._areas()
        self.kind.currentIndexChanged.connect(self.place.setCurrentIndex)
        self.start, self.end = QDateTimeEdit(next_hour(), self), QDateTimeEdit(self)
        self.end.setDateTime(self.start.dateTime().addSecs(SHIFT_HOURS * 3600))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("ddd dd MMM yyyy HH:mm")
            edit.setCalendarPopup(True)
        self.start.dateTimeChanged.connect(
            lambda moment: self.end.setDateTime(moment.addSecs(SHIFT_HOURS * 3600))
        )
        self.team = QComboBox(self)
        self.team.setObjectName("briefingTeam")
        self.team.setEditable(True)
        self.team.addItems(sorted(self.teams))
        line = self.team.lineEdit()
        assert line is not None  # an editable box has one
        line.setPlaceholderText("team name, or callsigns separated by commas")
        self.buttons = QDialogButtonBox(self)
        make = self.buttons.addButton("Propose the pack", QDialogButtonBox.ButtonRole.AcceptRole)
        make.setObjectName("briefingMake")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.problem = QLabel("", self)
        self.problem.setStyleSheet("color: #f87171")
        layout = QFormLayout(self)
        for label, widget in (
            ("Title", self.title),
            ("Area", self.kind),
            ("", self.place),
            ("Shift starts", self.start),
            ("Shift ends", self.end),
            ("Team", self.team),
            ("", self.problem),
            ("", self.buttons),
        ):
            layout.addRow(label, widget)
        self.resize(520, 460)

    def _areas(self) -> None:
        area = load_area()
        self.district = QComboBox(self)
        self.district.setObjectName("briefingDistrict")
        self.district.addItems(sorted(d.name for d in area.districts))
        self.wards = QListWidget(self)
        self.wards.setObjectName("briefingWards")
        self.wards.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for ward in sorted(area.wards, key=lambda w: (w.district, w.name)):
            self.wards.addItem(ward.name)
            self.wards.item(self.wards.count() - 1).setToolTip(ward.district)
        self.map_area = QLabel("The map has not said where it is yet.", self)
        for widget in (self.district, self.wards, self.map_area):
            self.place.addWidget(widget)

    def set_map_view(self, bbox: list[float]) -> None:
        self.bbox = [round(v, 5) for v in bbox]
        w, s, e, n = self.bbox
        self.map_area.setText(f"{s:.4f}, {w:.4f} to {n:.4f}, {e:.4f} (south-west to north-east)")

    def area(self) -> dict[str, Any] | None:
        kind = self.kind.currentIndex()
        if kind == DISTRICT:
            return {"district": self.district.currentText()}
        if kind == WARDS:
            chosen = [item.text() for item in self.wards.selectedItems()]
            return {"wards": chosen} if chosen else None
        return {"bbox": self.bbox} if self.bbox else None

    def body(self) -> dict[str, Any] | None:
        """What to POST, or None (and the reason shown) while something is missing."""
        area, team = self.area(), team_value(self.team.currentText(), self.teams)
        problem = ""
        if not self.title.text().strip():
            problem = "Give the briefing a title."
        elif area is None:
            problem = "Choose the wards, or wait for the map." if self.kind.currentIndex() else ""
        elif self.end.dateTime() <= self.start.dateTime():
            problem = "The shift must end after it starts."
        elif team is None:
            problem = "Name the team, or list its callsigns."
        self.problem.setText(problem)
        if problem or area is None or team is None:
            return None
        return briefing_body(
            self.title.text(), area, self.start.dateTime(), self.end.dateTime(), team
        )

    def _accept(self) -> None:
        if self.body() is not None:
            self.accept()
