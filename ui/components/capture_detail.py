"""The capture detail: fields and attachments (every attachment's hash is checked on open), and
under them the people, vehicles, phones and addresses it mentions, each opening its record."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
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
from controlroom.live.state import Change, LiveState
from ui.components.mentions import MentionsList, load_mentions
from ui.models.detail import THUMB, AttachmentsModel, FieldsModel
from ui.tasks import TaskKeeper


class CaptureDetailDock(QDockWidget):
    entity_opened = Signal(int)  # a record the capture mentions, to open on its page

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
        state.subscribe(self._on_change)

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
        self.mentions = MentionsList(body)
        self.mentions.entity_opened.connect(self.entity_opened)
        layout.addWidget(self.mentions)
        layout.addStretch(0)  # keeps the heading at the top while the rest is hidden
        self.fields_view, self.attachment_view = table, strip
        table.hide()
        strip.hide()
        return body

    def show_capture(self, capture_id: str) -> None:
        self._open(capture_id, self.state.captures.get(capture_id))

    def show_document(self, capture: Capture) -> None:
        """A capture found by a search or on a record's page (perhaps older than the shift the
        desk holds): read as the hub has it now."""
        self._open(capture.id, self.state.captures.get(capture.id) or capture)
        self.show()
        self.raise_()

    def _open(self, capture_id: str, known: Capture | None) -> None:
        self.capture_id = capture_id
        self.state.mark_seen(capture_id)
        self._show(known)
        self.mentions.clear_links()
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
            if capture_id == self.capture_id:
                self.heading.setText(f"Cannot read this capture: {exc.detail}")
                self.fields_view.hide()
            return
        try:
            named = (await self.client.whereabouts(capture.lat, capture.lon))["label"]
        except HubError:
            named = None  # the coordinates alone, then
        if capture_id != self.capture_id:
            return
        self._show(capture, named)
        self.attachments.set_attachments(capture.attachments)
        self.attachment_view.setVisible(bool(capture.attachments))
        await self._load_links(capture_id)
        for meta in capture.attachments:
            try:
                got = await self.client.attachment(capture_id, meta.name, meta.sha256)
                self.attachments.set_result(meta.name, got.verified, got.content)
            except HubError:  # the hub refuses bytes that no longer match (409): FAILED
                self.attachments.set_result(meta.name, False, None)

    async def _load_links(self, capture_id: str) -> None:
        """The people, vehicles, phones and addresses it mentions, as the linker left them."""
        await load_mentions(
            self.state, self.client, self.mentions, capture_id, lambda: self.capture_id
        )

    def _on_change(self, change: Change) -> None:
        ident = self.capture_id
        if change.section == "links" and ident is not None and ident in change.keys:
            self.mentions.show_links(self.state.links[ident])
