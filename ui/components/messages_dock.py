"""The message log: every message between the control room and units, newest first, with a
reply box. An officer's message stays bold until someone opens it, and every workstation sees
who did; the dock's title counts what is still unread. Filtering by call sign shows one
unit's conversation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from controlroom.client.hub import HubClient, HubError
from controlroom.live.state import Change
from ui.models.base import KeyRole, SortRole
from ui.models.messages import READ, TEXT, TIME, UNIT, WAY, MessagesModel, unread
from ui.tasks import TaskKeeper
from ui.widgets.filter_table import FilterTable


class MessagesDock(QDockWidget):
    unit_selected = Signal(str)
    failed = Signal(str)
    sent = Signal(str)

    def __init__(
        self,
        model: MessagesModel,
        client: HubClient,
        tasks: TaskKeeper,
        can_reply: bool,
        parent: QWidget | None = None,
    ):
        super().__init__("Messages", parent)
        self.setObjectName("messagesDock")
        self.model, self.state, self.client, self.tasks = model, model.state, client, tasks
        self.table = FilterTable(
            model, KeyRole, SortRole, "Filter messages (call sign or text)", stretch_column=TEXT
        )
        self.table.view.sortByColumn(TIME, Qt.SortOrder.DescendingOrder)
        for column, width in ((TIME, 84), (UNIT, 76), (WAY, 52), (READ, 110)):
            self.table.view.setColumnWidth(column, width)
        self.table.key_selected.connect(self._opened)
        self.reply_box = QLineEdit(self)
        self.reply_box.setPlaceholderText("Reply to the selected unit  (Enter sends)")
        self.reply_box.returnPressed.connect(self.reply)
        self.send_button = QPushButton("Send", self)
        self.send_button.clicked.connect(self.reply)
        row = QHBoxLayout()
        row.addWidget(self.reply_box, 1)
        row.addWidget(self.send_button)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        for widget in (self.reply_box, self.send_button):
            widget.setVisible(can_reply)
        self.setWidget(body)
        self.state.subscribe(self._on_change)
        self._retitle()

    def _on_change(self, change: Change) -> None:
        if change.section == "messages":
            self._retitle()

    def _retitle(self) -> None:
        waiting = len(self.state.unread)
        self.setWindowTitle(f"Messages — {waiting} UNREAD" if waiting else "Messages")

    def _opened(self, key: Any) -> None:
        message = self.state.messages.get(int(key)) if key is not None else None
        if message is None:
            return
        self.unit_selected.emit(message.callsign)
        if unread(message):
            self.tasks.run(self._mark_read(message.id), name=f"message-read-{message.id}")

    async def _mark_read(self, message_id: int) -> None:
        try:
            await self.client.mark_message_read(message_id)  # the event marks it everywhere
        except HubError as exc:
            self.failed.emit(f"message not marked read: {exc.detail}")

    def selected_unit(self) -> str | None:
        key = self.table.current_key()
        message = self.state.messages.get(int(key)) if key is not None else None
        return message.callsign if message else None

    def reply(self) -> None:
        callsign, text = self.selected_unit(), self.reply_box.text().strip()
        if callsign and text:
            self.tasks.run(self._send(callsign, text), name="message-reply")

    async def _send(self, callsign: str, text: str) -> None:
        try:
            await self.client.send_message(callsign, text)
        except HubError as exc:
            self.failed.emit(f"message to {callsign} not sent: {exc.detail}")
            return
        self.reply_box.clear()
        self.sent.emit(f"message sent to {callsign}")

    def show_unit(self, callsign: str) -> None:
        """One unit's conversation: the log filtered to its call sign, the reply box ready."""
        self.show()
        self.raise_()
        self.table.filter_box.setText(callsign)
        self.table.select_row(0)
        self.reply_box.setFocus()

    def next_unread(self) -> bool:
        """Open the oldest message nobody has read yet."""
        waiting = self.state.unread
        if not waiting:
            return False
        self.show()
        self.raise_()
        self.table.filter_box.clear()
        return self.table.select_key(waiting[0].id)
