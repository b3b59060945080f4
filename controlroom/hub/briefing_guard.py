"""What a briefing item may say: material under handling code C never leaves the hub in a
pack. An item made from a capture that roles not cleared for C see only sanitised (graded, or
restricted) carries the capture's sanitised text and nothing else of it, whatever the draft
sent; an item assigned to a callsign names a unit the hub knows."""

from __future__ import annotations

from sqlalchemy import select

from controlroom.contract.briefings import BriefingItem
from controlroom.hub.capture_fields import is_restricted
from controlroom.hub.dissemination import FULL, row_visibility
from controlroom.hub.errors import invalid
from controlroom.hub.writer import Tx
from controlroom.store.schema import Capture, Unit

CAPTURES, UNITS = Capture.__table__, Unit.__table__
WITHHELD_TITLE = "Intelligence (sanitised)"


def capture_of(item: BriefingItem) -> str | None:
    """The capture an item was made from, by its id (``capture:<id>``) or its ref."""
    if item.id.startswith("capture:"):
        return item.id.removeprefix("capture:")
    if item.kind == "intelligence" and item.ref:
        return item.ref
    return None


def guarded(tx: Tx, items: list[BriefingItem]) -> list[BriefingItem]:
    """The items as a pack may hold them (see the module's docstring)."""
    ids = {cid for cid in map(capture_of, items) if cid}
    rows = {}
    if ids:
        found = tx.execute(select(CAPTURES).where(CAPTURES.c.id.in_(sorted(ids))))
        rows = {row.id: row for row in found}
    _known_callsigns(tx, items)
    for n, item in enumerate(items):
        if item.handling_code == "C" and capture_of(item) not in rows:
            raise invalid(
                f"items[{n}] ({item.id}): only an item made from a capture may be marked C "
                "(and then carries its sanitised text alone)"
            )
    return [_guard(item, rows.get(capture_of(item) or "")) for item in items]


def _guard(item: BriefingItem, capture) -> BriefingItem:
    if capture is None or row_visibility(capture) == FULL:
        return item
    restricted = is_restricted(capture.handling_code)
    sanitised = capture.sanitised_text or ""
    item.text = sanitised
    item.handling_code = "C" if restricted else (capture.handling_code or "P")
    if restricted:
        item.title = (sanitised.splitlines() or [WITHHELD_TITLE])[0][:200] or WITHHELD_TITLE
        item.photo = None
    return item


def _known_callsigns(tx: Tx, items: list[BriefingItem]) -> None:
    named = {item.assigned_to for item in items if item.assigned_to}
    if not named:
        return
    known = set(
        tx.execute(select(UNITS.c.callsign).where(UNITS.c.callsign.in_(sorted(named)))).scalars()
    )
    for n, item in enumerate(items):
        if item.assigned_to and item.assigned_to not in known:
            raise invalid(f"items[{n}] ({item.id}): no unit with call sign {item.assigned_to}")
