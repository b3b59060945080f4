"""The supervisor's audit viewer: the audit log filtered by person, action, target and time,
newest first and paged back; the hash chain checked on screen with every break named (and the
broken records marked); what is shown exported as CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from controlroom.client.hub import HubClient, HubError
from controlroom.review.chain import chain_check
from ui.models.audit import ACTION, TARGET, WHEN, WHO, AuditModel
from ui.tasks import TaskKeeper
from ui.widgets.plain_table import plain_table

ACTIONS = (
    "",
    "capture.read",
    "capture.review",
    "capture.grade",
    "capture.denied",
    "attachment.read",
    "attachment.export",
    "audit.read",
    "snapshot.read",
)
PAGE = 200


def _moment(box: QCheckBox, edit: QDateTimeEdit) -> str | None:
    """The chosen local time as UTC ISO 8601, when its box is ticked."""
    return edit.dateTime().toUTC().toString(Qt.DateFormat.ISODate) if box.isChecked() else None


def actor_name(text: str) -> str:
    """ "a.okafor" -> "user:a.okafor"; "device:12" stays as it is."""
    text = text.strip()
    return text if not text or ":" in text else f"user:{text}"


class AuditDock(QDockWidget):
    failed = Signal(str)
    exported = Signal(str)

    def __init__(self, client: HubClient, tasks: TaskKeeper, parent: QWidget | None = None):
        super().__init__("Audit", parent)
        self.setObjectName("auditDock")
        self.client, self.tasks = client, tasks
        self.model = AuditModel(self)
        self.next_before: int | None = None
        self.page_size = PAGE
        self.setWidget(self._body())

    def _body(self) -> QWidget:
        body = QWidget(self)
        self.person = QLineEdit(body)
        self.person.setPlaceholderText("person (user name)")
        self.action = QComboBox(body)
        self.action.setEditable(True)
        self.action.addItems(ACTIONS)
        action_line = self.action.lineEdit()
        assert action_line is not None  # an editable box has one
        action_line.setPlaceholderText("any action")
        self.target = QLineEdit(body)
        self.target.setPlaceholderText("target (capture:ID, capture:ID/NAME, unit:CS)")
        now = QDateTime.currentDateTime()
        self.use_since, self.since = QCheckBox("from", body), QDateTimeEdit(now.addSecs(-3600))
        self.use_until, self.until = QCheckBox("to", body), QDateTimeEdit(now)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd MMM yyyy HH:mm")
        for line in (self.person, self.target, action_line):
            line.returnPressed.connect(self.search)
        self.chain = QLabel("The chain has not been checked yet.", body)
        self.chain.setObjectName("auditChain")
        self.chain.setWordWrap(True)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._filters())
        layout.addWidget(self.chain)
        layout.addWidget(self._table(body), 1)
        return body

    def _filters(self) -> QVBoxLayout:
        who_what = QHBoxLayout()
        for widget, stretch in ((self.person, 2), (self.action, 2), (self.target, 3)):
            who_what.addWidget(widget, stretch)
        when = QHBoxLayout()
        for box, edit in ((self.use_since, self.since), (self.use_until, self.until)):
            when.addWidget(box)
            when.addWidget(edit)
        when.addStretch(1)
        for text, slot, name in (
            ("&Search", self.search, "auditSearch"),
            ("&Older", self.older, "auditOlder"),
            ("&Verify the chain", self.verify, "auditVerify"),
            ("Export &CSV…", self.ask_csv, "auditCsv"),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            when.addWidget(button)
        rows = QVBoxLayout()
        rows.addLayout(who_what)
        rows.addLayout(when)
        return rows

    def _table(self, body: QWidget) -> QTableView:
        widths = {WHEN: 200, WHO: 96, ACTION: 150, TARGET: 240}
        self.view = plain_table(self.model, "auditTable", widths, body)
        return self.view

    def filters(self) -> dict[str, str | None]:
        return {
            "actor": actor_name(self.person.text()) or None,
            "action": self.action.currentText().strip() or None,
            "target": self.target.text().strip() or None,
            "since": _moment(self.use_since, self.since),
            "until": _moment(self.use_until, self.until),
        }

    # ---- reading ---------------------------------------------------------------------------

    def search(self) -> None:
        self.tasks.run(self._page(None), name="audit-search")

    def older(self) -> None:
        if self.next_before is not None:
            self.tasks.run(self._page(self.next_before), name="audit-search")

    async def _page(self, before: int | None) -> None:
        try:
            filters = self.filters()
            page = await self.client.audit(**filters, before=before, limit=self.page_size)
        except HubError as exc:
            self.failed.emit(f"audit: {exc.detail}")
            return
        if before is None:
            self.model.set_rows(page.records)
        else:
            self.model.append_rows(page.records)
        self.next_before = page.next
        self.setWindowTitle(f"Audit — {self.model.rowCount():,} records shown")

    def verify(self) -> None:
        self.chain.setText("Checking the chain…")
        self.tasks.run(self._verify(), name="audit-verify")

    async def _verify(self) -> None:
        try:
            check = chain_check(await self.client.verify_audit())
        except HubError as exc:
            self.failed.emit(f"audit chain: {exc.detail}")
            return
        self.chain.setText(check.words())
        self.chain.setStyleSheet(
            "color: #4ade80; font-weight: 600" if check.ok else "color: #f87171; font-weight: 700"
        )
        self.model.set_broken(check.breaks)

    # ---- exporting -------------------------------------------------------------------------

    def ask_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the audit as CSV", "audit.csv", "CSV (*.csv)"
        )
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> None:
        self.tasks.run(self._csv(path), name="audit-csv")

    async def _csv(self, path: Path) -> None:
        try:
            data = await self.client.audit_csv(**self.filters())
            path.write_bytes(data)
        except (HubError, OSError) as exc:
            self.failed.emit(f"audit CSV: {exc.detail if isinstance(exc, HubError) else exc}")
            return
        self.exported.emit(str(path))
