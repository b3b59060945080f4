"""Documents of the sergeant's briefing: a pack proposed by the hub from what it holds, edited by
the sergeant, published to the devices of a team in versions, and read and acknowledged by each
officer. Sections follow IIMARCH (information, intent, method, administration, risk,
communications, humanitarian issues) plus the people, vehicles and places to look out for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from msgspec import Meta, Struct, field

if TYPE_CHECKING:  # plain str for the type checker, checked codes for msgspec (as in codes.py)
    SectionCode = str
    ItemKindCode = str
    BriefingStateCode = str
else:
    SectionCode = Literal[
        "information",
        "intent",
        "method",
        "administration",
        "risk",
        "communications",
        "humanitarian",
        "people",
        "vehicles",
        "places",
    ]
    ItemKindCode = Literal[
        "incident",  # an incident in the area since the team was last on
        "intelligence",  # a graded capture (sanitised text where the reader is not cleared)
        "person",  # wanted, missing, on bail conditions: from the entity pages
        "vehicle",  # a vehicle with a marker
        "place",  # an address to visit, a place of interest
        "hotspot",  # a cell of the heat map the area stands out in
        "task",  # a patrol plan, an enquiry, an address to visit: assignable to a callsign
        "note",  # the sergeant's own free text
    ]
    BriefingStateCode = Literal["draft", "published"]

# The order sections are read out in (and printed in).
SECTIONS: tuple[str, ...] = (
    "information",
    "intent",
    "method",
    "administration",
    "risk",
    "communications",
    "humanitarian",
    "people",
    "vehicles",
    "places",
)
SECTION_TITLES: dict[str, str] = {
    "information": "Information",
    "intent": "Intent",
    "method": "Method",
    "administration": "Administration",
    "risk": "Risk assessment",
    "communications": "Communications",
    "humanitarian": "Humanitarian issues",
    "people": "People of interest",
    "vehicles": "Vehicles of interest",
    "places": "Places of interest",
}

Title = Annotated[str, Meta(min_length=1, max_length=200)]
Text = Annotated[str, Meta(max_length=4000)]
ItemId = Annotated[str, Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:,-]+$")]
Callsign = Annotated[str, Meta(min_length=1, max_length=40)]


class BriefingArea(Struct, kw_only=True, omit_defaults=True):
    """Where the briefing is for: a district (local policing area) by name, wards by name, a
    bounding box [W, S, E, N] or a drawn polygon of [lat, lon] points. Exactly one is set."""

    district: str | None = None
    wards: list[str] | None = None
    bbox: list[float] | None = None
    polygon: list[list[float]] | None = None


class BriefingItem(Struct, kw_only=True):
    """One item of a pack. ``id`` is stable across versions (so a device can tell an item
    changed from one withdrawn); ``source`` says in words where it came from ("incident
    20261201-0042", "capture 7f3a… graded 2-B-P", "sergeant"); ``code`` is the 3x5x2 grading
    of its source where it has one; ``expires_at`` when it stops being worth reading out."""

    id: ItemId
    section: SectionCode
    kind: ItemKindCode
    title: Title
    text: Text = ""
    source: Annotated[str, Meta(max_length=200)] = "sergeant"
    ref: Annotated[str, Meta(max_length=80)] | None = None  # the incident, capture or entity id
    code: str | None = None  # 3x5x2, as "2-B-P"
    handling_code: str | None = None  # P, or C: then only for audiences cleared for it
    expires_at: str | None = None
    note: Text = ""  # the sergeant's annotation, read out with the item
    assigned_to: Callsign | None = None  # for a task: the callsign that carries it out
    acknowledge: bool = False  # the sergeant asks each officer to acknowledge this item
    lat: float | None = None
    lon: float | None = None
    photo: str | None = None  # an attachment id (a person's photo, a vehicle's)
    proposed: bool = False  # put in by the hub, not the sergeant


class Briefing(Struct, kw_only=True):
    """A pack: its draft items (what the sergeant is editing) and the version last published
    (0: never). ``callsigns`` is the team resolved to its units when the pack was made or
    last published."""

    id: int
    title: str
    area: BriefingArea
    shift_start: str
    shift_end: str
    team: str | list[str]
    callsigns: list[str] = field(default_factory=list)
    version: int = 0
    state: BriefingStateCode = "draft"
    items: list[BriefingItem] = field(default_factory=list)
    marking: str = "OFFICIAL-SENSITIVE"
    created_by: str = ""
    created_at: str = ""
    published_by: str | None = None
    published_at: str | None = None


class DeviceBriefing(Struct, kw_only=True):
    """A published version as a device holds it: only what an officer may read."""

    id: int
    version: int
    title: str
    shift_start: str
    shift_end: str
    items: list[BriefingItem] = field(default_factory=list)
    published_at: str = ""
    marking: str = "OFFICIAL-SENSITIVE"


class BriefingPublished(DeviceBriefing, kw_only=True):
    """``briefing.published``: a version reached the team. ``added``, ``changed`` and
    ``withdrawn`` are item ids against the version before (all of ``items`` are new in
    version 1); ``notice`` is what the device shows the officer."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    notice: str = ""


class BriefingItemWithdrawn(Struct, kw_only=True):
    """``briefing.item_withdrawn``: an item is no longer in the pack from ``version`` on; the
    device removes it."""

    id: int
    version: int
    item_id: str
    title: str = ""
    reason: str = ""


class BriefingReceipt(Struct, kw_only=True):
    """An officer read ``version`` at ``read_at`` and acknowledged these items."""

    callsign: str
    version: int
    read_at: str
    items_acknowledged: list[str] = field(default_factory=list)


class BriefingAcknowledged(BriefingReceipt, kw_only=True):
    """``briefing.acknowledged``: a receipt, live on the sergeant's desk."""

    id: int


class BriefingOffer(Struct, kw_only=True):
    """``briefing.offered``: something changed that a published pack should know of (a wanted
    person arrested, a missing person found, a vehicle recovered, new intelligence in the
    area): the item to add or change, or the item to withdraw."""

    id: int
    change: Literal["add", "update", "withdraw"]
    reason: str
    item: BriefingItem | None = None
    item_id: str | None = None


class BriefingSaved(Struct, kw_only=True):
    """``briefing.saved``: a draft was made or edited (workstations refresh their lists)."""

    id: int
    title: str
    version: int
    state: BriefingStateCode
    by: str
    items: int = 0
