"""The briefings as a workstation follows them: the packs listed, each pack's receipts (who read
which version when, and which items they acknowledged) and the changes offered for it. The desk
loads them from the hub (they are not in the snapshot); the stream's briefing events keep them
current, applied through ``LiveState`` so that a duplicate is ignored by its seq."""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec

from controlroom.contract.briefings import (
    Briefing,
    BriefingAcknowledged,
    BriefingItemWithdrawn,
    BriefingOffer,
    BriefingPublished,
    BriefingReceipt,
    BriefingSaved,
)


class Pack(msgspec.Struct, kw_only=True):
    """A line of the list of briefings: enough to choose one and see how far it has reached."""

    id: int
    title: str
    version: int = 0
    state: str = "draft"
    shift_start: str = ""
    shift_end: str = ""
    team: str | list[str] = ""
    callsigns: list[str] = msgspec.field(default_factory=list)
    items: int = 0
    published_at: str | None = None
    withdrawn: list[str] = msgspec.field(default_factory=list)  # item ids, latest version


def pack_of(briefing: Briefing) -> Pack:
    return Pack(
        id=briefing.id,
        title=briefing.title,
        version=briefing.version,
        state=briefing.state,
        shift_start=briefing.shift_start,
        shift_end=briefing.shift_end,
        team=briefing.team,
        callsigns=list(briefing.callsigns),
        items=len(briefing.items),
        published_at=briefing.published_at,
    )


def team_words(team: str | list[str]) -> str:
    return team if isinstance(team, str) else ", ".join(team)


def offer_key(offer: BriefingOffer) -> str:
    """One offer per item and change: the same news offered twice is shown once."""
    item = offer.item.id if offer.item is not None else (offer.item_id or "")
    return f"{offer.change}:{item}"


@dataclass
class BriefingBoard:
    packs: dict[int, Pack] = field(default_factory=dict)
    receipts: dict[int, dict[str, BriefingReceipt]] = field(default_factory=dict)
    offers: dict[int, dict[str, BriefingOffer]] = field(default_factory=dict)

    # ---- loaded from the hub -------------------------------------------------------------

    def load(self, packs: list[Pack]) -> None:
        """The list as the hub gives it (without the team's callsigns: those known stay)."""
        known = self.packs
        self.packs = {p.id: p for p in packs}
        for pack in packs:
            if not pack.callsigns and pack.id in known:
                pack.callsigns = known[pack.id].callsigns

    def take(self, briefing: Briefing) -> bool:
        """A briefing read whole (made, opened, saved); whether it is new to the list."""
        added = briefing.id not in self.packs
        self.packs[briefing.id] = pack_of(briefing)
        return added

    def load_receipts(self, briefing_id: int, receipts: list[BriefingReceipt]) -> None:
        self.receipts[briefing_id] = {r.callsign: r for r in receipts}

    def load_offers(self, briefing_id: int, offers: list[BriefingOffer]) -> None:
        self.offers[briefing_id] = {offer_key(o): o for o in offers}

    # ---- from the stream -----------------------------------------------------------------

    def apply(self, p: msgspec.Struct) -> tuple[str | None, bool]:
        """(the section that changed, or None; whether the pack is new to the list)."""
        if isinstance(p, BriefingSaved):
            return "briefings", self.saved(p)
        if isinstance(p, BriefingPublished):
            return "briefings", self.published(p)
        if isinstance(p, BriefingItemWithdrawn):
            return ("briefings" if self.item_withdrawn(p) else None), False
        if isinstance(p, BriefingAcknowledged):
            self.acknowledged(p)
            return "briefing_receipts", False
        if isinstance(p, BriefingOffer):
            self.offered(p)
            return "briefing_offers", False
        return None, False

    def saved(self, p: BriefingSaved) -> bool:
        known = self.packs.get(p.id)
        if known is None:
            self.packs[p.id] = Pack(id=p.id, title=p.title, version=p.version, state=p.state)
            return True
        known.title, known.version, known.state, known.items = p.title, p.version, p.state, p.items
        return False

    def published(self, p: BriefingPublished) -> bool:
        known = self.packs.get(p.id)
        added = known is None
        if known is None:
            known = self.packs[p.id] = Pack(id=p.id, title=p.title)
        if p.version >= known.version:
            known.title, known.version, known.state = p.title, p.version, "published"
            known.shift_start, known.shift_end = p.shift_start, p.shift_end
            known.items, known.published_at = len(p.items), p.published_at
            known.withdrawn = list(p.withdrawn)
        return added

    def item_withdrawn(self, p: BriefingItemWithdrawn) -> bool:
        known = self.packs.get(p.id)
        if known is None or p.version < known.version or p.item_id in known.withdrawn:
            return False
        known.withdrawn.append(p.item_id)
        return True

    def acknowledged(self, p: BriefingAcknowledged) -> None:
        """The first ack of a version is its read; a later one adds items; a receipt of an
        older version (arriving late) never replaces a newer one."""
        held = self.receipts.setdefault(p.id, {})
        known = held.get(p.callsign)
        receipt = BriefingReceipt(
            callsign=p.callsign,
            version=p.version,
            read_at=p.read_at,
            items_acknowledged=list(p.items_acknowledged),
        )
        if known is not None and known.version > p.version:
            return
        if known is not None and known.version == p.version:
            items = known.items_acknowledged + [
                i for i in p.items_acknowledged if i not in known.items_acknowledged
            ]
            receipt = BriefingReceipt(
                callsign=p.callsign,
                version=p.version,
                read_at=known.read_at or p.read_at,
                items_acknowledged=items,
            )
        held[p.callsign] = receipt

    def offered(self, p: BriefingOffer) -> None:
        self.offers.setdefault(p.id, {})[offer_key(p)] = p

    # ---- reading and deciding ------------------------------------------------------------

    def waiting_offers(self, briefing_id: int) -> list[BriefingOffer]:
        return list(self.offers.get(briefing_id, {}).values())

    def settle_offer(self, briefing_id: int, offer: BriefingOffer) -> bool:
        """Accepted into the draft or dismissed: the offer leaves the list."""
        return self.offers.get(briefing_id, {}).pop(offer_key(offer), None) is not None

    def read_latest(self, briefing_id: int) -> int:
        """How many of the team have read the latest version."""
        pack = self.packs.get(briefing_id)
        if pack is None or pack.version == 0:
            return 0
        held = self.receipts.get(briefing_id, {}).values()
        return sum(1 for r in held if r.version >= pack.version)

    def team_size(self, briefing_id: int, teams: dict[str, int]) -> int:
        """The callsigns the hub resolved the team to, else those listed, else how many
        units are in the team now (``teams``: units by team name)."""
        pack = self.packs.get(briefing_id)
        if pack is None:
            return 0
        if pack.callsigns:
            return len(pack.callsigns)
        if isinstance(pack.team, list):
            return len(pack.team)
        return teams.get(pack.team, 0)
