"""The analyst's corrections of a record: merge another record of the same kind into it (found
by name, mark or number, or among those it appears with), or split the mentions in some of its
captures off into a record of their own. Each asks why; the hub keeps the reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.entities import EntityPage
from controlroom.localtime import stamp
from ui.tasks import TaskKeeper

IdRole = Qt.ItemDataRole.UserRole


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class MergeDialog(QDialog):
    def __init__(self, page: EntityPage, client: HubClient, tasks: TaskKeeper, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(f"Merge another record into {page.label}")
        self.resize(560, 420)
        self.page, self.client, self.tasks = page, client, tasks
        self.other: int | None = None
        self.words = QLineEdit(self)
        self.words.setPlaceholderText(f"Find another {page.kind} (Enter)")
        self.words.returnPressed.connect(self._find)
        self.choices = QListWidget(self)
        self.choices.setObjectName("mergeChoices")
        self.choices.currentItemChanged.connect(self._chose)
        self.note = QLineEdit(self)
        self.note.setObjectName("mergeNote")
        self.note.setPlaceholderText("why they are the same person, vehicle, phone or address")
        form = QFormLayout()
        form.addRow("Why", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Every capture of the record chosen joins record {page.id}."))
        layout.addWidget(self.words)
        layout.addWidget(self.choices, 1)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Merge"))
        self._offer([(r.id, f"{r.label} ({r.via})") for r in page.related if r.kind == page.kind])

    def _offer(self, records: list[tuple[int, str]]) -> None:
        self.choices.clear()
        for ident, words in records:
            if ident != self.page.id:
                item = QListWidgetItem(f"record {ident}: {words}")
                item.setData(IdRole, ident)
                self.choices.addItem(item)

    def _find(self) -> None:
        text = self.words.text().strip()
        if text:
            self.tasks.run(self._search(text), name="merge-find")

    async def _search(self, text: str) -> None:
        try:
            found = await self.client.find_entities(text, self.page.kind)
        except HubError as exc:
            self.choices.clear()
            self.choices.addItem(f"not found: {exc.detail}")
            return
        self._offer([(e.id, f"{e.label} ({e.captures} captures)") for e in found])

    def _chose(self, item: QListWidgetItem | None) -> None:
        ident = item.data(IdRole) if item is not None else None
        self.other = int(ident) if ident is not None else None


class SplitDialog(QDialog):
    def __init__(self, page: EntityPage, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("splitDialog")
        self.setWindowTitle(f"Split captures off {page.label}")
        self.resize(620, 420)
        self.captures = QListWidget(self)
        self.captures.setObjectName("splitCaptures")
        for s in sorted(page.timeline, key=lambda s: s.at, reverse=True):
            item = QListWidgetItem(f"{stamp(s.at)[:17]}  {s.summary[:90]}")
            item.setData(IdRole, s.capture_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.captures.addItem(item)
        self.note = QLineEdit(self)
        self.note.setObjectName("splitNote")
        self.note.setPlaceholderText("why these are someone (or something) else")
        form = QFormLayout()
        form.addRow("Why", self.note)
        layout = QVBoxLayout(self)
        told = "The mentions in the captures ticked become a record of their own."
        layout.addWidget(QLabel(told, self))
        layout.addWidget(self.captures, 1)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Split off"))

    def chosen(self) -> list[str]:
        items = (self.captures.item(row) for row in range(self.captures.count()))
        return [
            str(item.data(IdRole)) for item in items if item.checkState() == Qt.CheckState.Checked
        ]
