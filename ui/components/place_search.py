"""Finding a place as it is typed, from the hub's gazetteer (GET /api/v1/geo/search).

The desktop asks the hub rather than loading the gazetteer itself: every workstation and the API
then find the same places from one index, and a workstation stays light to start (the index
takes a second and a hundred megabytes to load); without the hub an incident cannot be raised
anyway. Each keystroke's search replaces the one before (the latest request wins), and the list
shows the hub's order as it is (best first, typos forgiven), not filtered again by Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit
from shiboken6 import isValid

from controlroom.client.hub import HubClient, HubError
from ui.tasks import TaskKeeper

MIN_CHARS = 2
SHOWN = 10


@dataclass
class Geography:
    """The hub's geography for the widgets that search places or name points."""

    client: HubClient
    tasks: TaskKeeper

    def name_point(self, lat: float, lon: float, done: Callable[[dict], None], name: str) -> None:
        """Call done({"label", "street", "locality"}) with the point's whereabouts."""

        async def look_up() -> None:
            try:
                found = await self.client.whereabouts(lat, lon)
            except HubError:
                return  # the place stays given by its coordinates
            done(found)

        self.tasks.run(look_up(), name=name)


class PlaceCompleter(QObject):
    """Completes a line edit with the gazetteer's places; says which one was chosen."""

    place_chosen = Signal(dict)  # {"label", "kind", "lat", "lon"}

    def __init__(self, edit: QLineEdit, geography: Geography, name: str) -> None:
        super().__init__(edit)
        self.edit, self.geography, self.name = edit, geography, name
        self.results: list[dict] = []
        self.results_for = ""  # the text the results were found for
        self._then: Callable[[], None] | None = None
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, edit)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(SHOWN)
        edit.setCompleter(self.completer)
        edit.textEdited.connect(self.search)
        self.completer.activated.connect(self.choose)  # the text overload: the label

    def search(self, text: str, then: Callable[[], None] | None = None) -> None:
        """Look the text up; then(), if given, runs once the results are in."""
        self._then = then
        if len(text.strip()) < MIN_CHARS:
            self._show(text, [])
            return
        self.geography.tasks.run(self._search(text), name=self.name)

    async def _search(self, text: str) -> None:
        try:
            found = await self.geography.client.search_places(text, SHOWN)
        except HubError:
            found = []
        if isValid(self) and isValid(self.edit):
            self._show(text, found)

    def _show(self, text: str, found: list[dict]) -> None:
        self.results, self.results_for = found, text
        self.model.setStringList([r["label"] for r in found])
        if found and self.edit.hasFocus():
            self.completer.complete()
        then, self._then = self._then, None
        if then is not None:
            then()

    def choose(self, label: str) -> bool:
        place = next((r for r in self.results if r["label"] == label), None)
        if place is None:
            return False
        self.edit.setText(place["label"])
        self.place_chosen.emit(place)
        return True

    def best_for(self, text: str) -> dict | None:
        """The best place for exactly this text, if it has been looked up."""
        return self.results[0] if self.results and self.results_for == text else None
