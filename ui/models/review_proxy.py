"""ReviewQueueProxy: the queue's filter (kind, area, officer, time, which states) and its order
(by priority, or newest first) over a ReviewQueueModel, by the core's rules
(``controlroom.review.queue``)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from controlroom.review.queue import Order, QueueFilter
from ui.models.review_queue import AreaRole, CaptureRole, ReviewQueueModel

Index = QModelIndex | QPersistentModelIndex


class ReviewQueueProxy(QSortFilterProxyModel):
    def __init__(
        self, model: ReviewQueueModel, clock: Callable[[], float] = time.time, parent=None
    ):
        super().__init__(parent)
        self.queue = model
        self.clock = clock
        self.rules = QueueFilter()
        self.order = Order.PRIORITY
        self.setSourceModel(model)
        self.setDynamicSortFilter(True)
        self.sort(0)

    def set_rules(self, rules: QueueFilter) -> None:
        self.rules = rules
        self.invalidate()

    def set_order(self, order: Order) -> None:
        self.order = order
        self.invalidate()
        self.sort(0)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        index = self.queue.index(source_row, 0, source_parent)
        capture = index.data(CaptureRole)
        if capture is None:
            return False
        if not self.rules.admits(capture, index.data(AreaRole), self.clock()):
            return False
        return super().filterAcceptsRow(source_row, source_parent)  # the filter box's text

    def sort(self, column: int = 0, order=Qt.SortOrder.AscendingOrder) -> None:
        """The queue has one order at a time (chosen with ``set_order``), whatever column or
        direction a view asks for."""
        super().sort(0, Qt.SortOrder.AscendingOrder)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(CaptureRole), right.data(CaptureRole)
        if a is None or b is None:
            return False
        ranking = self.queue.ranking
        return ranking.key(a, self.order) < ranking.key(b, self.order)
