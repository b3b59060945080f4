"""What the hub takes from a sergeant building a briefing, checked field by field: the area, the
shift, the team, and the items of a draft (ids made for free items that come without one,
duplicates refused naming the item). Every refusal is a 422 saying which field and why."""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct

from controlroom.contract.briefings import BriefingArea, BriefingItem, Title
from controlroom.hub.accounts import TEAM_NAME
from controlroom.hub.briefing_area import resolve
from controlroom.hub.errors import invalid
from controlroom.timeutil import parse_iso

MAX_ITEMS = 400
MAX_TEAM = 250  # callsigns named one by one
MAX_SHIFT_S = 24 * 3600.0
ITEM_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
CALLSIGN = re.compile(r"^[A-Za-z0-9 ._/-]{1,32}$")
TEAM = TEAM_NAME
MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE")

Team = str | list[str]


class BriefingIn(Struct, forbid_unknown_fields=True):
    title: Title
    area: BriefingArea
    shift_start: str
    shift_end: str
    team: Team
    marking: str = "OFFICIAL-SENSITIVE"


class BriefingChangeIn(Struct, forbid_unknown_fields=True):
    """A PATCH: ``items`` replaces the draft's list whole (in its order); the rest, when given,
    replace what they name."""

    items: list[dict[str, Any]] | None = None
    title: Title | None = None
    shift_start: str | None = None
    shift_end: str | None = None
    team: Team | None = None
    marking: str | None = None


class AckIn(Struct, forbid_unknown_fields=True):
    version: Annotated[int, Meta(ge=1, le=1_000_000)]
    items: list[Annotated[str, Meta(min_length=1, max_length=64)]] = msgspec.field(
        default_factory=list
    )


def area_of(area: BriefingArea) -> BriefingArea:
    """The area, when it is exactly one of a known district, known wards, a box on the earth
    or a polygon of a sane size (an AreaError, a 422, saying what is wrong otherwise)."""
    resolve(area)
    return area


def shift_of(start: str, end: str) -> tuple[float, float]:
    """The shift as epoch seconds: both times with their zone, the end after the start."""
    try:
        begins = parse_iso(start)
        ends = parse_iso(end)
    except ValueError as exc:
        raise invalid(f"shift_start, shift_end: {exc}") from exc
    if ends <= begins:
        raise invalid("shift_end must be after shift_start")
    if ends - begins > MAX_SHIFT_S:
        raise invalid("a shift is at most 24 hours long")
    return begins, ends


def team_of(team: Team) -> Team:
    """A team's name, or the callsigns of its units (at least one, each once)."""
    if isinstance(team, str):
        if not TEAM.fullmatch(team):
            raise invalid("team: a team's name (letters, digits, spaces; ≤ 40) or callsigns")
        return team
    if not 1 <= len(team) <= MAX_TEAM:
        raise invalid(f"team: between 1 and {MAX_TEAM} callsigns")
    for callsign in team:
        if not CALLSIGN.fullmatch(callsign):
            raise invalid(f"team: {callsign[:40]!r} is not a callsign")
    if len(set(team)) != len(team):
        raise invalid("team: a callsign is named twice")
    return team


def marking_of(marking: str) -> str:
    if marking not in MARKINGS:
        raise invalid(f"marking: one of {', '.join(MARKINGS)}")
    return marking


def items_of(raw: list[dict[str, Any]]) -> list[BriefingItem]:
    """A draft's items in their order: each checked, free items given ids, no id twice."""
    if len(raw) > MAX_ITEMS:
        raise invalid(f"items: at most {MAX_ITEMS}")
    seen: set[str] = set()
    items = []
    for n, fields in enumerate(raw):
        item = _item(n, fields)
        if item.id in seen:
            raise invalid(f"items[{n}]: item {item.id} is in the list twice")
        seen.add(item.id)
        items.append(item)
    return items


def _item(n: int, fields: dict[str, Any]) -> BriefingItem:
    if not fields.get("id"):
        kind = fields.get("kind")
        fields = {**fields, "id": f"{'task' if kind == 'task' else 'note'}:{uuid.uuid4().hex}"}
    try:
        item = msgspec.convert(fields, BriefingItem)
    except msgspec.ValidationError as exc:
        raise invalid(f"items[{n}] ({str(fields.get('id'))[:64]}): {exc}") from exc
    where = f"items[{n}] ({item.id[:64]!r})"
    if not ITEM_ID.fullmatch(item.id):
        raise invalid(f"{where}: an id is letters, digits and ._:- (1 to 64)")
    if (item.lat is None) != (item.lon is None):
        raise invalid(f"{where}: give both lat and lon, or neither")
    if item.lat is not None and item.lon is not None and not _on_earth(item.lat, item.lon):
        raise invalid(f"{where}: lat in -90..90, lon in -180..180")
    if item.expires_at is not None:
        try:
            parse_iso(item.expires_at)
        except ValueError as exc:
            raise invalid(f"{where}: expires_at: {exc}") from exc
    if item.assigned_to is not None and not CALLSIGN.fullmatch(item.assigned_to):
        raise invalid(f"{where}: assigned_to is not a callsign")
    if item.code is not None and not re.fullmatch(r"[1-3]-[A-E]-[PC]", item.code):
        raise invalid(f"{where}: code is a 3x5x2 grading such as 2-B-P")
    if item.handling_code not in (None, "P", "C"):
        raise invalid(f"{where}: handling_code is P or C")
    if any(ord(ch) < 32 and ch not in "\t\n" for ch in item.title + item.text + item.note):
        raise invalid(f"{where}: text may not hold control characters")
    return item


def _on_earth(lat: float, lon: float) -> bool:
    return -90 <= lat <= 90 and -180 <= lon <= 180
