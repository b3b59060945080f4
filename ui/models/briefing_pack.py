"""PackModel: a draft's items grouped by section (IIMARCH, then people, vehicles and places),
each with its source, its 3x5x2 code, handling code, expiry and who it is for. The sergeant
reorders within a section (up, down, or dragged), moves an item to another section, removes,
annotates and adds; ``items()`` is the list to save, in the order shown.

Two levels: a section row (internal id 0) and its items (internal id: section index + 1)."""

from __future__ import annotations

from typing import Any

import msgspec
from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from controlroom.contract.briefings import SECTION_TITLES, SECTIONS, BriefingItem
from controlroom.localtime import day_and_clock
from ui.models.palette import ACCENT, STALE

TITLE, SOURCE, CODE, EXPIRES, FOR, ACK = range(6)
# The 3x5x2 code ends in the handling code (2-B-C); an item without a grading shows its
# handling code alone.
HEADERS = ("Item", "Source", "3x5x2", "Expires", "For", "Ack")
Display = Qt.ItemDataRole.DisplayRole
ItemIdRole = Qt.ItemDataRole.UserRole + 1
MIME = "application/x-controlroom-briefing-item"
Index = QModelIndex | QPersistentModelIndex


def item_text(item: BriefingItem, column: int) -> str:
    if column == TITLE:
        return item.title + ("  ✎" if item.note else "")
    if column == SOURCE:
        return item.source
    if column == CODE:
        return code_words(item)
    if column == EXPIRES:
        return day_and_clock(item.expires_at, now=0)[4:] if item.expires_at else ""
    if column == FOR:
        return item.assigned_to or ""
    return "asked" if item.acknowledge else ""


def code_words(item: BriefingItem) -> str:
    """ "2-B-P"; "2-B-P, handling C" where the item is handled more strictly than its code."""
    code, handling = item.code or "", item.handling_code or ""
    if not code or not handling:
        return code or (f"handling {handling}" if handling else "")
    return code if code.endswith(f"-{handling}") else f"{code}, handling {handling}"


def item_tip(item: BriefingItem) -> str:
    parts = [item.text] if item.text else []
    if item.note:
        parts.append(f"Note: {item.note}")
    return "\n\n".join(parts)


class PackModel(QAbstractItemModel):
    edited = Signal()  # the draft differs from what was last saved

    def __init__(self, parent=None):
        super().__init__(parent)
        self.groups: list[list[BriefingItem]] = [[] for _ in SECTIONS]

    # ---- the pack as a list ----------------------------------------------------------------

    def set_items(self, items: list[BriefingItem]) -> None:
        self.beginResetModel()
        self.groups = [[] for _ in SECTIONS]
        for item in items:
            self.groups[self._section_of(item)].append(item)
        self.endResetModel()

    def items(self) -> list[BriefingItem]:
        return [item for group in self.groups for item in group]

    @staticmethod
    def _section_of(item: BriefingItem) -> int:
        return SECTIONS.index(item.section) if item.section in SECTIONS else 0

    def item_at(self, index: Index) -> BriefingItem | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        group = self.groups[index.internalId() - 1]
        return group[index.row()] if index.row() < len(group) else None

    def index_of(self, item_id: str) -> QModelIndex:
        for section, group in enumerate(self.groups):
            for row, item in enumerate(group):
                if item.id == item_id:
                    return self.createIndex(row, 0, section + 1)
        return QModelIndex()

    def section_index(self, section: str) -> QModelIndex:
        return self.index(SECTIONS.index(section), 0)

    # ---- the sergeant's edits --------------------------------------------------------------

    def move(self, index: Index, delta: int) -> QModelIndex:
        """One place up (-1) or down (+1) within its section; the item's new index."""
        item = self.item_at(index)
        if item is None:
            return QModelIndex()
        section, row = index.internalId() - 1, index.row()
        to = row + delta
        if not 0 <= to < len(self.groups[section]):
            return self.createIndex(row, 0, section + 1)
        return self._place(section, row, section, to if delta < 0 else to + 1)

    def _place(self, section: int, row: int, to_section: int, to_row: int) -> QModelIndex:
        """Move one item (``to_row`` counted before it is taken out, as Qt counts a drop)."""
        parent, to_parent = self.index(section, 0), self.index(to_section, 0)
        if section == to_section and to_row in (row, row + 1):
            return self.createIndex(row, 0, section + 1)
        self.beginMoveRows(parent, row, row, to_parent, to_row)
        item = self.groups[section].pop(row)
        if section == to_section and to_row > row:
            to_row -= 1
        item.section = SECTIONS[to_section]
        self.groups[to_section].insert(to_row, item)
        self.endMoveRows()
        self.edited.emit()
        return self.createIndex(to_row, 0, to_section + 1)

    def move_to_section(self, index: Index, section: str) -> QModelIndex:
        to = SECTIONS.index(section)
        if self.item_at(index) is None:
            return QModelIndex()
        if index.internalId() - 1 == to:
            return self.createIndex(index.row(), 0, index.internalId())
        return self._place(index.internalId() - 1, index.row(), to, len(self.groups[to]))

    def remove(self, index: Index) -> BriefingItem | None:
        item = self.item_at(index)
        if item is None:
            return None
        section = index.internalId() - 1
        self.beginRemoveRows(self.index(section, 0), index.row(), index.row())
        self.groups[section].pop(index.row())
        self.endRemoveRows()
        self.edited.emit()
        return item

    def add(self, item: BriefingItem) -> QModelIndex:
        """At the end of its section."""
        section = self._section_of(item)
        row = len(self.groups[section])
        self.beginInsertRows(self.index(section, 0), row, row)
        self.groups[section].append(item)
        self.endInsertRows()
        self.edited.emit()
        return self.createIndex(row, 0, section + 1)

    def change(self, index: Index, **fields: Any) -> None:
        """Fields of one item (its title, note, who it is for, whether to acknowledge)."""
        item = self.item_at(index)
        if item is None:
            return
        self.groups[index.internalId() - 1][index.row()] = msgspec.structs.replace(item, **fields)
        first, last = self.sibling(index.row(), 0, index), self.sibling(index.row(), ACK, index)
        self.dataChanged.emit(first, last)
        self.edited.emit()

    def put(self, item: BriefingItem) -> QModelIndex:
        """An item as offered: replacing the one with its id where the pack has it."""
        known = self.index_of(item.id)
        if not known.isValid():
            return self.add(item)
        fields = msgspec.structs.asdict(item)
        fields.pop("section")
        self.change(known, **fields)
        return self.move_to_section(known, item.section)

    # ---- Qt model ------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(SECTIONS)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.groups[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(HEADERS)

    def headerData(self, section: int, orientation, role=Display):
        if orientation == Qt.Orientation.Horizontal and role == Display:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role=Display) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._section_data(index, role)
        item = self.item_at(index)
        if item is None:
            return None
        if role == Display:
            return item_text(item, index.column())
        if role == ItemIdRole:
            return item.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return item_tip(item) or None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == CODE:
            return ACCENT if item.handling_code == "C" else None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == SOURCE:
            return STALE
        return None

    def _section_data(self, index: Index, role: int) -> Any:
        if index.column() != TITLE:
            return None
        if role == Display:
            count = len(self.groups[index.row()])
            return f"{SECTION_TITLES[SECTIONS[index.row()]]}  ({count})"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    # ---- dragging an item to another place ---------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled
        if index.internalId() == 0:
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        chosen = next((self.item_at(i) for i in indexes if self.item_at(i) is not None), None)
        if chosen is not None:
            data.setData(MIME, chosen.id.encode())
        return data

    def dropMimeData(self, data, action, row: int, column: int, parent: Index) -> bool:
        """The move is made here, and False is answered: the view then removes nothing."""
        if not data.hasFormat(MIME):
            return False
        source = self.index_of(bytes(data.data(MIME).data()).decode())
        if not source.isValid() or not parent.isValid():
            return False
        if parent.internalId() != 0:  # dropped onto an item: before it
            row, parent = parent.row(), self.parent(parent)
        section = parent.row()
        to_row = row if row >= 0 else len(self.groups[section])
        self._place(source.internalId() - 1, source.row(), section, to_row)
        return False
