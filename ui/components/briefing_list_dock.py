"""The briefings: each pack's title, shift, version, and how many of the team have read its
latest version (live, as officers acknowledge). Enter or a double click opens one; a role that
may build briefings has "New briefing…" here too."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.models.base import KeyRole
from ui.models.briefings import READ, SHIFT, TITLE, BriefingsModel
from ui.widgets.plain_table import plain_table


class BriefingsDock(QDockWidget):
    opened = Signal(int)
    new_asked = Signal()

    def __init__(self, model: BriefingsModel, may_build: bool, parent: QWidget | None = None):
        super().__init__("Briefings", parent)
        self.setObjectName("briefingsDock")
        self.model = model
        self.table = plain_table(model, "briefingsTable", {SHIFT: 162, READ: 84})
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        self.table.activated.connect(self._open)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        if may_build:
            new = QPushButton("&New briefing…", body)
            new.setObjectName("briefingNew")
            new.clicked.connect(self.new_asked.emit)
            row.addWidget(new)
        self.open_button = QPushButton("&Open", body)
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex()))
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.setWidget(body)
        model.modelReset.connect(self._retitle)
        model.rowsInserted.connect(self._retitle)
        self._retitle()

    def _retitle(self) -> None:
        self.setWindowTitle(f"Briefings — {self.model.rowCount()}")

    def _open(self, index: QModelIndex) -> None:
        key = index.data(KeyRole) if index.isValid() else None
        if key is not None:
            self.opened.emit(int(key))

    def select(self, briefing_id: int) -> None:
        row = self.model.row_of(briefing_id)
        if row is not None:
            self.table.selectRow(row)

    def focus_list(self) -> None:
        self.show()
        self.raise_()
        self.table.setFocus()
