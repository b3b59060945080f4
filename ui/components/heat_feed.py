"""The map's heat layer: the View menu chooses it (captures of the last 30 days, or the police.uk
crimes imported as context), and after every pan and zoom the page says what it shows and the
hub's cells for that view are fetched (GET /api/v1/heatmap) and drawn (resources/map/
heat_layer.js). Only the newest request's answer is drawn. The crime layer keeps a filter (one
crime type, a range of months) chosen in Crime filter…, and draws again when the hub streams a
new import (``context.crimes_imported``)."""

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
from controlroom.live.state import Change, LiveState
from controlroom.timeutil import to_iso
from maps.view import MapView
from ui.components.actions import action
from ui.components.crime_filter import CrimeFilter, CrimeFilterDialog
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


def heat_query(
    layer: str, view: dict, now: float, crimes: CrimeFilter | None = None
) -> dict[str, str]:
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
    elif crimes is not None:
        query.update(crimes.query())
    return query


def _a_view(seen: dict) -> bool:
    """The page's message holds a view: four finite numbers of a box and a zoom."""
    box, zoom = seen.get("bbox"), seen.get("zoom")
    numbers = [*box, zoom] if isinstance(box, list) and len(box) == 4 else []
    return bool(numbers) and all(
        isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n) for n in numbers
    )


class HeatFeed(QObject):
    def __init__(
        self,
        view: MapView,
        client: HubClient,
        tasks: TaskKeeper,
        state: LiveState,
        parent: QObject,
    ):
        super().__init__(parent)
        self.view, self.client, self.tasks = view, client, tasks
        self.layer: str | None = None
        self.last: HeatMap | None = None  # the cells drawn last
        self.crimes = CrimeFilter()
        view.bridge.view_changed.connect(self._on_view_changed)
        state.subscribe(self._on_change)

    def title(self, layer: str) -> str:
        said = self.crimes.words() if layer == "crimes" else ""
        return f"{LAYERS[layer]}: {said}" if said else LAYERS[layer]

    def filter_crimes(self, crimes: CrimeFilter) -> None:
        """Draw the crime layer with this filter (now, if it is the layer shown)."""
        self.crimes = crimes
        if self.layer == "crimes":
            self.show("crimes", again=True)

    def choose_crimes(self, crimes: CrimeFilter) -> None:
        """A filter chosen: the crime layer is shown with it."""
        self.filter_crimes(crimes)
        if self.layer != "crimes":
            self.show("crimes")

    def _on_change(self, change: Change) -> None:
        if change.section == "crimes" and self.layer == "crimes" and isValid(self):
            self.show("crimes", again=True)  # a new import: the cells are fetched again

    def show(self, layer: str | None, again: bool = False) -> None:
        """Draw this layer (None: take the heat layer off the map); ``again``: fetch the layer
        shown afresh (its filter changed, or the hub holds more)."""
        self.layer = layer
        if layer is None:
            self.view.apply_diff({"heat": None})
            return
        # The page answers with view_changed: the cells are fetched for what it shows.
        pending = {"layer": layer, "title": self.title(layer), "pending": True, "again": again}
        self.view.apply_diff({"heat": pending})

    def _on_view_changed(self, message: str) -> None:
        seen = json.loads(message)
        if self.layer is None or seen.get("layer") != self.layer or not _a_view(seen):
            return
        self.tasks.run(self._fetch(self.layer, seen), name="heatmap")

    async def _fetch(self, layer: str, seen: dict) -> None:
        asked = self.crimes  # an answer to an earlier filter is not drawn
        query = heat_query(layer, seen, time.time(), asked)
        try:
            heat = await self.client.read(HeatMap, "/api/v1/heatmap", **query)
        except HubError as exc:
            log.warning("heat map: %s", exc)
            return
        if not isValid(self) or self.layer != layer or self.crimes != asked:
            return
        self.last = heat
        drawn = {
            "layer": layer, "title": self.title(layer), "cell_lat": heat.cell_lat,
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
    menu.addSeparator()
    ask = partial(ask_crime_filter, owner, feed, acts["heat_crimes"])
    acts["crime_filter"] = action(owner, "Crime &filter…", None, ask)
    menu.addAction(acts["crime_filter"])
    return acts


def ask_crime_filter(owner: QWidget, feed: HeatFeed, shown: QAction) -> None:
    """The crime layer's filter, chosen from what the hub holds (and the layer shown)."""
    dialog = CrimeFilterDialog(feed.client, feed.tasks, feed.crimes, owner)
    dialog.chosen.connect(feed.choose_crimes)
    dialog.chosen.connect(lambda _f: shown.setChecked(True))  # the menu says what is drawn
    dialog.open()
