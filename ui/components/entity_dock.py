"""A record's page: a person, vehicle, phone or address, with everything the force holds on it
that this reader may see. Opened from a capture's record, from a search by name, mark or number,
and from the records it appears with; where it was seen is pinned on the map. Analysts merge
another record in, or split captures off, from here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.documents import Capture
from controlroom.contract.entities import EntityPage, EntitySummary, Sighting
from controlroom.live.state import Change, LiveState
from controlroom.localtime import day_and_clock
from maps.view import MapView
from ui.components.entity_dialogs import IdRole, MergeDialog, SplitDialog
from ui.components.entity_html import entity_html, link_style
from ui.tasks import TaskKeeper
from ui.theme import application

KINDS = ("person", "vehicle", "phone", "address")
CLOSED = "This record is closed. "
NOT_SHOWN = "No record you may see: it may be held only in captures your role is not cleared for."


def as_capture(s: Sighting) -> Capture:
    """What the page knows of a capture, shown until the hub's read of it answers."""
    return Capture(
        id=s.capture_id, kind=s.kind, callsign="", at=s.at, lat=s.lat, lon=s.lon,
        summary=s.summary, handling_code=s.handling_code,
    )  # fmt: skip


def summary_words(e: EntitySummary) -> str:
    seen = f", last seen {day_and_clock(e.last_seen)}" if e.last_seen else ""
    captures = "1 capture" if e.captures == 1 else f"{e.captures} captures"
    return f"{e.kind}: {e.label} ({captures}{seen})"


class EntityDock(QDockWidget):
    capture_opened = Signal(object)  # a Capture to read as a record
    shown = Signal(object)  # the EntityPage now shown
    found = Signal(object)  # the records a search found
    failed = Signal(str)
    changed = Signal(str)  # a merge or split done, in words

    def __init__(
        self,
        state: LiveState,
        client: HubClient,
        tasks: TaskKeeper,
        view: MapView,
        may_link: bool,
        parent: QWidget | None = None,
    ):
        super().__init__("Record", parent)
        self.setObjectName("entityDock")
        self.state, self.client, self.tasks, self.view = state, client, tasks, view
        self.page: EntityPage | None = None
        self.history: list[int] = []
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(self._find_row(body))
        self.results = QListWidget(body)
        self.results.setObjectName("entityResults")
        self.results.setMaximumHeight(130)
        self.results.itemActivated.connect(self._result_chosen)
        self.results.itemClicked.connect(self._result_chosen)
        self.results.hide()
        layout.addWidget(self.results)
        self.browser = QTextBrowser(body)
        self.browser.setObjectName("entityPage")
        self.browser.setOpenLinks(False)
        self.browser.setPlaceholderText(
            "Find a person, vehicle, phone or address above, or open one from a capture."
        )
        self.browser.anchorClicked.connect(self._link)
        layout.addWidget(self.browser, 1)
        if may_link:
            layout.addLayout(self._link_row(body))
        self.setWidget(body)
        state.subscribe(self._on_change)

    def _find_row(self, body: QWidget) -> QHBoxLayout:
        self.back = QPushButton("Back", body)
        self.back.setToolTip("The record shown before (Alt+Left)")
        self.back.setShortcut("Alt+Left")
        self.back.setEnabled(False)
        self.back.clicked.connect(self.go_back)
        self.words = QLineEdit(body)
        self.words.setObjectName("entityFind")
        self.words.setPlaceholderText("Find a name, a registration mark, a phone or an address")
        self.words.setClearButtonEnabled(True)
        self.words.returnPressed.connect(self.find_records)
        self.kind = QComboBox(body)
        self.kind.setObjectName("entityKind")
        self.kind.addItem("any kind", None)
        for kind in KINDS:
            self.kind.addItem(kind, kind)
        row = QHBoxLayout()
        row.addWidget(self.back)
        row.addWidget(self.words, 1)
        row.addWidget(self.kind)
        return row

    def _link_row(self, body: QWidget) -> QHBoxLayout:
        self.merge_button = QPushButton("Merge another record in…", body)
        self.merge_button.setObjectName("entityMerge")
        self.merge_button.clicked.connect(self.merge)
        self.split_button = QPushButton("Split captures off…", body)
        self.split_button.setObjectName("entitySplit")
        self.split_button.clicked.connect(self.split)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.merge_button)
        row.addWidget(self.split_button)
        return row

    # ---- finding -------------------------------------------------------------------------

    def focus_find(self) -> None:
        self.show()
        self.raise_()
        self.words.setFocus()
        self.words.selectAll()

    def find_records(self) -> None:
        text = self.words.text().strip()
        if text:
            self.tasks.run(self._find(text, self.kind.currentData()), name="entity-find")

    async def _find(self, text: str, kind: str | None) -> None:
        try:
            found = await self.client.find_entities(text, kind)
        except HubError as exc:
            self.failed.emit(f"not found: {exc.detail}")
            return
        self.results.clear()
        for entity in found:
            item = QListWidgetItem(summary_words(entity))
            item.setData(IdRole, entity.id)
            self.results.addItem(item)
        if not found:
            self.results.addItem(QListWidgetItem(f"No record matches “{text}”."))
        self.results.show()
        self.found.emit(found)
        if len(found) == 1:
            self.open_entity(found[0].id)

    def _result_chosen(self, item: QListWidgetItem) -> None:
        entity_id = item.data(IdRole)
        if entity_id is not None:
            self.open_entity(int(entity_id))

    # ---- showing a record ----------------------------------------------------------------

    def open_entity(self, entity_id: int, remember: bool = True) -> None:
        """Show a record; the one shown before it is remembered for Back."""
        self.show()
        self.raise_()
        if remember and self.page is not None and self.page.id != entity_id:
            self.history.append(self.page.id)
        self.tasks.run(self._load(entity_id), name="entity-page")

    def go_back(self) -> None:
        if self.history:
            self.open_entity(self.history.pop(), remember=False)

    async def _load(self, entity_id: int) -> None:
        try:
            page = await self.client.entity(entity_id)
        except HubError as exc:
            self.back.setEnabled(bool(self.history))
            if exc.status in (403, 404, 410):  # 410: closed, and the hub says why
                self.browser.setPlainText(CLOSED + exc.detail if exc.status == 410 else NOT_SHOWN)
                self.page = None
                self.view.apply_diff({"seen": None})
                return
            self.failed.emit(f"cannot read the record: {exc.detail}")
            return
        self.show_page(page)

    def show_page(self, page: EntityPage) -> None:
        self.page = page
        self.back.setEnabled(bool(self.history))
        self.setWindowTitle(f"Record — {page.label}")
        app = application()
        theme = str(app.property("theme") or "dark") if app is not None else "dark"
        keep = self.browser.verticalScrollBar().value()
        self.browser.document().setDefaultStyleSheet(link_style(theme))
        self.browser.setHtml(entity_html(page, theme))
        self.browser.verticalScrollBar().setValue(keep)
        self._pin(page)
        self.shown.emit(page)

    def _pin(self, page: EntityPage) -> None:
        points = [
            {"id": s.capture_id, "lat": s.lat, "lon": s.lon, "label": f"{s.at[:10]} {s.summary}"}
            for s in page.timeline
        ]
        self.view.apply_diff({"seen": {"points": points, "selected": None, "fit": True}})

    def _link(self, url: QUrl) -> None:
        kind, _, ident = url.toString().partition(":")
        if kind == "entity" and ident.isdigit():
            self.open_entity(int(ident))
        elif kind == "capture" and self.page is not None:
            for s in self.page.timeline:
                if s.capture_id == ident:
                    self.capture_opened.emit(as_capture(s))

    def _on_change(self, change: Change) -> None:
        """A merge or split of this record, or a new capture linked to it: read it again."""
        page = self.page
        if page is None:
            return
        if change.section == "entities":
            stale = change.reset or page.id in change.keys
        elif change.section == "links":
            stale = any(
                link.id == page.id for key in change.keys for link in self.state.links.get(key, [])
            )
        else:
            return
        if stale:
            self.tasks.run(self._load(page.id), name="entity-page")

    # ---- merge and split -----------------------------------------------------------------

    def merge(self) -> None:
        """Ask which record to merge in; the dialog stays open while it searches the hub."""
        page = self.page
        if page is None:
            return
        dialog = MergeDialog(page, self.client, self.tasks, self)

        def merged() -> None:
            if dialog.other is not None:
                job = self.client.merge(page.id, dialog.other, dialog.note.text())
                self._change(job, f"record {dialog.other} merged into {page.label}", page.id)

        self._ask(dialog, merged)

    def split(self) -> None:
        page = self.page
        if page is None:
            return
        dialog = SplitDialog(page, self)

        def split_off() -> None:
            chosen = dialog.chosen()
            if chosen:
                job = self.client.split(page.id, chosen, dialog.note.text())
                self._change(job, f"{len(chosen)} captures split off {page.label}", page.id)

        self._ask(dialog, split_off)

    def _ask(self, dialog: QDialog, then: Callable[[], None]) -> None:
        """Open ``dialog`` without a nested event loop (the hub's answers keep arriving)."""
        dialog.accepted.connect(then)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def _change(self, job, words: str, entity_id: int) -> None:
        async def run() -> None:
            try:
                await job
            except HubError as exc:
                self.failed.emit(f"not done: {exc.detail}")
                return
            self.changed.emit(words)
            await self._load(entity_id)

        self.tasks.run(run(), name="entity-change")
