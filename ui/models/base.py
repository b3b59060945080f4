"""LiveTableModel: a table over one section of LiveState, kept current by its Change notices."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from controlroom.live.state import Change, LiveState

KeyRole = Qt.ItemDataRole.UserRole + 1  # the row's key (call sign, capture id, task id)
SortRole = Qt.ItemDataRole.UserRole + 2  # a sortable raw value for the column


def age_text(seconds: float | None) -> str:
    if seconds is None:
        return "never"
    seconds = max(0, int(seconds))
    if seconds < 3:
        return "now"
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class LiveTableModel(QAbstractTableModel):
    section = ""
    HEADERS: tuple[str, ...] = ()
    TICKING: tuple[int, ...] = ()  # columns whose text changes with time

    def __init__(self, state: LiveState, clock: Callable[[], float] = time.time, parent=None):
        super().__init__(parent)
        self.state = state
        self.clock = clock
        self._rows: list[Hashable] = list(self.ordered_keys())
        self._index = {key: row for row, key in enumerate(self._rows)}
        self._unsubscribe = state.subscribe(self._on_change)

    # ---- what subclasses say -------------------------------------------------------------

    def items(self) -> dict[Any, Any]:
        return getattr(self.state, self.section)

    def ordered_keys(self) -> list[Hashable]:
        return sorted(self.items())

    def item_data(self, key: Any, item: Any, column: int, role: int) -> Any:
        raise NotImplementedError

    # ---- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        key = self._rows[index.row()]
        if role == KeyRole:
            return key
        item = self.items().get(key)
        return None if item is None else self.item_data(key, item, index.column(), role)

    # ---- keys and rows -------------------------------------------------------------------

    def key_at(self, row: int) -> Hashable | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: Hashable) -> int | None:
        return self._index.get(key)

    # ---- following the state -------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.section != self.section:
            return
        if change.reset:
            self.beginResetModel()
            self._rows = list(self.ordered_keys())
            self._reindex()
            self.endResetModel()
            return
        new = [key for key in change.added if key not in self._index]
        if new:
            self._insert(new)
        rows = [self._index[k] for k in change.keys if k in self._index]
        if rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last))

    def _insert(self, new: list[Hashable]) -> None:
        order = {key: pos for pos, key in enumerate(self.ordered_keys())}
        for key in sorted(new, key=lambda k: order.get(k, len(order))):
            row = min(order.get(key, len(self._rows)), len(self._rows))
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, key)
            self._reindex()
            self.endInsertRows()

    def _reindex(self) -> None:
        self._index = {key: row for row, key in enumerate(self._rows)}

    def tick(self) -> None:
        """Time has passed: columns that show an age are redrawn."""
        if self._rows and self.TICKING:
            top = self.index(0, min(self.TICKING))
            bottom = self.index(len(self._rows) - 1, max(self.TICKING))
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    def detach(self) -> None:
        self._unsubscribe()
