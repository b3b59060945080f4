"""CustodyModel: an exhibit's custody log, oldest first: who, when, from where, why, and whether
its bytes still hashed to the SHA-256 recorded when the device stored them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from controlroom.contract.documents import CustodyEntry
from controlroom.localtime import day_and_clock, stamp
from controlroom.vocabulary import CUSTODY_ACTION
from ui.models.base import SortRole
from ui.models.detail import FAILED, VERIFIED
from ui.models.listing import RowsModel
from ui.models.palette import dot

WHEN, WHO, ACTION, WHERE, WHY, HASH = range(6)
Display = Qt.ItemDataRole.DisplayRole


def hash_words(ok: bool | None) -> str:
    return "not read" if ok is None else "✔ matches" if ok else "✖ DOES NOT MATCH"


class CustodyModel(RowsModel):
    HEADERS = ("When", "Who", "What", "From where", "Why", "Hash")
    KEY = "audit_id"

    def row_data(self, row: CustodyEntry, column: int, role: int) -> object:
        if role == Display:
            return self._text(row, column)
        if role == SortRole:
            return row.at if column == WHEN else self._text(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == ACTION:
            return dot(CUSTODY_ACTION, row.action)
        if role == Qt.ItemDataRole.ForegroundRole and column == HASH and row.hash_ok is not None:
            return VERIFIED if row.hash_ok else FAILED
        if role == Qt.ItemDataRole.ToolTipRole:
            hashed = f"hashed to {row.sha256}" if row.sha256 else "bytes not read"
            return f"{stamp(row.at)}: {row.actor} from {row.client or 'unknown'}; {hashed}"
        return None

    def _text(self, row: CustodyEntry, column: int) -> str:
        return (
            day_and_clock(row.at),
            row.actor.removeprefix("user:"),
            CUSTODY_ACTION.words(row.action),
            row.client,
            row.reason,
            hash_words(row.hash_ok),
        )[column]
