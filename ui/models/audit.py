"""AuditModel: audit records, newest first, as the supervisor's audit viewer lists them: when,
who, what, to what, why and from where; a record the chain check found broken is marked."""

from __future__ import annotations

import orjson
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from controlroom.contract.documents import AuditEntry
from controlroom.localtime import stamp
from ui.models.base import SortRole
from ui.models.listing import RowsModel

WHEN, WHO, ACTION, TARGET, WHY, WHERE, DETAIL = range(7)
Display = Qt.ItemDataRole.DisplayRole
BROKEN = QColor("#7f1d1d")


def detail_text(detail: object) -> str:
    if detail in (None, {}, []):
        return ""
    return detail if isinstance(detail, str) else orjson.dumps(detail).decode()


class AuditModel(RowsModel):
    HEADERS = ("When", "Who", "Action", "Target", "Why", "From where", "Detail")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.broken: dict[int, str] = {}  # record id -> what is wrong with it

    def set_broken(self, broken: dict[int, str]) -> None:
        self.broken = dict(broken)
        if self.rows:
            last = self.index(len(self.rows) - 1, len(self.HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def append_rows(self, more: list[AuditEntry]) -> None:
        """The next (older) page, below what is shown."""
        if not more:
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def row_data(self, row: AuditEntry, column: int, role: int) -> object:
        if role == Display:
            return self._text(row, column)
        if role == SortRole:
            return row.id if column == WHEN else self._text(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and row.id in self.broken:
            return BROKEN
        if role == Qt.ItemDataRole.ToolTipRole:
            wrong = self.broken.get(row.id)
            said = f"record {row.id}, hash {row.hash[:16]}…"
            return f"{said}\nCHAIN BROKEN HERE: {wrong}" if wrong else said
        return None

    def _text(self, row: AuditEntry, column: int) -> str:
        return (
            stamp(row.at),
            row.actor.removeprefix("user:"),
            row.action,
            row.target,
            row.reason,
            row.client,
            detail_text(row.detail),
        )[column]
