"""The bar above the map: a search box (type a place, a street, a building or an address; the map
flies there and pins it with its name; Ctrl+L, Esc clears the pin), and the whereabouts of what
was last clicked or selected ("SK21: on or near Leek Road, Hanley")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget
from shiboken6 import isValid

from controlroom.live.state import LiveState
from maps.view import MapView
from ui.components.place_search import Geography, PlaceCompleter

ZOOM = {"place": 14, "street": 17, "poi": 17, "address": 18}


def place_diff(place: dict | None) -> dict:
    """The map's "place" layer for a search result (None clears it)."""
    if place is None:
        return {"place": None}
    zoom = ZOOM.get(place.get("kind", ""), 16)
    return {"place": {k: place.get(k) for k in ("label", "kind", "lat", "lon")} | {"zoom": zoom}}


class MapSearch(QLineEdit):
    def __init__(self, view: MapView, geography: Geography, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mapSearch")
        self.setPlaceholderText("Find a place on the map (Ctrl+L)")
        self.setClearButtonEnabled(True)
        self.view = view
        self.places = PlaceCompleter(self, geography, "map-search")
        self.places.place_chosen.connect(self.show_place)
        self.returnPressed.connect(self._go_to_best)

    def show_place(self, place: dict) -> None:
        self.view.apply_diff(place_diff(place))

    def _go_to_best(self, looked_up: bool = False) -> None:
        """Enter without choosing from the list: the best match for what was typed."""
        best = self.places.best_for(self.text())
        if best is not None:
            self.places.choose(best["label"])
        elif self.text().strip() and not looked_up:
            self.places.search(self.text(), then=lambda: self._go_to_best(looked_up=True))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.view.apply_diff(place_diff(None))
            return
        super().keyPressEvent(event)


class MapBar(QWidget):
    """The search box and, beside it, the whereabouts of the last thing clicked or selected."""

    def __init__(
        self,
        view: MapView,
        state: LiveState,
        geography: Geography,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("mapBar")
        self.state, self.geography = state, geography
        self.search = MapSearch(view, geography, self)
        self.search.setMaximumWidth(420)
        self.where = QLabel("", self)
        self.where.setObjectName("mapWhereabouts")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.search, 2)
        layout.addWidget(self.where, 3)
        shortcut = QShortcut(QKeySequence("Ctrl+L"), self.window() if parent else self)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(self.focus_search)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def name_point(self, lat: float, lon: float) -> None:
        self._name("Map", lat, lon)

    def name_unit(self, callsign: str) -> None:
        unit = self.state.units.get(callsign)
        if unit is not None and unit.lat is not None and unit.lon is not None:
            self._name(callsign, unit.lat, unit.lon)

    def name_capture(self, capture_id: str) -> None:
        capture = self.state.captures.get(capture_id)
        if capture is not None:
            self._name("Capture", capture.lat, capture.lon)

    def _name(self, what: str, lat: float, lon: float) -> None:
        self.where.setText(f"{what}: {lat:.5f}, {lon:.5f}")

        def named(found: dict) -> None:
            if isValid(self.where):
                self.where.setText(f"{what}: on or near {found['label']}")

        self.geography.name_point(lat, lon, named, "map-whereabouts")
