"""The review queue's rules, without Qt: which captures it holds under a filter, and in what
order (by priority, or newest first)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from controlroom.contract.documents import Capture
from controlroom.live.state import epoch
from controlroom.review.priority import SIGNALS, Priority, Signal, priority
from controlroom.vocabulary import AWAITING_REVIEW

AreaOf = Callable[[float, float], str | None]


class Order(StrEnum):
    PRIORITY = "by priority"
    NEWEST = "newest first"


class Holding(StrEnum):
    """Which captures the queue shows."""

    AWAITING = "awaiting review"
    SENT_BACK = "sent back to the officer"
    DONE = "done"
    ALL = "all"


HELD: dict[Holding, tuple[str, ...] | None] = {
    Holding.AWAITING: AWAITING_REVIEW,
    Holding.SENT_BACK: ("has_issues",),
    Holding.DONE: ("reviewed", "actioned", "no_further_action"),
    Holding.ALL: None,
}
WINDOWS = {
    "any time": None,
    "last hour": 3600.0,
    "last 12 hours": 43200.0,
    "last 24 hours": 86400.0,
}


@dataclass
class QueueFilter:
    holding: Holding = Holding.AWAITING
    kind: str | None = None  # one capture kind, or every kind
    area: str | None = None  # a district, or everywhere
    officer: str = ""  # part of a call sign
    within_s: float | None = None  # captured in the last so many seconds

    def admits(self, capture: Capture, area: str | None, now: float | None = None) -> bool:
        held = HELD[self.holding]
        if held is not None and capture.status not in held:
            return False
        if self.kind is not None and capture.kind != self.kind:
            return False
        if self.area is not None and area != self.area:
            return False
        if self.officer and self.officer.strip().upper() not in capture.callsign.upper():
            return False
        if self.within_s is not None:
            at = epoch(capture.at)
            return (
                at is not None and at >= (now if now is not None else time.time()) - self.within_s
            )
        return True


@dataclass
class Ranking:
    """Each capture's priority, worked out once per version of the capture."""

    signals: tuple[Signal, ...] = SIGNALS
    _known: dict[str, tuple[Capture, Priority]] = field(default_factory=dict)

    def of(self, capture: Capture) -> Priority:
        known = self._known.get(capture.id)
        if known is not None and known[0] is capture:
            return known[1]
        found = priority(capture, self.signals)
        self._known[capture.id] = (capture, found)
        return found

    def key(self, capture: Capture, order: Order) -> tuple[float, float]:
        """Sorts ascending into the queue's order."""
        newest = -(epoch(capture.at) or 0.0)
        if order is Order.NEWEST:
            return (newest, 0.0)
        return (-float(self.of(capture).score), newest)
