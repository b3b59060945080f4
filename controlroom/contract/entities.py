"""Documents of entities: what a capture mentions, a record's page, searches and the
suggestions waiting for an analyst. Labels and attributes are only ever made from captures the
reader may see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from msgspec import Meta, Struct, field

if TYPE_CHECKING:  # plain str for the type checker, checked codes for msgspec (as in codes.py)
    LinkCode = str
    EntityKindCode = str
else:
    LinkCode = Literal["auto", "suggested", "confirmed"]
    EntityKindCode = Literal["person", "vehicle", "phone", "address"]
Reason = Annotated[str, Meta(max_length=2000, description="why: kept with the decision")]
EntityId = Annotated[int, Meta(ge=1, le=2**53, description="an entity's id")]


class MentionRef(Struct, kw_only=True):
    """Where in a capture an entity is written, and how."""

    path: str
    written: str


class EntityLink(Struct, kw_only=True):
    """One entity a capture mentions: linked automatically, suggested for review, or confirmed
    by an analyst; with the score and the reasons."""

    id: int
    kind: EntityKindCode
    label: str
    linked: LinkCode
    score: float
    reasons: list[str] = field(default_factory=list)
    mentions: list[MentionRef] = field(default_factory=list)
    suggestion: int | None = None  # the suggestion to decide, when linked is "suggested"


class CaptureEntities(Struct, kw_only=True):
    """``quoting``: on the stream, the other captures whose mentions its reasons quote (the
    event is withheld from a reader who may not see one of them in full)."""

    capture_id: str
    entities: list[EntityLink] = field(default_factory=list)
    quoting: list[str] = field(default_factory=list)


class Claim(Struct, kw_only=True):
    """A value an attribute has been given, the grade of the best capture saying it, and which
    captures say it."""

    value: str
    grade: str | None = None
    captures: list[str] = field(default_factory=list)
    last_seen: str | None = None


class Sighting(Struct, kw_only=True):
    """A capture mentioning the entity: when, where, how graded, in what role."""

    capture_id: str
    kind: str
    at: str
    lat: float
    lon: float
    summary: str = ""
    grading: str | None = None  # 3x5x2, as "2-B-P"
    handling_code: str | None = None
    roles: list[str] = field(default_factory=list)


class Related(Struct, kw_only=True):
    id: int
    kind: EntityKindCode
    label: str
    via: str  # "phone", "address", "drives", "driven by", "shares address", "mentioned with"...
    captures: list[str] = field(default_factory=list)


class Decision(Struct, kw_only=True):
    id: int
    action: str  # merge, split, link, not_same, unsure
    other: int | None = None
    by: str
    at: str | None = None
    note: str = ""
    captures: list[str] = field(default_factory=list)


class EntityPage(Struct, kw_only=True):
    id: int
    kind: EntityKindCode
    label: str
    attributes: dict[str, str] = field(default_factory=dict)
    claims: dict[str, list[Claim]] = field(default_factory=dict)
    captures: list[str] = field(default_factory=list)  # newest first
    timeline: list[Sighting] = field(default_factory=list)  # oldest first
    related: list[Related] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    suggestions: list[int] = field(default_factory=list)  # open ones about this record


class EntitySummary(Struct, kw_only=True):
    id: int
    kind: EntityKindCode
    label: str
    captures: int
    last_seen: str | None = None


class EntitySearch(Struct, kw_only=True):
    entities: list[EntitySummary] = field(default_factory=list)


class SuggestionSide(Struct, kw_only=True):
    """A record (``entity``), or a mention waiting for one (``entity`` None, ``capture_id`` and
    ``path`` say where it is written)."""

    entity: int | None = None
    label: str
    captures: list[str] = field(default_factory=list)
    capture_id: str | None = None
    path: str | None = None


class Suggestion(Struct, kw_only=True):
    """``record`` may be the same as ``candidate``. Status: pending, unsure, linked, not_same,
    closed (overtaken by another decision)."""

    id: int
    kind: EntityKindCode
    status: str
    score: float
    reasons: list[str] = field(default_factory=list)
    record: SuggestionSide
    candidate: SuggestionSide
    created_at: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    note: str = ""


class Suggestions(Struct, kw_only=True):
    suggestions: list[Suggestion] = field(default_factory=list)
    seq: int = 0  # the event log position this list reflects


class EntityChange(Struct, kw_only=True):
    """A merge or a split: ``id`` kept its record, ``other`` gave or took ``captures``."""

    action: Literal["merge", "split"]
    id: int
    other: int
    captures: list[str] = field(default_factory=list)
    by: str


class EntityClosed(Struct, kw_only=True):
    """A record an amendment left with no mention: closed (``reopened`` false), or opened
    again when the same capture says it again (``reopened`` true)."""

    id: int
    kind: EntityKindCode
    label: str
    capture: str  # the amended capture that took back (or gave back) its only mention
    revision: int
    why: str
    at: str
    by: str
    reopened: bool = False


class MergeIn(Struct):
    other: EntityId
    note: Reason = ""


class SplitIn(Struct):
    captures: Annotated[
        list[Annotated[str, Meta(max_length=64)]], Meta(min_length=1, max_length=500)
    ]
    note: Reason = ""


class DecisionIn(Struct):
    decision: Literal["link", "not_same", "unsure"]
    note: Reason = ""
