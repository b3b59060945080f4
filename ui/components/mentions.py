"""The records a capture mentions, under its record: each person, vehicle, phone and address
with how it was linked (automatically, confirmed by an analyst, or suggested and waiting) and
why; Enter or a click opens the record's page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.entities import EntityLink
from controlroom.live.state import LiveState

IdRole = Qt.ItemDataRole.UserRole
LINKED = {"auto": "linked", "confirmed": "confirmed by an analyst", "suggested": "may be"}
ROWS_SHOWN = 5


def link_words(link: EntityLink) -> str:
    how = LINKED.get(link.linked, link.linked)
    if link.linked == "suggested":
        text = f"{link.kind}: may be {link.label} ({link.score:.0%}, waiting for review)"
    else:
        text = f"{link.kind}: {link.label} ({how})"
    written = {m.written for m in link.mentions if m.written and m.written != link.label}
    return text + (f" — written “{'”, “'.join(sorted(written)[:2])}”" if written else "")


class MentionsList(QWidget):
    entity_opened = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel("Mentioned (Enter opens the record)", self)
        self.list = QListWidget(self)
        self.list.setObjectName("captureMentions")
        self.list.itemActivated.connect(self._opened)
        self.list.itemDoubleClicked.connect(self._opened)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.list)
        self.hide()

    def clear_links(self) -> None:
        self.list.clear()
        self.hide()

    def show_links(self, links: list[EntityLink]) -> None:
        self.list.clear()
        for link in links:
            item = QListWidgetItem(link_words(link))
            item.setData(IdRole, link.id)
            item.setToolTip("; ".join(link.reasons) or "the same written form")
            self.list.addItem(item)
        rows = min(max(len(links), 1), ROWS_SHOWN)
        self.list.setFixedHeight(rows * self.list.sizeHintForRow(0) + 6 if links else 0)
        self.setVisible(bool(links))

    def refused(self, detail: str) -> None:
        self.list.clear()
        self.list.addItem(QListWidgetItem(f"Records not shown: {detail}"))
        self.list.setFixedHeight(self.list.sizeHintForRow(0) + 6)
        self.show()

    def ids(self) -> list[int]:
        items = (self.list.item(row) for row in range(self.list.count()))
        return [int(i.data(IdRole)) for i in items if i.data(IdRole) is not None]

    def _opened(self, item: QListWidgetItem) -> None:
        ident = item.data(IdRole)
        if ident is not None:
            self.entity_opened.emit(int(ident))


async def load_mentions(
    state: LiveState,
    client: HubClient,
    shown: MentionsList,
    capture_id: str,
    current: Callable[[], str | None],
) -> None:
    """What a capture mentions, as the linker left it (the live state's, else the hub's), shown
    while ``current()`` is still that capture; a role the hub refuses them is told why."""
    known = state.links.get(capture_id)
    if known is None:
        try:
            known = await client.capture_entities(capture_id)
        except HubError as exc:
            if capture_id == current():
                shown.refused(exc.detail)
            return
    if capture_id == current():
        shown.show_links(known)
