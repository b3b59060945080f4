"""Models for the capture detail: its fields as label/value rows, and its attachments."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap

from controlroom.contract.documents import Attachment, Capture
from controlroom.localtime import stamp
from controlroom.vocabulary import CAPTURE_KIND, HANDLING_CODE, TRIAGE_STATUS
from ui.models.palette import words

Display = Qt.ItemDataRole.DisplayRole
THUMB = QSize(128, 128)
VERIFIED, FAILED = QColor("#4ade80"), QColor("#f87171")


def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{words(k)}: {_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def _where(capture: Capture, named: str | None) -> str:
    """On or near the street (once the hub has named it), and the coordinates."""
    point = f"{capture.lat:.5f}, {capture.lon:.5f}"
    return f"on or near {named} ({point})" if named else point


def capture_rows(capture: Capture, named: str | None = None) -> list[tuple[str, str]]:
    rows = [
        ("Kind", CAPTURE_KIND.words(capture.kind)),
        ("Officer", capture.callsign),
        ("Captured", stamp(capture.at)),
        ("Where", _where(capture, named)),
        ("Triage", TRIAGE_STATUS.words(capture.status)),
    ]
    if capture.handling_code:
        rows.append(("Handling", HANDLING_CODE.words(capture.handling_code)))
    rows.append(("Summary", capture.summary))
    rows += [(words(k).capitalize(), _text(v)) for k, v in capture.fields.items()]
    return rows


class FieldsModel(QAbstractTableModel):
    HEADERS = ("Field", "Value")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, str]] = []

    def set_capture(self, capture: Capture | None, named: str | None = None) -> None:
        self.beginResetModel()
        self._rows = capture_rows(capture, named) if capture else []
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def headerData(self, section, orientation, role=Display):
        if orientation == Qt.Orientation.Horizontal and role == Display and 0 <= section < 2:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Display):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (Display, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None


@dataclass
class _Shown:
    meta: Attachment
    verified: bool | None = None  # None: not checked yet
    icon: QIcon | None = None


class AttachmentsModel(QAbstractListModel):
    """One row per attachment: its thumbnail and whether its bytes match the recorded hash."""

    def __init__(self, parent=None, unchecked: str = "checking…"):
        super().__init__(parent)
        self._items: list[_Shown] = []
        self.unchecked = unchecked  # said of an attachment whose bytes are not checked yet

    def set_attachments(self, attachments: list[Attachment]) -> None:
        self.beginResetModel()
        self._items = [_Shown(a) for a in attachments]
        self.endResetModel()

    def set_result(self, name: str, verified: bool, content: bytes | None) -> None:
        for row, item in enumerate(self._items):
            if item.meta.name == name:
                item.verified = verified
                pixmap = QPixmap()
                if content and pixmap.loadFromData(content):
                    scaled = pixmap.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio)
                    item.icon = QIcon(scaled)
                index = self.index(row)
                self.dataChanged.emit(index, index)

    def verdict(self, name: str) -> bool | None:
        return next((i.verified for i in self._items if i.meta.name == name), None)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index, role=Display):
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        verified = item.verified
        if role == Display:
            state = self.unchecked if verified is None else "✔ verified" if verified else "✖ FAILED"
            return f"{item.meta.name}\n{state}"
        if role == Qt.ItemDataRole.DecorationRole:
            return item.icon or QIcon("icons:attachment.svg")
        if role == Qt.ItemDataRole.ForegroundRole and verified is not None:
            return VERIFIED if verified else FAILED
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"SHA-256 {item.meta.sha256}\n{item.meta.size:,} bytes"
        if role == Qt.ItemDataRole.UserRole:
            return item.meta.name
        return None
