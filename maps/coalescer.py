"""Batching of map diffs: many small changes become at most one page update per interval.

Collections (units, captures, incidents, tasks) merge by id: later fields win, a remove drops
earlier upserts; other keys (track, select, focus) keep their latest value.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

ID_FIELDS = {"units": "callsign", "captures": "id", "incidents": "id", "tasks": "id"}
DEFAULT_INTERVAL_MS = 100  # at most 10 updates a second


class PendingDiff:
    """The merge of every diff added since the last flush."""

    def __init__(self) -> None:
        self._upserts: dict[str, dict[Any, dict[str, Any]]] = {}
        self._removes: dict[str, dict[Any, None]] = {}
        self._latest: dict[str, Any] = {}

    def __bool__(self) -> bool:
        return bool(self._latest) or any(self._upserts.values()) or any(self._removes.values())

    def add(self, diff: dict[str, Any]) -> None:
        for key, part in diff.items():
            id_field = ID_FIELDS.get(key)
            if id_field is None:
                self._latest[key] = part
                continue
            upserts = self._upserts.setdefault(key, {})
            removes = self._removes.setdefault(key, {})
            for ident in part.get("remove", ()):
                upserts.pop(ident, None)
                removes[ident] = None
            for item in part.get("upsert", ()):
                ident = item[id_field]
                if ident in removes:  # removed then re-added: start afresh after the remove
                    upserts[ident] = dict(item)
                else:
                    upserts[ident] = {**upserts[ident], **item} if ident in upserts else item

    def to_diff(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in self._upserts.keys() | self._removes.keys():
            upserts, removes = self._upserts.get(key, {}), self._removes.get(key, {})
            if upserts or removes:
                out[key] = {"upsert": list(upserts.values()), "remove": list(removes)}
        out.update(self._latest)
        return out


class MapState:
    """What the page should be showing: every diff applied, kept so that a page that had to be
    reloaded (say, after its render process died) can be given everything again at once."""

    def __init__(self) -> None:
        self._items: dict[str, dict[Any, dict[str, Any]]] = {}
        self._latest: dict[str, Any] = {}

    def add(self, diff: dict[str, Any]) -> None:
        for key, part in diff.items():
            id_field = ID_FIELDS.get(key)
            if id_field is None:
                if key != "focus":  # a view change is a moment, not state
                    self._latest[key] = part
                continue
            items = self._items.setdefault(key, {})
            for ident in part.get("remove", ()):
                items.pop(ident, None)
            for item in part.get("upsert", ()):
                current = items.get(item[id_field])
                if current is None:
                    items[item[id_field]] = dict(item)
                else:
                    current.update(item)

    def to_diff(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            key: {"upsert": [dict(v) for v in items.values()], "remove": []}
            for key, items in self._items.items()
        }
        out.update(self._latest)
        return out


def merge_diffs(*diffs: dict[str, Any]) -> dict[str, Any]:
    pending = PendingDiff()
    for diff in diffs:
        pending.add(diff)
    return pending.to_diff()


class DiffCoalescer(QObject):
    """Collects diffs and hands ``sink`` one merged diff at most every ``interval_ms``.

    While held (the page is not ready, or the previous batch is still being applied), diffs
    keep merging and nothing is sent; ``release()`` lets the next batch go.
    """

    def __init__(
        self,
        sink: Callable[[dict[str, Any]], None],
        interval_ms: int = DEFAULT_INTERVAL_MS,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._sink = sink
        self.interval_ms = interval_ms
        self._pending = PendingDiff()
        self._held = False
        self._last_flush = -1e9
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._flush)
        self.flush_times: list[float] = []  # monotonic seconds of recent flushes, for tests
        self.batches = 0

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    @property
    def scheduled(self) -> bool:
        """Whether a flush is due (a held coalescer never has one)."""
        return self._timer.isActive()

    def add(self, diff: dict[str, Any]) -> None:
        self._pending.add(diff)
        self._schedule()

    def reset(self, diff: dict[str, Any]) -> None:
        """Drop whatever is pending and send ``diff`` next instead."""
        self._pending = PendingDiff()
        self.add(diff)

    def hold(self) -> None:
        self._held = True
        self._timer.stop()

    def release(self) -> None:
        self._held = False
        self._schedule()

    def _schedule(self) -> None:
        if self._held or self._timer.isActive() or not self._pending:
            return
        since = (time.monotonic() - self._last_flush) * 1000
        self._timer.start(max(0, round(self.interval_ms - since)))

    def _flush(self) -> None:
        if self._held or not self._pending:
            return
        since = (time.monotonic() - self._last_flush) * 1000
        if since < self.interval_ms:  # QTimer may fire a little early
            self._timer.start(max(1, round(self.interval_ms - since)))
            return
        self._last_flush = time.monotonic()
        self.flush_times = [*self.flush_times[-99:], self._last_flush]
        self.batches += 1
        batch, self._pending = self._pending.to_diff(), PendingDiff()
        self._sink(batch)
