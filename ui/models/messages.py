"""MessagesModel: the message log, newest first: time, unit, which way, the text, and who read
it. An officer's message nobody has opened is bold until someone does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from controlroom.contract.documents import Message
from controlroom.localtime import day_and_clock, stamp
from ui.models.base import LiveTableModel, SortRole
from ui.models.palette import ACCENT

TIME, UNIT, WAY, TEXT, READ = range(5)
Display = Qt.ItemDataRole.DisplayRole
UnreadRole = Qt.ItemDataRole.UserRole + 10
VIA_WORDS = {
    "device": "device",
    "tak": "TAK",
    "tak unverified": "TAK (unverified)",
    "control room": "control room",
}


def unread(message: Message) -> bool:
    return message.direction == "from_unit" and message.read_at is None


def who(actor: str | None) -> str:
    return (actor or "").removeprefix("user:")


class MessagesModel(LiveTableModel):
    section = "messages"
    HEADERS = ("Time", "Unit", "", "Message", "Read")

    def ordered_keys(self) -> list:
        return sorted(self.items(), reverse=True)  # ids grow with time: newest first

    def item_data(self, key: int, message: Message, column: int, role: int) -> object:
        if role == Display:
            return self._text(message, column)
        if role == SortRole:
            return message.id if column == TIME else self._text(message, column)
        if role == UnreadRole:
            return unread(message)
        if role == Qt.ItemDataRole.FontRole and unread(message):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and unread(message) and column == TEXT:
            return ACCENT
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{stamp(message.sent_at)} via {VIA_WORDS.get(message.via, message.via)}"
        return None

    def _text(self, message: Message, column: int) -> str:
        if column == TIME:
            return day_and_clock(message.sent_at)
        if column == UNIT:
            return message.callsign
        if column == WAY:
            return "from" if message.direction == "from_unit" else "to"
        if column == TEXT:
            said = message.text.replace("\n", " ")
            return said if message.direction == "from_unit" else f"{who(message.sender)}: {said}"
        if message.direction == "to_unit":
            return ""
        return who(message.read_by) if message.read_by else "UNREAD"
