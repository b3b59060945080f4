"""The review queue of records that may be the same: the suggestions waiting, best first, with
the reasons for each, and both sides beside them. Keys: L links them, N says they are not the
same, U leaves it unsure; Enter opens the record's page. Every workstation sees a decision as
the hub makes it: the suggestion leaves the queue everywhere at once."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDockWidget, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.entities import Suggestion, SuggestionSide
from controlroom.live.state import LiveState
from ui.components.entity_html import link_style
from ui.models.suggestions import CANDIDATE, RECORD, SCORE, SuggestionsModel
from ui.models.suggestions import KIND as KIND_COLUMN
from ui.tasks import TaskKeeper
from ui.theme import application
from ui.widgets.plain_table import plain_table

DECISION_KEYS = {Qt.Key.Key_L: "link", Qt.Key.Key_N: "not_same", Qt.Key.Key_U: "unsure"}
DECIDED = {"link": "linked", "not_same": "not the same", "unsure": "left unsure"}
OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def side_html(title: str, side: SuggestionSide) -> str:
    if side.entity is not None:
        name = f"<a href='entity:{side.entity}'>{escape(side.label)}</a>"
    else:
        name = f"<b>{escape(side.label)}</b>"
    n = len(side.captures)
    where = f"{n} capture{'s' if n != 1 else ''}" if n else "one capture"
    if side.path:
        where += f", written as {escape(side.path)}"
    return f"<p style='margin:2px 0'><small>{title}</small><br>{name} <small>({where})</small></p>"


def suggestion_html(s: Suggestion) -> str:
    reasons = "".join(f"<li>{escape(r)}</li>" for r in s.reasons) or "<li>no reasons given</li>"
    unsure = ""
    if s.status == "unsure":
        unsure = f"<p><i>{escape(s.decided_by or 'an analyst')} was unsure"
        unsure += f": {escape(s.note)}</i></p>" if s.note else ".</i></p>"
    return (
        f"<p style='margin:0'><b>{s.score:.0%} likely the same {escape(s.kind)}</b></p>"
        + side_html("RECORD", s.record)
        + side_html("MAY BE THE SAME AS", s.candidate)
        + f"<ul style='margin:2px 0'>{reasons}</ul>{unsure}"
        + "<p><small>L link · N not the same · U unsure · Enter opens the record</small></p>"
    )


class SuggestionsDock(QDockWidget):
    decided = Signal(int, str)  # the suggestion and the decision, as the hub took it
    entity_opened = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        model: SuggestionsModel,
        client: HubClient,
        tasks: TaskKeeper,
        parent: QWidget | None = None,
    ):
        super().__init__("Suggestions", parent)
        self.setObjectName("suggestionsDock")
        self.model, self.state, self.client, self.tasks = model, model.state, client, tasks
        self._kept: tuple[int | None, int] = (None, -1)  # the current id and row, over a reset
        widths = {SCORE: 90, KIND_COLUMN: 64, RECORD: 220, CANDIDATE: 220}
        self.table = plain_table(model, "suggestionsTable", widths)
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.table.doubleClicked.connect(lambda _index: self.open_record())
        model.modelAboutToBeReset.connect(self._keep)
        model.modelReset.connect(self._restore)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("suggestionDetail")
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._link)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([300, 300])
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.setWidget(body)
        self._retitle()

    # ---- the queue as it changes ---------------------------------------------------------

    def _keep(self) -> None:
        here = self.current()
        self._kept = (here.id if here else None, self.table.currentIndex().row())

    def _restore(self) -> None:
        ident, row = self._kept
        again = self.model.row_of(ident) if ident is not None else -1
        if again < 0 and row >= 0:  # decided: the one after it takes its place
            again = min(row, self.model.rowCount() - 1)
        if again >= 0:
            self.table.selectRow(again)
        self._retitle()
        self._show_current()

    def _retitle(self) -> None:
        self.setWindowTitle(f"Suggestions — {self.model.rowCount()} waiting")

    def current(self) -> Suggestion | None:
        index = self.table.currentIndex()
        rows = self.model.rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def _show_current(self) -> None:
        here = self.current()
        if here is None:
            self.detail.setPlainText("No suggestion is waiting." if not self.model.rows else "")
        else:
            app = application()
            theme = str(app.property("theme") or "dark") if app is not None else "dark"
            self.detail.document().setDefaultStyleSheet(link_style(theme))
            self.detail.setHtml(suggestion_html(here))

    def focus_queue(self) -> None:
        self.show()
        self.raise_()
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    # ---- deciding ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            decision = DECISION_KEYS.get(Qt.Key(event.key())) if plain else None
            if decision is not None:
                self.decide(decision)
                return True
            if plain and event.key() in OPEN_KEYS:
                self.open_record()
                return True
        return super().eventFilter(watched, event)

    def decide(self, decision: str) -> None:
        here = self.current()
        if here is not None:
            self.tasks.run(self._decide(here, decision), name=f"suggestion-{here.id}")

    async def _decide(self, suggestion: Suggestion, decision: str) -> None:
        try:
            await self.client.decide(suggestion.id, decision)
        except HubError as exc:
            self.failed.emit(f"not decided: {exc.detail}")
            return
        self.decided.emit(suggestion.id, DECIDED[decision])

    def open_record(self) -> None:
        here = self.current()
        if here is not None and here.record.entity is not None:
            self.entity_opened.emit(here.record.entity)

    def _link(self, url: QUrl) -> None:
        kind, _, ident = url.toString().partition(":")
        if kind == "entity" and ident.isdigit():
            self.entity_opened.emit(int(ident))


async def load_waiting(client: HubClient, state: LiveState) -> None:
    """The queue as the hub holds it now; the stream's events keep it current after."""
    state.load_suggestions((await client.suggestions()).suggestions)
