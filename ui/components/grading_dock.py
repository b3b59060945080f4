"""The analyst's 3x5x2 grading of the capture being read: source (1 reliable, 2 untested, 3 not
reliable), intelligence (A to E), handling (P, or C with its conditions, which are then
required), the sanitised text for dissemination and why; below it, every grading so far.
The officer's grade is only a starting point: the form opens on it, and says so."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.documents import Capture
from controlroom.live.state import Change, LiveState
from controlroom.review.grades import grade_history
from controlroom.vocabulary import (
    HANDLING_CODE,
    INTELLIGENCE_ASSESSMENT,
    SOURCE_EVALUATION,
    Vocabulary,
)
from ui.components.reasons import ReasonPolicy
from ui.models.gradings import BY, GRADE, WHAT, WHEN, GradingsModel
from ui.tasks import TaskKeeper
from ui.widgets.plain_table import plain_table

RECORD_KEYS = "Ctrl+Return"  # the Review menu's "Record the grading"


def _choices(vocabulary: Vocabulary, name: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for term in vocabulary:
        box.addItem(f"{term.code} — {term.words}", term.code)  # type the code to choose it
    return box


def _choose(box: QComboBox, code: object) -> None:
    at = box.findData(str(code)) if code not in (None, "") else -1
    if at >= 0:
        box.setCurrentIndex(at)


class GradingForm(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.source = _choices(SOURCE_EVALUATION, "gradeSource")
        self.intelligence = _choices(INTELLIGENCE_ASSESSMENT, "gradeIntelligence")
        self.handling = _choices(HANDLING_CODE, "gradeHandling")
        self.conditions = QLineEdit(self)
        self.conditions.setObjectName("gradeConditions")
        self.sanitised = QPlainTextEdit(self)
        self.sanitised.setObjectName("gradeSanitised")
        self.sanitised.setTabChangesFocus(True)
        self.sanitised.setMaximumHeight(96)
        self.sanitised.setPlaceholderText(
            "The report as it may be shared: nothing that would identify the source"
        )
        self.reason = QLineEdit(self)
        self.reason.setObjectName("gradeReason")
        self.reason.setPlaceholderText("Why this grading (kept in its history and the audit)")
        self.starting = QLabel(self)
        self.starting.setWordWrap(True)
        self.starting.setObjectName("gradeStartingPoint")
        form = QFormLayout(self)
        form.setContentsMargins(4, 4, 4, 4)
        form.addRow(self.starting)
        form.addRow("&Source", self.source)
        form.addRow("&Intelligence", self.intelligence)
        form.addRow("&Handling", self.handling)
        form.addRow("&Conditions", self.conditions)
        form.addRow("Sanitised &text", self.sanitised)
        form.addRow("&Why", self.reason)
        order = (self.source, self.intelligence, self.handling, self.conditions, self.sanitised)
        for first, then in zip(order, (*order[1:], self.reason), strict=True):
            QWidget.setTabOrder(first, then)  # Tab walks the grade as it is written
        self.handling.currentIndexChanged.connect(self._handling_changed)
        self._handling_changed()

    def _handling_changed(self, *_args: object) -> None:
        conditional = self.handling.currentData() == "C"
        self.conditions.setEnabled(conditional)
        self.conditions.setPlaceholderText(
            "Required for C: the conditions of sharing" if conditional else "Only for C"
        )

    def start_from(self, capture: Capture) -> None:
        """Open on the latest grading, else on the officer's proposal (said as such)."""
        graded, proposed = capture.grading, capture.proposed_grading
        codes: tuple[object, object, object]
        if graded is not None:
            codes = (graded.source, graded.intelligence, graded.handling)
            self.starting.setText("Starting from the latest grading.")
        elif proposed is not None:
            codes = (proposed.source, proposed.intelligence, proposed.handling)
            self.starting.setText("Starting from the officer's proposal: grade it yourself.")
        else:
            codes = (2, "C", capture.handling_code or "P")
            self.starting.setText("No grade proposed: untested, known indirectly, P to start.")
        for box, code in zip((self.source, self.intelligence, self.handling), codes, strict=True):
            _choose(box, code)
        self.conditions.setText(
            capture.handling_conditions or _text(capture, "handling_conditions")
        )
        self.sanitised.setPlainText(capture.sanitised_text or _report(capture))
        self.reason.clear()

    def problem(self) -> str | None:
        """What stops this grading being recorded (the hub checks the same)."""
        if self.handling.currentData() == "C" and not self.conditions.text().strip():
            return "Handling code C needs its conditions"
        if not self.sanitised.toPlainText().strip():
            return "Write the sanitised text (what may be shared)"
        return None

    def values(self) -> dict:
        conditional = self.handling.currentData() == "C"
        return {
            "source": int(self.source.currentData()),
            "intelligence": self.intelligence.currentData(),
            "handling": self.handling.currentData(),
            "conditions": self.conditions.text().strip() if conditional else "",
            "sanitised_text": self.sanitised.toPlainText().strip(),
            "reason": self.reason.text().strip(),
        }


def _text(capture: Capture, key: str) -> str:
    value = capture.fields.get(key)
    return value if isinstance(value, str) else ""


def _report(capture: Capture) -> str:
    """What the sanitised text starts from: the officer's own words, else the summary."""
    said = (_text(capture, key).strip() for key in ("text", "account", "description"))
    return next((s for s in said if s), capture.summary)


class GradingDock(QDockWidget):
    graded = Signal(str)  # the capture id
    failed = Signal(str)

    def __init__(
        self,
        state: LiveState,
        client: HubClient,
        tasks: TaskKeeper,
        reasons: ReasonPolicy,
        parent: QWidget | None = None,
    ):
        super().__init__("Grading (3x5x2)", parent)
        self.setObjectName("gradingDock")
        self.state, self.client, self.tasks, self.reasons = state, client, tasks, reasons
        self.capture_id: str | None = None
        self.reason = ""  # why the capture is read, where the force asks
        self.history = GradingsModel(self)
        self.form = GradingForm(self)
        self.error = QLabel(self)
        self.error.setObjectName("gradeError")
        self.error.setStyleSheet("color: #f87171")
        self.record = QPushButton(f"Record grading  ({RECORD_KEYS})", self)
        self.record.setObjectName("recordGrading")
        self.record.clicked.connect(self.submit)
        self.setWidget(self._body())
        self.setEnabled(False)
        state.subscribe(self._on_change)

    def _body(self) -> QWidget:
        widths = {WHEN: 92, GRADE: 62, WHAT: 124, BY: 84}
        table = plain_table(self.history, "gradingHistory", widths, self)
        self.history_view = table
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.record)
        layout.addWidget(QLabel("  History (oldest first)", body))
        layout.addWidget(table, 1)
        return body

    def show_capture(self, capture_id: str) -> None:
        capture = self.state.captures.get(capture_id)
        reason = self.reasons.for_capture(capture) if capture is not None else None
        if capture is None or reason is None:  # no reason given: nothing of it is read
            self.capture_id = None
            self.setEnabled(False)
            return
        self.capture_id, self.reason = capture_id, reason
        self.setEnabled(True)
        self.error.clear()
        self.form.start_from(capture)
        self._show_history(capture, [])
        self.tasks.run(self._load_history(capture_id), name="grading-history")

    def _show_history(self, capture: Capture, gradings: list) -> None:
        self.history.set_rows(grade_history(capture, gradings))
        self.history_view.scrollToBottom()

    async def _load_history(self, capture_id: str) -> None:
        try:
            gradings = await self.client.gradings(capture_id, self.reason)
        except HubError as exc:
            self.failed.emit(f"grading history: {exc.detail}")
            return
        capture = self.state.captures.get(capture_id)
        if capture is not None and capture_id == self.capture_id:
            self._show_history(capture, gradings)

    def focus_form(self) -> None:
        self.show()
        self.raise_()
        self.form.source.setFocus()

    def submit(self) -> None:
        if self.capture_id is None:
            return
        problem = self.form.problem()
        if problem is not None:
            self.error.setText(problem)
            return
        self.error.clear()
        self.tasks.run(self._send(self.capture_id, self.form.values()), name="grading")

    async def _send(self, capture_id: str, grading: dict) -> None:
        try:
            await self.client.grade(capture_id, grading)
        except HubError as exc:
            self.error.setText(exc.detail)
            self.failed.emit(f"grading not recorded: {exc.detail}")
            return
        self.form.reason.clear()
        self.form.starting.setText("Recorded: the form holds the latest grading.")
        self.graded.emit(capture_id)
        await self._load_history(capture_id)

    def _on_change(self, change: Change) -> None:
        ident = self.capture_id
        if change.section == "captures" and ident is not None and ident not in self.state.captures:
            self.setEnabled(False)  # withdrawn from this workstation
