"""RowsModel: a read-only table over a list of documents that is replaced as a whole (an
answer from the hub: recommendations, a timeline)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.models.base import KeyRole

Display = Qt.ItemDataRole.DisplayRole


class RowsModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()
    KEY = "id"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation, role=Display):
        if orientation == Qt.Orientation.Horizontal and role == Display:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Display):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == KeyRole:
            return getattr(row, self.KEY)
        return self.row_data(row, index.column(), role)

    def row_data(self, row: Any, column: int, role: int) -> Any:
        raise NotImplementedError
