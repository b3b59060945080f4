"""The review queue: captures awaiting review, by priority or newest first, filtered by kind,
area, officer and time. Enter opens the current capture for review; Next moves to the next one
nobody else is reviewing. A capture another analyst holds is dimmed and names them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QDockWidget, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from controlroom.geo.area import load_area
from controlroom.live.state import Change
from controlroom.review.queue import WINDOWS, Holding, Order, QueueFilter
from controlroom.vocabulary import CAPTURE_KIND
from ui.models.base import KeyRole, SortRole
from ui.models.review_proxy import ReviewQueueProxy
from ui.models.review_queue import (
    AREA,
    KIND,
    OFFICER,
    PRIORITY,
    REVIEW,
    SUMMARY,
    TIME,
    HeldByRole,
    ReviewQueueModel,
)
from ui.widgets.filter_table import FilterTable

EVERY = "every"
OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _combo(parent: QWidget, name: str, items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox(parent)
    box.setObjectName(name)
    # a narrow desk shortens the filters (their lists still open in full), never the map
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(7)
    for text, data in items:
        box.addItem(text, data)
    return box


class ReviewQueueDock(QDockWidget):
    capture_selected = Signal(str)  # the current row changed: read it
    capture_opened = Signal(str)  # Enter or a double click: review it

    def __init__(self, model: ReviewQueueModel, parent: QWidget | None = None):
        super().__init__("Review queue", parent)
        self.setObjectName("reviewQueueDock")
        self.model, self.state = model, model.state
        self.proxy = ReviewQueueProxy(model)
        self.table = FilterTable(
            model, KeyRole, SortRole, "Filter the queue (any text)", SUMMARY, proxy=self.proxy
        )
        view = self.table.view
        view.setSortingEnabled(False)  # the order is chosen below: priority or newest
        widths = ((PRIORITY, 136), (KIND, 150), (OFFICER, 64), (AREA, 150), (TIME, 74))
        for column, width in (*widths, (REVIEW, 170)):
            view.setColumnWidth(column, width)
        self.table.key_selected.connect(lambda key: self.capture_selected.emit(str(key)))
        view.doubleClicked.connect(lambda _index: self.open_current())
        view.installEventFilter(self)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self._filters(body))
        layout.addWidget(self.table, 1)
        self.setWidget(body)
        self.state.subscribe(self._on_change)
        self._retitle()

    def _filters(self, body: QWidget) -> QHBoxLayout:
        self.holding = _combo(body, "queueHolding", [(h.value, h) for h in Holding])
        kinds = [(t.words, t.code) for t in CAPTURE_KIND]
        self.kind = _combo(body, "queueKind", [("every kind", None), *kinds])
        areas = [(name, name) for name in sorted(d.name for d in load_area().districts)]
        self.area = _combo(body, "queueArea", [("every area", None), *areas])
        self.since = _combo(body, "queueWindow", list(WINDOWS.items()))
        self.order = _combo(body, "queueOrder", [(o.value, o) for o in Order])
        self.officer = QLineEdit(body)
        self.officer.setObjectName("queueOfficer")
        self.officer.setPlaceholderText("officer")
        self.officer.setMinimumWidth(90)
        self.officer.setClearButtonEnabled(True)
        row = QHBoxLayout()
        row.setContentsMargins(4, 4, 4, 0)
        row.setSpacing(4)
        for box in (self.holding, self.kind, self.area, self.since):
            box.currentIndexChanged.connect(self._refilter)
            row.addWidget(box)
        self.officer.textChanged.connect(self._refilter)
        row.addWidget(self.officer, 1)
        self.order.currentIndexChanged.connect(self._reorder)
        row.addWidget(self.order)
        return row

    def _reorder(self, *_args: object) -> None:
        self.proxy.set_order(Order(self.order.currentData()))  # Qt hands the enum back as str

    def rules(self) -> QueueFilter:
        return QueueFilter(
            holding=Holding(self.holding.currentData()),  # Qt hands an enum back as its str
            kind=self.kind.currentData(),
            area=self.area.currentData(),
            officer=self.officer.text(),
            within_s=self.since.currentData(),
        )

    def _refilter(self, *_args: object) -> None:
        self.proxy.set_rules(self.rules())
        self._retitle()

    def _on_change(self, change: Change) -> None:
        if change.section == "captures":
            self._retitle()

    def _retitle(self) -> None:
        waiting = self.proxy.rowCount()
        held = sum(1 for c in self.state.captures.values() if c.status == "in_review")
        title = f"Review queue — {waiting} {self.rules().holding.value}"
        self.setWindowTitle(title + (f", {held} in review" if held else ""))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            opening = event.key() in OPEN_KEYS and not event.modifiers()
        else:
            opening = False
        if opening:
            self.open_current()
            return True
        return super().eventFilter(watched, event)

    # ---- moving through the queue --------------------------------------------------------

    def select(self, capture_id: str) -> bool:
        return self.table.select_key(capture_id)

    def current(self) -> str | None:
        key = self.table.current_key()
        return None if key is None else str(key)

    def next_capture(self) -> bool:
        """Move to the next capture in the queue's order that no other analyst is reviewing
        (from the top when none is current; round to the top after the last)."""
        rows = self.proxy.rowCount()
        here = self.table.view.currentIndex()
        start = here.row() if here.isValid() else -1
        for step in range(1, rows + 1):
            row = (start + step) % rows
            if self.proxy.index(row, 0).data(HeldByRole) is None and row != start:
                self.show()
                self.raise_()
                self.table.view.setFocus()
                self.table.select_row(row)
                return True
        return False

    def open_current(self) -> None:
        ident = self.current()
        if ident is not None:
            self.capture_opened.emit(ident)

    def focus_queue(self) -> None:
        self.show()
        self.raise_()
        self.table.view.setFocus()
