"""MapFeed: the live state on the map. Units (with their stale flag) and captures go to the
page as diffs; the selected unit's track comes from the hub and grows with its live pings."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.documents import Capture
from controlroom.live.state import Change, LiveState, LiveUnit
from controlroom.localtime import day_and_clock
from maps.view import MapView
from ui.tasks import TaskKeeper

log = logging.getLogger(__name__)
UNIT_FIELDS = ("callsign", "lat", "lon", "status", "stale", "emergency", "speed_mps", "heading_deg")
CAPTURE_FIELDS = ("id", "kind", "lat", "lon", "summary", "callsign", "at")
TRACK_POINTS = 500


def unit_item(unit: LiveUnit) -> dict | None:
    if unit.lat is None or unit.lon is None:
        return None
    return {k: getattr(unit, k) for k in UNIT_FIELDS}


def capture_item(capture: Capture) -> dict | None:
    item = {k: getattr(capture, k) for k in CAPTURE_FIELDS}
    item["time"] = day_and_clock(capture.at)  # the page shows local time as the tables do
    return item


class MapFeed(QObject):
    live_map_shown = Signal(float)  # seconds from ``started`` to the first drawn snapshot

    def __init__(self, view: MapView, state: LiveState, client: HubClient, tasks: TaskKeeper):
        super().__init__(view)
        self.view, self.state, self.client, self.tasks = view, state, client, tasks
        self.selected: str | None = None
        self.track: list[list[float]] = []
        self.started: float | None = None
        self._waiting_first = False
        self._shown: dict[str, set] = {"units": set(), "captures": set()}
        state.subscribe(self._on_change)
        view.batch_applied.connect(self._on_batch)

    def _on_change(self, change: Change) -> None:
        if change.section == "units":
            self._send("units", self.state.units, unit_item, change)
            if self.selected in change.keys:
                self._extend_track()
        elif change.section == "captures":
            self._send("captures", self.state.captures, capture_item, change)

    def _send(
        self, kind: str, items: dict, make: Callable[[Any], dict | None], change: Change
    ) -> None:
        keys = items.keys() if change.reset else change.keys
        upsert = [item for key in keys if key in items and (item := make(items[key]))]
        shown = self._shown[kind]
        removed = list(shown - items.keys()) if change.reset else []
        shown.difference_update(removed)
        shown.update(keys)
        diff: dict[str, Any] = {}
        if upsert or removed:
            diff[kind] = {"upsert": upsert, "remove": removed}
        if change.reset and kind == "units":
            diff["select"] = None  # makes a batch even when there are no units yet
            self._waiting_first = True
        if diff:
            self.view.apply_diff(diff)

    def _on_batch(self, report: object) -> None:
        if self._waiting_first and self.started is not None:
            self._waiting_first = False
            self.live_map_shown.emit(time.perf_counter() - self.started)

    # ---- selection and track -------------------------------------------------------------

    def select_unit(self, callsign: str, focus: bool = True) -> None:
        self.selected = callsign
        self.view.select("unit", callsign)
        unit = self.state.units.get(callsign)
        if focus and unit is not None and unit.lat is not None and unit.lon is not None:
            self.view.focus(unit.lat, unit.lon, None)
        self.track = []
        self.view.show_track(None)
        self.tasks.run(self._load_track(callsign), name="track")

    def select_capture(self, capture_id: str, focus: bool = True) -> None:
        self.view.select("capture", capture_id)
        capture = self.state.captures.get(capture_id)
        if focus and capture is not None:
            self.view.focus(capture.lat, capture.lon, None)

    async def _load_track(self, callsign: str) -> None:
        try:
            pings = await self.client.track(callsign, limit=TRACK_POINTS)
        except HubError as exc:
            log.warning("track of %s not loaded: %s", callsign, exc.detail)
            return
        if callsign != self.selected:
            return
        self.track = [[p.lat, p.lon] for p in pings[-TRACK_POINTS:]]
        self._extend_track()

    def _extend_track(self) -> None:
        unit = self.state.units.get(self.selected or "")
        if unit is None or unit.lat is None or unit.lon is None:
            return
        point = [unit.lat, unit.lon]
        if not self.track or self.track[-1] != point:
            self.track = [*self.track[-TRACK_POINTS + 1 :], point]
        self.view.show_track(self.selected, self.track)
