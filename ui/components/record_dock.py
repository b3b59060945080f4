"""The capture as a record, beside the queue: its header with the review and the grade as they
stand, the officer's words, people, vehicles and places as cards, every other field once, the
revisions with what changed, and its exhibits (opened in the evidence viewer)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.documents import Capture, Revision
from controlroom.live.state import Change, LiveState
from controlroom.review.record import record_of, revision_facts, status_facts
from ui.components.mentions import MentionsList, load_mentions
from ui.components.reasons import ReasonPolicy
from ui.components.record_html import record_html
from ui.models.detail import AttachmentsModel
from ui.tasks import TaskKeeper
from ui.theme import application

ICON = QSize(40, 40)


class CaptureRecordDock(QDockWidget):
    exhibit_opened = Signal(object, str)  # the capture as the hub answered, attachment name
    entity_opened = Signal(int)  # a record the capture mentions, to open on its page
    read_failed = Signal(str)

    def __init__(
        self,
        state: LiveState,
        client: HubClient,
        tasks: TaskKeeper,
        reasons: ReasonPolicy,
        me: str,
        parent: QWidget | None = None,
    ):
        super().__init__("Capture", parent)
        self.setObjectName("captureRecordDock")
        self.state, self.client, self.tasks, self.reasons, self.me = (
            state,
            client,
            tasks,
            reasons,
            me,
        )
        self.capture_id: str | None = None
        self.reason = ""  # why it is being read, where one was asked
        self.capture: Capture | None = None  # as the hub last answered (the audited read)
        self.found: Capture | None = None  # as it was chosen, until the read answers
        self.revisions: list[Revision] = []
        self.exhibits = AttachmentsModel(self, unchecked="open to check")
        self.setWidget(self._body())
        state.subscribe(self._on_change)

    def _body(self) -> QWidget:
        body = QWidget(self)
        self.browser = QTextBrowser(body)
        self.browser.setObjectName("captureRecord")
        self.browser.setOpenLinks(False)
        self.browser.setPlaceholderText("Select a capture in the queue to read it.")
        self.strip = QListView(body)
        self.strip.setObjectName("exhibitStrip")
        self.strip.setModel(self.exhibits)
        self.strip.setFlow(QListView.Flow.LeftToRight)
        self.strip.setIconSize(ICON)
        self.strip.setFixedHeight(ICON.height() + 22)
        self.strip.activated.connect(self._exhibit_activated)
        self.strip_label = QLabel("Exhibits (Enter or Ctrl+Shift+O opens the viewer)", body)
        self.mentions = MentionsList(body)
        self.mentions.entity_opened.connect(self.entity_opened)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.strip_label)
        layout.addWidget(self.strip)
        layout.addWidget(self.mentions)
        self._show_strip(False)
        return body

    def _show_strip(self, shown: bool) -> None:
        self.strip.setVisible(shown)
        self.strip_label.setVisible(shown)

    # ---- showing a capture ---------------------------------------------------------------

    def show_capture(self, capture_id: str) -> None:
        known = self.state.captures.get(capture_id)
        if known is not None:
            self._open(known)

    def show_document(self, capture: Capture) -> None:
        """A capture found by a search or on a record's page (perhaps older than the shift the
        desk holds): read as the hub has it now."""
        self._open(self.state.captures.get(capture.id) or capture)

    def _open(self, known: Capture) -> None:
        capture_id = known.id
        reason = self.reasons.for_capture(known)
        if reason is None:  # the analyst would not say why: nothing is read
            self.browser.setPlainText("Not read: a reason is required for a restricted capture.")
            return
        self.capture_id, self.capture, self.revisions = capture_id, None, []
        self.found = known
        self.reason = reason
        self.state.mark_seen(capture_id)
        self.show_record()
        self.exhibits.set_attachments(known.attachments)
        self._show_strip(bool(known.attachments))
        self.mentions.clear_links()
        self.tasks.run(self._load(capture_id, reason), name="capture-record")

    async def _load(self, capture_id: str, reason: str) -> None:
        try:
            capture = await self.client.capture(capture_id, reason)  # the hub records this read
            many = capture.revision > 1
            revisions = await self.client.revisions(capture_id, reason) if many else []
        except HubError as exc:
            self.read_failed.emit(f"cannot read this capture: {exc.detail}")
            return
        if capture_id != self.capture_id:
            return
        self.capture, self.revisions = capture, revisions
        self.exhibits.set_attachments(capture.attachments)
        self._show_strip(bool(capture.attachments))
        self.show_record()
        await self._load_links(capture_id)

    async def _load_links(self, capture_id: str) -> None:
        """The people, vehicles, phones and addresses it mentions, as the linker left them."""
        await load_mentions(
            self.state, self.client, self.mentions, capture_id, lambda: self.capture_id
        )

    def current(self) -> Capture | None:
        """The capture as it stands: the live state follows review steps and gradings."""
        if self.capture_id is None:
            return None
        return self.state.captures.get(self.capture_id) or self.capture or self.found

    def show_record(self) -> None:
        capture = self.current()
        if capture is None:
            return
        if self.capture is not None and self.capture.revision > capture.revision:
            capture = self.capture
        app = application()
        theme = str(app.property("theme") or "dark") if app is not None else "dark"
        html = record_html(
            record_of(capture),
            status_facts(capture, self.me),
            revision_facts(self.revisions),
            theme,
        )
        self.browser.setHtml(html)

    def _on_change(self, change: Change) -> None:
        ident = self.capture_id
        if change.section == "links" and ident is not None and ident in change.keys:
            self.mentions.show_links(self.state.links[ident])
        if change.section != "captures" or self.capture_id is None:
            return
        if change.reset or self.capture_id in change.keys:
            known, read = self.state.captures.get(self.capture_id), self.capture
            if known is not None and read is not None and known.revision > read.revision:
                self.tasks.run(self._load(self.capture_id, self.reason), name="capture-record")
            self.show_record()

    # ---- exhibits ------------------------------------------------------------------------

    def _exhibit_activated(self, index) -> None:
        name = index.data(Qt.ItemDataRole.UserRole)
        if self.capture is not None and name:
            self.exhibit_opened.emit(self.capture, str(name))

    def open_exhibit(self) -> bool:
        """Open the selected exhibit (or the first) in the viewer (Ctrl+Shift+O)."""
        if self.capture is None or not self.exhibits.rowCount():
            return False
        index = self.strip.currentIndex()
        if not index.isValid():
            index = self.exhibits.index(0)
        self._exhibit_activated(index)
        return True

    def exhibit_checked(self, capture_id: str, name: str, verified: bool) -> None:
        """The viewer checked an exhibit's bytes: the strip shows the result."""
        if capture_id == self.capture_id:
            self.exhibits.set_result(name, verified, None)
