"""The item the sergeant has chosen in a pack: what it says and where it came from (read only
for what the hub proposed: a capture's sanitised text is never rewritten on the desk), and
what the sergeant adds: a title for their own items, a note read out with it, the section, the
callsign a task is for, and whether each officer must acknowledge it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from controlroom.contract.briefings import SECTION_TITLES, SECTIONS, BriefingItem
from controlroom.localtime import stamp

NOBODY = "(nobody)"


def provenance(item: BriefingItem) -> str:
    """ "incident 20261201-0042 · 3x5x2 2-B-P · handling P · expires 02 Dec 2026 07:00 GMT"."""
    parts = [item.source or "sergeant"]
    if item.code:
        parts.append(f"3x5x2 {item.code}")
    if item.handling_code:
        parts.append(f"handling {item.handling_code}")
    if item.expires_at:
        parts.append(f"expires {stamp(item.expires_at)}")
    return " · ".join(parts)


class ItemForm(QWidget):
    changed = Signal(dict)  # the fields the sergeant changed, to write into the item
    section_chosen = Signal(str)

    def __init__(self, may_edit: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.may_edit = may_edit
        self._filling = False
        self.title = QLineEdit(self)
        self.title.setObjectName("briefingItemTitle")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("briefingItemText")
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("briefingItemNote")
        self.note.setPlaceholderText("the sergeant's note, read out with the item")
        self.source = QLabel(self)
        self.source.setWordWrap(True)
        self.section = QComboBox(self)
        for code in SECTIONS:
            self.section.addItem(SECTION_TITLES[code], code)
        self.assigned = QComboBox(self)
        self.assigned.setObjectName("briefingItemFor")
        self.acknowledge = QCheckBox("Ask each officer to acknowledge this item", self)
        self.acknowledge.setObjectName("briefingItemAcknowledge")
        for box in (self.text, self.note):
            box.setMaximumHeight(90)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        for label, widget in (
            ("Title", self.title),
            ("Source", self.source),
            ("Text", self.text),
            ("Note", self.note),
            ("Section", self.section),
            ("For", self.assigned),
            ("", self.acknowledge),
        ):
            layout.addRow(label, widget)
        self._wire()
        self.show_item(None, [])

    def _wire(self) -> None:
        self.title.textEdited.connect(lambda text: self._emit(title=text.strip() or "(untitled)"))
        self.text.textChanged.connect(lambda: self._emit(text=self.text.toPlainText()))
        self.note.textChanged.connect(lambda: self._emit(note=self.note.toPlainText()))
        self.acknowledge.toggled.connect(lambda on: self._emit(acknowledge=on))
        self.assigned.activated.connect(lambda _row: self._emit(assigned_to=self.callsign()))
        self.section.activated.connect(self._section_chosen)

    def _section_chosen(self, _row: int) -> None:
        if not self._filling:
            self.section_chosen.emit(self.section.currentData())

    def _emit(self, **fields: Any) -> None:
        if not self._filling:
            self.changed.emit(fields)

    def callsign(self) -> str | None:
        text = self.assigned.currentText()
        return None if text == NOBODY else text

    def show_item(self, item: BriefingItem | None, team: list[str]) -> None:
        self._filling = True
        try:
            self._fill(item, team)
        finally:
            self._filling = False

    def _fill(self, item: BriefingItem | None, team: list[str]) -> None:
        own = item is not None and not item.proposed
        editable = self.may_edit and item is not None
        self.title.setText(item.title if item else "")
        self.title.setCursorPosition(0)  # a long title shows its start
        self.text.setPlainText(item.text if item else "")
        self.note.setPlainText(item.note if item else "")
        self.source.setText(provenance(item) if item else "Choose an item of the pack.")
        if item is not None:
            self.section.setCurrentIndex(max(0, self.section.findData(item.section)))
        self.assigned.clear()
        self.assigned.addItems([NOBODY, *team])
        if item is not None and item.assigned_to and item.assigned_to not in team:
            self.assigned.addItem(item.assigned_to)
        self.assigned.setCurrentText((item.assigned_to if item else None) or NOBODY)
        self.acknowledge.setChecked(bool(item and item.acknowledge))
        self.title.setReadOnly(not (editable and own))
        self.text.setReadOnly(not (editable and own))
        self.note.setReadOnly(not editable)
        for widget in (self.section, self.assigned, self.acknowledge):
            widget.setEnabled(editable)
        self.assigned.setEnabled(editable and item is not None and item.kind == "task")
