"""The intelligence ensemble beside the review kit, for the intelligence officer and the
supervisor: search of captures with an area drawn on the map and exports, a record's page
(people, vehicles, phones, addresses) reached from a capture, a search or another record, and
the Intelligence menu with a key for each."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenuBar

from controlroom.permissions import Can
from ui.components.actions import Entry, install_menu
from ui.components.entity_dock import EntityDock
from ui.components.search_dock import SearchDock
from ui.desks.review_kit import ReviewKit
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

    def entries(self) -> list[Entry]:
        return [
            ("search", "&Search captures…", "Ctrl+Shift+F", self.search.focus_words),
            ("draw_area", "&Draw an area to search", "Ctrl+Shift+D", self.search.draw_area),
            ("export_found", "&Export what was found…", None, self.search.export),
            ("find_record", "&Find a person, vehicle, phone…", "Ctrl+E", self.entity.focus_find),
        ]

    def install(self, bar: QMenuBar) -> dict[str, QAction]:
        return install_menu(self.ws.host, bar, "&Intelligence", self.entries())
