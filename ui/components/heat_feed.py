"""The map's heat layer: the View menu chooses it (captures of the last 30 days, or the police.uk
crimes imported as context), and after every pan and zoom the page says what it shows and the
hub's cells for that view are fetched (GET /api/v1/heatmap) and drawn (resources/map/
heat_layer.js). Only the newest request's answer is drawn."""

from __future__ import annotations

import json
import logging
import math
import time
from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget
from shiboken6 import isValid

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.heat import OGL, HeatMap
from controlroom.timeutil import to_iso
from maps.view import MapView
from ui.components.actions import action
from ui.tasks import TaskKeeper

log = logging.getLogger(__name__)

LAYERS = {  # name: the View menu's words, and the legend's title
    "captures": "Captures of the last 30 days",
    "crimes": "police.uk street-level crime",
}
CAPTURE_DAYS = 30
CELL_PX = 6  # a cell's height on screen
EQUATOR_M_PER_PX = 156_543.03  # Web Mercator metres per pixel at zoom 0 on the equator
SMALLEST_CELL_M, LARGEST_CELL_M = 10.0, 100_000.0


def cell_metres(zoom: float, lat: float) -> float:
    """About CELL_PX pixels of the map at this zoom and latitude, in metres."""
    metres = EQUATOR_M_PER_PX * math.cos(math.radians(lat)) / 2**zoom * CELL_PX
    return round(min(LARGEST_CELL_M, max(SMALLEST_CELL_M, metres)), 1)


def heat_query(layer: str, view: dict, now: float) -> dict[str, str]:
    """The hub's query for what the page shows: its area (on the earth) and cells to fit."""
    west, south, east, north = view["bbox"]
    west, east = max(-180.0, west), min(180.0, east)
    south, north = max(-85.0, south), min(85.0, north)
    query = {
        "layer": layer,
        "bbox": f"{west:.5f},{south:.5f},{east:.5f},{north:.5f}",
        "cell": str(cell_metres(view["zoom"], (south + north) / 2)),
    }
    if layer == "captures":
        query["since"] = to_iso(now - CAPTURE_DAYS * 86400) or ""
    return query


def _a_view(seen: dict) -> bool:
    """The page's message holds a view: four finite numbers of a box and a zoom."""
    box, zoom = seen.get("bbox"), seen.get("zoom")
    numbers = [*box, zoom] if isinstance(box, list) and len(box) == 4 else []
    return bool(numbers) and all(
        isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n) for n in numbers
    )


class HeatFeed(QObject):
    def __init__(self, view: MapView, client: HubClient, tasks: TaskKeeper, parent: QObject):
        super().__init__(parent)
        self.view, self.client, self.tasks = view, client, tasks
        self.layer: str | None = None
        self.last: HeatMap | None = None  # the cells drawn last
        view.bridge.view_changed.connect(self._on_view_changed)

    def show(self, layer: str | None) -> None:
        """Draw this layer (None: take the heat layer off the map)."""
        self.layer = layer
        if layer is None:
            self.view.apply_diff({"heat": None})
            return
        # The page answers with view_changed: the cells are fetched for what it shows.
        self.view.apply_diff({"heat": {"layer": layer, "title": LAYERS[layer], "pending": True}})

    def _on_view_changed(self, message: str) -> None:
        seen = json.loads(message)
        if self.layer is None or seen.get("layer") != self.layer or not _a_view(seen):
            return
        self.tasks.run(self._fetch(self.layer, seen), name="heatmap")

    async def _fetch(self, layer: str, seen: dict) -> None:
        query = heat_query(layer, seen, time.time())
        try:
            heat = await self.client.read(HeatMap, "/api/v1/heatmap", **query)
        except HubError as exc:
            log.warning("heat map: %s", exc)
            return
        if not isValid(self) or self.layer != layer:
            return
        self.last = heat
        drawn = {
            "layer": layer, "title": LAYERS[layer], "cell_lat": heat.cell_lat,
            "cell_lon": heat.cell_lon, "cells": [[c.lat, c.lon, c.count] for c in heat.cells],
            "total": heat.total, "max": heat.max,
        }  # fmt: skip
        if layer == "crimes":
            drawn["attribution"] = "police.uk. " + OGL
        self.view.apply_diff({"heat": drawn})


def install_heat_menu(owner: QWidget, bar: QMenuBar, feed: HeatFeed) -> dict[str, QAction]:
    """A Heat map submenu at the foot of the View menu: off, or one layer at a time."""
    view = next((a.menu() for a in bar.actions() if a.text() == "&View"), None)
    if not isinstance(view, QMenu):
        raise LookupError("the View menu is installed before the heat map's")
    menu = view.addMenu("&Heat map")
    group, acts = QActionGroup(owner), {}
    for name, words in (("off", "&Off"), *LAYERS.items()):
        layer = None if name == "off" else name
        act = action(owner, words, None, partial(feed.show, layer))
        act.setCheckable(True)
        act.setChecked(layer is None)
        group.addAction(act)
        menu.addAction(act)
        acts[f"heat_{name}"] = act
    return acts
