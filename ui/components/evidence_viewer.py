"""The evidence viewer: one exhibit in a window of its own (a second monitor), its SHA-256
checked on every view and every export and shown, and its custody log beside it (who, when,
from where, why, and the hash result of each access). A picture zooms and pans; any other file
is named, and saved out only with a stated reason, with its manifest."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.documents import Attachment, Capture
from controlroom.localtime import clock, stamp
from controlroom.review import exhibit
from ui.components.incident_dialogs import ReasonDialog
from ui.models.custody import ACTION, WHEN, WHERE, WHO, WHY, CustodyModel
from ui.tasks import TaskKeeper
from ui.widgets.image_view import ImageView
from ui.widgets.plain_table import plain_table

OK_STYLE, BAD_STYLE = "color: #4ade80; font-weight: 600", "color: #f87171; font-weight: 700"


class EvidenceViewer(QWidget):
    checked = Signal(str, str, bool)  # capture id, name, whether the bytes matched
    exported = Signal(str)  # where the file was written
    failed = Signal(str)

    def __init__(
        self,
        capture: Capture,
        meta: Attachment,
        client: HubClient,
        tasks: TaskKeeper,
        parent: QWidget | None = None,
    ):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("evidenceViewer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.capture, self.meta, self.client, self.tasks = capture, meta, client, tasks
        self.setWindowTitle(f"Exhibit {meta.name} — {capture.summary[:60]}")
        self.content: bytes | None = None
        self.verified: bool | None = None
        self.custody = CustodyModel(self)
        self._build()
        self.resize(1360, 780)

    def _build(self) -> None:
        self.hash_line = QLabel(self)
        self.hash_line.setObjectName("exhibitHash")
        self.hash_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.image = ImageView(self)
        self.file_panel = QLabel(self)
        self.file_panel.setObjectName("exhibitFile")
        self.file_panel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.file_panel.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.image)
        self.stack.addWidget(self.file_panel)
        widths = {WHEN: 74, WHO: 92, ACTION: 176, WHERE: 96, WHY: 170}
        self.log = plain_table(self.custody, "custodyLog", widths, self)
        split = QSplitter(self)
        split.addWidget(self.stack)
        split.addWidget(self._custody_side())
        split.setSizes([640, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self._heading())
        layout.addWidget(self.hash_line)
        layout.addWidget(split, 1)
        self.note = QLabel(self)
        self.note.setObjectName("exhibitNote")
        layout.addWidget(self.note)
        layout.addLayout(self._buttons())
        QShortcut(QKeySequence("Escape"), self, self.close)

    def _heading(self) -> QLabel:
        c, m = self.capture, self.meta
        ref = c.fields.get("exhibit_ref")
        text = (
            f"<b>{m.name}</b>{f' · exhibit {ref}' if ref else ''} · {m.content_type} · "
            f"{m.size:,} bytes · captured by {c.callsign}, {stamp(c.at)}"
        )
        heading = QLabel(text, self)
        heading.setObjectName("detailHeading")
        return heading

    def _custody_side(self) -> QWidget:
        side = QWidget(self)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("CUSTODY LOG — every access, oldest first", side)
        title.setStyleSheet("font-weight: 600")
        layout.addWidget(title)
        layout.addWidget(self.log, 1)
        return side

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.check_button = QPushButton("&Check the hash again", self)
        self.check_button.clicked.connect(self.view)
        self.export_button = QPushButton("&Export with manifest…", self)
        self.export_button.setObjectName("exportExhibit")
        self.export_button.clicked.connect(self.ask_export)
        for text, slot in (
            ("Zoom &in  +", lambda: self.image.zoom(1.25)),
            ("Zoom &out  −", lambda: self.image.zoom(0.8)),
            ("&Fit  0", self.image.fit),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.check_button)
        row.addWidget(self.export_button)
        return row

    # ---- viewing: every view checks the hash ---------------------------------------------

    def view(self, reason: str = "") -> None:
        self.hash_line.setText(f"SHA-256 {self.meta.sha256} — checking…")
        self.tasks.run(self._view(reason), name=f"exhibit-{self.capture.id}-{self.meta.name}")

    async def _view(self, reason: str) -> None:
        try:
            got = await self.client.attachment(
                self.capture.id, self.meta.name, self.meta.sha256, reason
            )
        except HubError as exc:
            if exc.status == 410:  # the store holds no bytes at all: lost, not altered
                self._show_missing(exc.detail)
            else:  # the hub refuses bytes that no longer match (409)
                self._show_check(False, f"the hub refused it: {exc.detail}")
            await self.refresh_custody()
            return
        self.content = got.content
        self._show_check(got.verified)
        if self.image.show_image(got.content):
            self.stack.setCurrentWidget(self.image)
        else:
            self.file_panel.setText(
                f"{self.meta.name}\n{self.meta.content_type}, {self.meta.size:,} bytes\n\n"
                "This file is not shown here. Export it with its manifest to open it "
                "elsewhere (a reason is asked and recorded)."
            )
            self.stack.setCurrentWidget(self.file_panel)
        await self.refresh_custody()

    def _show_check(self, ok: bool, why: str = "") -> None:
        self.verified = ok
        if ok:
            self.hash_line.setText(
                f"SHA-256 {self.meta.sha256} ✔ matches the hash recorded at capture"
                f" (checked {clock(time.time())})"
            )
        else:
            self.hash_line.setText(f"SHA-256 {self.meta.sha256} ✖ DOES NOT MATCH {why}".strip())
        self.hash_line.setStyleSheet(OK_STYLE if ok else BAD_STYLE)
        self.checked.emit(self.capture.id, self.meta.name, ok)

    def _show_missing(self, why: str) -> None:
        self.verified = None
        self.hash_line.setText(f"SHA-256 {self.meta.sha256}: MISSING from the hub's store ({why})")
        self.hash_line.setStyleSheet(BAD_STYLE)

    async def refresh_custody(self) -> None:
        try:
            found = await self.client.custody(self.capture.id, self.meta.name)
        except HubError as exc:
            self.failed.emit(f"custody log: {exc.detail}")
            return
        self.custody.set_rows(found.entries)
        self.log.scrollToBottom()

    # ---- exporting: a reason, a folder, the file and its manifest ------------------------

    def ask_export(self) -> None:
        dialog = ReasonDialog(f"Export {self.meta.name}", parent=self, reason_label="Why")
        dialog.setObjectName("exportReasonDialog")
        if not dialog.exec():
            return
        _, reason = dialog.values()
        folder = QFileDialog.getExistingDirectory(self, "Export the exhibit and its manifest to")
        if folder:
            self.export_to(Path(folder), reason)

    def export_to(self, folder: Path, reason: str) -> None:
        self.tasks.run(self._export(folder, reason), name=f"export-{self.capture.id}")

    async def _export(self, folder: Path, reason: str) -> None:
        try:
            archive = await self.client.export_exhibit(self.capture.id, self.meta.name, reason)
            unpacked = exhibit.unpack(archive, self.meta.sha256)
            paths = exhibit.write(unpacked, folder, self.capture.id)
        except (HubError, exhibit.ExportRefused, OSError) as exc:
            said = exc.detail if isinstance(exc, HubError) else str(exc)
            self.note.setText(f"Not exported: {said}")
            self.note.setStyleSheet(BAD_STYLE)
            self.failed.emit(f"export refused: {said}")
            await self.refresh_custody()
            return
        self._show_check(unpacked.hash_ok)
        self.note.setText(f"Exported to {paths[0]} with {paths[1].name}")
        self.note.setStyleSheet(OK_STYLE)
        self.exported.emit(str(paths[0]))
        await self.refresh_custody()
