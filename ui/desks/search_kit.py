"""Search and records for the desks without the analyst's kit (the dispatcher's, the sergeant's):
captures found by words, kind, window and an area drawn on the map, pinned there and read in
the desk's capture dock; a record's page (person, vehicle, phone, address) reached from what a
capture mentions, from a search by name or mark, and from a capture clicked on the map. What
the hub shows is what the role may see: code C is withheld by the hub for a role not cleared,
and merge and split are offered only to a role the hub lets link records."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenuBar

from controlroom.permissions import Can
from ui.components.actions import Entry, install_menu
from ui.components.capture_detail import CaptureDetailDock
from ui.components.entity_dock import EntityDock
from ui.components.search_dock import SearchDock
from ui.workstation import Workstation


def search_entries(search: SearchDock, entity: EntityDock) -> list[Entry]:
    """The keys of search and records, the same on every desk that has them."""
    return [
        ("search", "&Search captures…", "Ctrl+Shift+F", search.focus_words),
        ("draw_area", "&Draw an area to search", "Ctrl+Shift+D", search.draw_area),
        ("export_found", "&Export what was found…", None, search.export),
        ("find_record", "&Find a person, vehicle, phone…", "Ctrl+E", entity.focus_find),
    ]


class SearchKit:
    def __init__(self, ws: Workstation, detail: CaptureDetailDock):
        self.ws, self.detail = ws, detail
        self.search = SearchDock(ws.client, ws.tasks, ws.map_view, ws.host)
        self.search.capture_chosen.connect(detail.show_document)
        self.search.failed.connect(lambda text: ws.say(text, 15000))
        self.search.exported.connect(lambda path: ws.say(f"exported to {path}"))
        may_link = ws.may(Can.LINK_ENTITIES)
        self.entity = EntityDock(ws.state, ws.client, ws.tasks, ws.map_view, may_link, ws.host)
        detail.entity_opened.connect(self.entity.open_entity)
        self.entity.capture_opened.connect(detail.show_document)
        self.entity.failed.connect(lambda text: ws.say(text, 15000))
        self.entity.changed.connect(ws.say)

    def entries(self) -> list[Entry]:
        return search_entries(self.search, self.entity)

    def install(self, bar: QMenuBar) -> dict[str, QAction]:
        return install_menu(self.ws.host, bar, "&Search", self.entries(), ("export_found",))
