"""The intelligence ensemble beside the review kit, for the intelligence officer and the
supervisor: search of captures with an area drawn on the map and exports, a record's page
(people, vehicles, phones, addresses) reached from a capture, a search or another record, the
suggestions of records that may be the same, and the Intelligence menu with a key for each."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenuBar

from controlroom.client.hub import HubError
from controlroom.live.session import Connection
from controlroom.permissions import Can
from ui.components.actions import Entry, install_menu
from ui.components.entity_dock import EntityDock
from ui.components.search_dock import SearchDock
from ui.components.suggestions_dock import SuggestionsDock, load_waiting
from ui.desks.review_kit import ReviewKit
from ui.desks.search_kit import search_entries
from ui.models.suggestions import SuggestionsModel
from ui.workstation import Workstation


class IntelKit:
    def __init__(self, ws: Workstation, review: ReviewKit):
        self.ws, self.review = ws, review
        self.search = SearchDock(ws.client, ws.tasks, ws.map_view, ws.host)
        self.search.capture_chosen.connect(review.record.show_document)
        self.search.capture_chosen.connect(lambda _c: review.record.raise_())
        self.search.failed.connect(lambda text: ws.say(text, 15000))
        self.search.exported.connect(lambda path: ws.say(f"exported to {path}"))
        may_link = ws.may(Can.LINK_ENTITIES)
        self.entity = EntityDock(ws.state, ws.client, ws.tasks, ws.map_view, may_link, ws.host)
        review.record.entity_opened.connect(self.entity.open_entity)
        self.entity.capture_opened.connect(review.record.show_document)
        self.entity.capture_opened.connect(lambda _c: review.record.raise_())
        self.entity.failed.connect(lambda text: ws.say(text, 15000))
        self.entity.changed.connect(ws.say)
        self.suggestions = self._suggestions(ws)

    def _suggestions(self, ws: Workstation) -> SuggestionsDock:
        """The records that may be the same (loaded whenever the desk is live again)."""
        model = SuggestionsModel(ws.state, ws.host)
        dock = SuggestionsDock(model, ws.client, ws.tasks, ws.host)
        dock.entity_opened.connect(self.entity.open_entity)
        dock.decided.connect(lambda ident, words: ws.say(f"suggestion {ident}: {words}"))
        dock.failed.connect(lambda text: ws.say(text, 15000))
        if ws.session.connection is Connection.LIVE:
            self.load_waiting()
        return dock

    def load_waiting(self) -> None:
        """Called by the desk each time it is live again."""
        self.ws.tasks.run(self._load_waiting(self.ws), name="suggestions")

    async def _load_waiting(self, ws: Workstation) -> None:
        try:
            await load_waiting(ws.client, ws.state)
        except HubError as exc:
            ws.say(f"suggestions not loaded: {exc.detail}", 15000)

    def entries(self) -> list[Entry]:
        return [
            *search_entries(self.search, self.entity),
            ("suggestions", "&Suggestions to review", "Ctrl+Shift+S", self.suggestions.focus_queue),
        ]

    def install(self, bar: QMenuBar) -> dict[str, QAction]:
        return install_menu(self.ws.host, bar, "&Intelligence", self.entries())
