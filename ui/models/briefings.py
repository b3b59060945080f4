"""The briefings listed (title, shift, version, how many of the team have read the latest), an
open pack's receipts per callsign and the changes offered for it: each kept current by the
live state's briefing notices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from controlroom.contract.briefings import BriefingItem, BriefingOffer, BriefingReceipt
from controlroom.live.briefings import Pack
from controlroom.live.state import Change, LiveState, epoch
from controlroom.localtime import day_and_clock
from ui.models.base import LiveTableModel, SortRole
from ui.models.listing import RowsModel
from ui.models.palette import STALE

TITLE, SHIFT, READ = range(3)
CALLSIGN, READ_VERSION, READ_AT, ACKED = range(4)
CHANGE, REASON, ITEM = range(3)
Display = Qt.ItemDataRole.DisplayRole
DAY_S = 86400.0
CHANGE_WORDS = {"add": "Add", "update": "Update", "withdraw": "Withdraw"}


def shift_words(start: str, end: str) -> str:
    """ "Tue 01 Dec 19:00–05:00" for a shift of a day or less, else both days (local time)."""
    first, last = day_and_clock(start, now=0), day_and_clock(end, now=0)
    began, ends = epoch(start), epoch(end)
    if began is not None and ends is not None and 0 < ends - began <= DAY_S:
        return f"{first}–{last[-5:]}"
    return f"{first} – {last}" if last else first


def read_words(state: LiveState, briefing_id: int) -> str:
    """ "3 of 8": how many of the team have read the latest version."""
    teams: dict[str, int] = {}
    for unit in state.units.values():
        if unit.team:
            teams[unit.team] = teams.get(unit.team, 0) + 1
    board = state.briefings
    read, heard = board.read_latest(briefing_id), len(board.receipts.get(briefing_id, {}))
    return f"{read} of {max(heard, board.team_size(briefing_id, teams))}"


class BriefingsModel(LiveTableModel):
    section = "briefings"
    HEADERS = ("Briefing", "Shift", "Read")  # "v2: 5 of 8"

    def items(self) -> dict[Any, Any]:
        return self.state.briefings.packs

    def ordered_keys(self) -> list:
        packs = self.state.briefings.packs
        return sorted(packs, key=lambda k: (packs[k].shift_start, k), reverse=True)

    def item_data(self, key: int, pack: Pack, column: int, role: int) -> object:
        if role in (Display, SortRole):
            return self._text(pack, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Team {self._team(pack)}" if pack.team else None
        return None

    @staticmethod
    def _team(pack: Pack) -> str:
        return pack.team if isinstance(pack.team, str) else ", ".join(pack.team)

    def _text(self, pack: Pack, column: int) -> str:
        if column == TITLE:
            return pack.title
        if column == SHIFT:  # the day's name left to the pack's own header
            return shift_words(pack.shift_start, pack.shift_end)[4:]
        if pack.version == 0:
            return "draft"
        return f"v{pack.version}: {read_words(self.state, pack.id)}"


class ReceiptsModel(RowsModel):
    """One row per callsign of the team: the version read and when, the items acknowledged
    of those the sergeant asked for."""

    HEADERS = ("Callsign", "Read", "When", "Acknowledged")
    KEY = "callsign"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.version = 0
        self.asked: dict[str, str] = {}  # item id -> title, of the items to acknowledge

    def show(
        self, team: list[str], held: dict[str, BriefingReceipt], version: int, items: list
    ) -> None:
        self.version = version
        self.asked = {i.id: i.title for i in items if i.acknowledge}
        unread = [BriefingReceipt(callsign=c, version=0, read_at="") for c in team]
        rows = {r.callsign: r for r in unread} | held
        self.set_rows(sorted(rows.values(), key=lambda r: (r.version == 0, r.callsign)))

    def row_data(self, row: BriefingReceipt, column: int, role: int) -> Any:
        if role == Display:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and row.version < self.version:
            return STALE
        if role == Qt.ItemDataRole.ToolTipRole and column == ACKED:
            titles = [self.asked.get(i, i) for i in row.items_acknowledged]
            return "\n".join(titles) or None
        return None

    def _text(self, row: BriefingReceipt, column: int) -> str:
        if column == CALLSIGN:
            return row.callsign
        if row.version == 0:
            return "not read" if column == READ_VERSION else ""
        if column == READ_VERSION:
            older = " (older)" if row.version < self.version else ""
            return f"v{row.version}{older}"
        if column == READ_AT:
            return day_and_clock(row.read_at)
        done = [i for i in row.items_acknowledged if i in self.asked]
        if not self.asked:
            return f"{len(row.items_acknowledged)} items" if row.items_acknowledged else "—"
        return f"{len(done)} of {len(self.asked)}"


def offer_title(offer: BriefingOffer, items: dict[str, BriefingItem]) -> str:
    if offer.item is not None:
        return offer.item.title
    held = items.get(offer.item_id or "")
    return held.title if held is not None else (offer.item_id or "")


class OffersModel(RowsModel):
    HEADERS = ("Change", "Why", "Item")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: dict[str, BriefingItem] = {}

    def show(self, offers: list[BriefingOffer], items: list[BriefingItem]) -> None:
        self.items = {i.id: i for i in items}
        self.set_rows(offers)

    def row_data(self, row: BriefingOffer, column: int, role: int) -> Any:
        if role == Display:
            if column == CHANGE:
                return CHANGE_WORDS.get(row.change, row.change)
            return row.reason if column == REASON else offer_title(row, self.items)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.reason
        return None


def listed_change(change: Change, briefing_id: int | None, section: str) -> bool:
    """Whether a notice concerns the open pack's ``section``."""
    return change.section == section and (change.reset or briefing_id in change.keys)
