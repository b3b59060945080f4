"""The capture detail: fields and attachments; every attachment's hash is checked on open."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QListView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.documents import Capture
from controlroom.live.state import LiveState
from ui.models.detail import THUMB, AttachmentsModel, FieldsModel
from ui.tasks import TaskKeeper


class CaptureDetailDock(QDockWidget):
    def __init__(self, state: LiveState, client: HubClient, tasks: TaskKeeper, parent=None):
        super().__init__("Capture", parent)
        self.setObjectName("captureDetailDock")
        self.state, self.client, self.tasks = state, client, tasks
        self.capture_id: str | None = None
        self.fields = FieldsModel(self)
        self.attachments = AttachmentsModel(self)
        self.heading = QLabel("Select a capture to read it.", self)
        self.heading.setObjectName("detailHeading")
        self.heading.setWordWrap(True)
        self.setWidget(self._body())

    def _body(self) -> QWidget:
        body = QWidget(self)
        table = QTableView(body)
        table.setModel(self.fields)
        table.verticalHeader().hide()
        table.horizontalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(0, 96)
        table.setWordWrap(True)
        table.setShowGrid(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        strip = QListView(body)
        strip.setModel(self.attachments)
        strip.setViewMode(QListView.ViewMode.IconMode)
        strip.setFlow(QListView.Flow.LeftToRight)
        strip.setWrapping(False)
        strip.setIconSize(THUMB)
        strip.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 44))
        strip.setFixedHeight(THUMB.height() + 56)
        strip.setObjectName("attachmentStrip")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(table, 1)
        layout.addWidget(strip)
        layout.addStretch(0)  # keeps the heading at the top while the rest is hidden
        self.fields_view, self.attachment_view = table, strip
        table.hide()
        strip.hide()
        return body

    def show_capture(self, capture_id: str) -> None:
        self.capture_id = capture_id
        self.state.mark_seen(capture_id)
        known = self.state.captures.get(capture_id)
        self._show(known)
        self.tasks.run(self._load(capture_id), name="capture-detail")

    def _show(self, capture: Capture | None, named: str | None = None) -> None:
        self.fields.set_capture(capture, named)
        self.fields_view.setVisible(capture is not None)
        self.fields_view.resizeRowsToContents()
        if capture:
            self.heading.setText(capture.summary or "(no summary)")

    async def _load(self, capture_id: str) -> None:
        try:
            capture = await self.client.capture(capture_id)  # the hub records this read
        except HubError as exc:
            self.heading.setText(f"Cannot read this capture: {exc.detail}")
            return
        try:
            named = (await self.client.whereabouts(capture.lat, capture.lon))["label"]
        except HubError:
            named = None  # the coordinates alone, then
        self._show(capture, named)
        self.attachments.set_attachments(capture.attachments)
        self.attachment_view.setVisible(bool(capture.attachments))
        for meta in capture.attachments:
            try:
                got = await self.client.attachment(capture_id, meta.name, meta.sha256)
                self.attachments.set_result(meta.name, got.verified, got.content)
            except HubError:  # the hub refuses bytes that no longer match (409): FAILED
                self.attachments.set_result(meta.name, False, None)
