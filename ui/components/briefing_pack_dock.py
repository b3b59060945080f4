"""The pack editor: a briefing's items grouped by section, each with its source, 3x5x2 code,
handling code and expiry; the chosen item's text, note and who it is for beside them. The
sergeant reorders (Move up / Move down, or drags), removes, annotates, adds notes and tasks,
then saves the whole list in order and publishes it to the team. A role that may only read
sees the pack without any of it."""

from __future__ import annotations

import uuid
from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from controlroom.contract.briefings import Briefing, BriefingItem, BriefingOffer
from controlroom.live.briefings import team_words
from ui.components.briefing_item_form import ItemForm
from ui.models.briefing_pack import ACK, CODE, EXPIRES, FOR, SOURCE, TITLE, PackModel
from ui.models.briefings import shift_words

WIDTHS = {SOURCE: 120, CODE: 60, EXPIRES: 96, FOR: 56, ACK: 44}  # the item takes the rest


def team_of(briefing: Briefing) -> list[str]:
    """The team's callsigns as the hub resolved them (or as they were listed)."""
    if briefing.callsigns:
        return list(briefing.callsigns)
    return list(briefing.team) if isinstance(briefing.team, list) else []


def free_item(kind: str) -> BriefingItem:
    """A note or a task of the sergeant's own (ids as the contract fixes them)."""
    if kind == "task":
        return BriefingItem(
            id=f"task:{uuid.uuid4().hex}", section="method", kind="task", title="New task"
        )
    return BriefingItem(
        id=f"note:{uuid.uuid4().hex}", section="information", kind="note", title="New note"
    )


def header_html(briefing: Briefing, dirty: bool) -> str:
    if briefing.version:
        where = f"version {briefing.version} published"
        if dirty or briefing.state == "draft":
            where += ", draft changed since"
    else:
        where = "draft, not published"
    unsaved = " · <b style='color:#f5b342'>unsaved</b>" if dirty else ""
    shift = shift_words(briefing.shift_start, briefing.shift_end)
    return (
        f"<b>{escape(briefing.title)}</b> · {escape(shift)}"
        f"<br>Team {escape(team_words(briefing.team))} · {len(team_of(briefing))} officers"
        f" · {where}{unsaved}"
    )


class PackDock(QDockWidget):
    selected = Signal(object)  # the BriefingItem chosen, or None
    edited = Signal()

    def __init__(self, may_edit: bool, parent: QWidget | None = None):
        super().__init__("Briefing pack", parent)
        self.setObjectName("briefingPackDock")
        self.may_edit = may_edit
        self.briefing: Briefing | None = None
        self.dirty = False
        self.model = PackModel(self)
        self.model.edited.connect(self._edited)
        self.header = QLabel("No briefing is open.", self)
        self.header.setObjectName("briefingHeader")
        self.header.setWordWrap(True)
        self.tree = self._tree()
        self.form = ItemForm(may_edit, self)
        self.form.changed.connect(self._change_current)
        self.form.section_chosen.connect(self._move_current_to)
        self.buttons: dict[str, QPushButton] = {}
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        split = QSplitter(Qt.Orientation.Vertical, body)
        split.addWidget(self.tree)
        split.addWidget(self.form)
        split.setSizes([520, 220])
        layout.addWidget(split, 1)
        if may_edit:
            layout.addLayout(self._edit_row())
        self.setWidget(body)
        self._enable()

    def _tree(self) -> QTreeView:
        tree = QTreeView(self)
        tree.setObjectName("briefingItems")
        tree.setModel(self.model)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in WIDTHS.items():
            tree.setColumnWidth(column, width)
        if self.may_edit:
            tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
            tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        tree.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        self.model.modelReset.connect(tree.expandAll)
        self.model.rowsInserted.connect(lambda parent, *_: tree.expand(parent))
        self.model.rowsMoved.connect(lambda _p, _s, _e, dest, _r: tree.expand(dest))
        return tree

    def _edit_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for name, text, slot in (
            ("up", "Move &up", lambda: self.move_item(-1)),
            ("down", "Move &down", lambda: self.move_item(1)),
            ("remove", "&Remove", self.remove),
            ("note", "Add &note", lambda: self.add_free("note")),
            ("task", "Add &task", lambda: self.add_free("task")),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"briefing_{name}")
            button.clicked.connect(slot)
            self.buttons[name] = button
            row.addWidget(button)
        row.addStretch(1)
        return row

    # ---- the open pack -------------------------------------------------------------------

    def show_briefing(self, briefing: Briefing, keep: str | None = None) -> None:
        self.briefing = briefing
        self.model.set_items(briefing.items)
        self.dirty = False
        self.setWindowTitle(f"Briefing pack — {briefing.title}")
        self._retitle()
        if keep is not None:
            self.choose(keep)
        self._enable()

    def _retitle(self) -> None:
        if self.briefing is not None:
            self.header.setText(header_html(self.briefing, self.dirty))

    def _edited(self) -> None:
        self.dirty = True
        self._retitle()
        self.edited.emit()

    def _enable(self) -> None:
        chosen = self.current_item() is not None
        for name, button in self.buttons.items():
            button.setEnabled(self.briefing is not None and (chosen or name in ("note", "task")))

    def current_item(self) -> BriefingItem | None:
        return self.model.item_at(self.tree.currentIndex())

    def choose(self, item_id: str) -> None:
        index = self.model.index_of(item_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _show_current(self) -> None:
        item = self.current_item()
        self.form.show_item(item, team_of(self.briefing) if self.briefing else [])
        self._enable()
        self.selected.emit(item)

    # ---- the sergeant's edits ------------------------------------------------------------

    def _select(self, index: QModelIndex) -> None:
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def move_item(self, delta: int) -> None:
        self._select(self.model.move(self.tree.currentIndex(), delta))

    def remove(self) -> None:
        index = self.tree.currentIndex()
        section, row = index.parent(), index.row()
        if self.model.remove(index) is not None:
            left = self.model.rowCount(section)
            self._select(self.model.index(min(row, left - 1), 0, section) if left else section)

    def add_free(self, kind: str) -> None:
        if self.briefing is None:
            return
        self._select(self.model.add(free_item(kind)))
        self.form.title.setFocus()
        self.form.title.selectAll()

    def _change_current(self, fields: dict) -> None:
        self.model.change(self.tree.currentIndex(), **fields)

    def _move_current_to(self, section: str) -> None:
        self._select(self.model.move_to_section(self.tree.currentIndex(), section))

    def take_offer(self, offer: BriefingOffer) -> None:
        """An offered change accepted into the draft (saved and published as the rest)."""
        if offer.change == "withdraw":
            self.model.remove(self.model.index_of(offer.item_id or ""))
        elif offer.item is not None:
            self._select(self.model.put(offer.item))
