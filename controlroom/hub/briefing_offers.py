"""The changes to offer the sergeant for a published pack: what the hub would propose now,
against the items the published version took from the hub.

- **withdraw**: an item whose source no longer holds: the wanted person arrested, the missing
  person found, the vehicle recovered (every marker of the record ended: the reason says how)
  and the address that was to be visited for them, the incident closed since the version was
  published, the intelligence no longer disseminated as it was, the task finished;
- **update**: the same source says something else now (a record's markers, a regrading, a
  rewritten sanitised text, an incident re-graded);
- **add**: intelligence graded, or a person or vehicle marked, since the pack was made (an item
  the sergeant took out of the draft is not offered again: its source is older than the pack).

Hotspots and the intent, administration, communications and risk items are the sergeant's
to refresh: they are never offered (blocking: run in a worker thread)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

import msgspec
from sqlalchemy import Connection, select

from controlroom.contract.briefings import Briefing, BriefingItem, BriefingOffer
from controlroom.hub.briefing_markers import records
from controlroom.hub.briefing_people import of_interest
from controlroom.hub.briefing_proposal import items_for, window_of
from controlroom.hub.briefing_window import Window, when
from controlroom.store.schema import Capture, Incident, Task
from controlroom.timeutil import parse_iso
from controlroom.vocabulary import OPEN_TASK_STATES

CAPTURES, INCIDENTS, TASKS = Capture.__table__, Incident.__table__, Task.__table__
FOLLOWED_KINDS = ("incident", "intelligence", "person", "vehicle", "place", "task")
VISITED_FOR = re.compile(r"person record (\d+)")  # in a place item's source (briefing_people)
COMPARED = ("title", "code", "handling_code", "section")
KEPT_FROM_SERGEANT = ("note", "acknowledge", "assigned_to")


def offers(
    connection: Connection, briefing: Briefing, published_items: Iterable[BriefingItem]
) -> list[BriefingOffer]:
    """Every change to offer for the published version whose items are `published_items`."""
    published = {i.id: i for i in published_items if i.proposed and i.kind in FOLLOWED_KINDS}
    window = window_of(
        connection,
        briefing.area,
        _moment(briefing.shift_start),
        _moment(briefing.shift_end),
        briefing.callsigns,
        briefing.team,
    )
    found = of_interest(connection, window)
    now = {i.id: i for i in items_for(connection, window, found)}
    made_at = parse_iso(briefing.created_at) if briefing.created_at else window.shift_start
    published_at = parse_iso(briefing.published_at) if briefing.published_at else made_at
    out: list[BriefingOffer] = []
    for item_id, was in published.items():
        if item_id in now:
            if _changed(was, now[item_id]):
                out.append(_update(briefing.id, was, now[item_id]))
            continue
        reason = _no_longer(connection, window, was, published_at)
        if reason:
            out.append(
                BriefingOffer(id=briefing.id, change="withdraw", reason=reason, item_id=item_id)
            )
    new = _new_since(connection, found, made_at, [i for i in now.values() if i.id not in published])
    out += [
        BriefingOffer(id=briefing.id, change="add", reason=why, item=i, item_id=i.id)
        for i, why in new
    ]
    return out


def _moment(text: str) -> datetime:
    return datetime.fromtimestamp(parse_iso(text), UTC)


def _changed(was: BriefingItem, now: BriefingItem) -> bool:
    if any(getattr(was, name) != getattr(now, name) for name in COMPARED):
        return True
    return was.kind == "intelligence" and was.text != now.text


def _update(briefing_id: int, was: BriefingItem, now: BriefingItem) -> BriefingOffer:
    kept = {name: getattr(was, name) for name in KEPT_FROM_SERGEANT}
    item = msgspec.structs.replace(now, **kept)
    what = [name for name in COMPARED if getattr(was, name) != getattr(now, name)] or ["text"]
    reason = f"{was.source}: {', '.join(what)} changed (now {now.title!r})"
    return BriefingOffer(id=briefing_id, change="update", reason=reason, item=item, item_id=item.id)


def _no_longer(
    connection: Connection, window: Window, was: BriefingItem, published_at: float
) -> str:
    """Why the source of a published item no longer holds ("" if it still does and has only
    fallen out of the proposal's limits)."""
    ref = was.ref or was.id.split(":", 1)[-1]
    if was.kind in ("person", "vehicle"):
        return _record_ended(connection, window, int(ref), was.kind)
    if was.kind == "place":
        person = VISITED_FOR.search(was.source)
        ended = _record_ended(connection, window, int(person[1]), "person") if person else ""
        return f"no longer to visit: {ended}" if ended else ""
    if was.kind == "incident":
        row = connection.execute(select(INCIDENTS).where(INCIDENTS.c.id == int(ref))).first()
        if row is None:
            return f"incident {ref} is no longer held"
        if row.status == "closed" and (row.closed_at or 0) >= published_at:
            return f"incident {ref} closed {when(row.closed_at)}"
        return ""
    if was.kind == "intelligence":
        return _intelligence_ended(connection, ref)
    row = connection.execute(select(TASKS.c.state).where(TASKS.c.id == int(ref))).first()
    if row is None or row.state not in OPEN_TASK_STATES:
        return f"task {ref} {row.state if row else 'removed'}"
    return ""


def _record_ended(connection: Connection, window: Window, entity_id: int, kind: str) -> str:
    record = records(connection, {entity_id: kind}, window.until).get(entity_id)
    if record is None or record.live():
        return ""
    ended = sorted((m for m in record.markers.values()), key=lambda m: m.ended_at or 0)
    return "; ".join(f"{m.kind}: {m.ended}" for m in ended) if ended else ""


def _intelligence_ended(connection: Connection, capture_id: str) -> str:
    c = CAPTURES.c
    row = connection.execute(
        select(c.handling_code, c.graded_at, c.sanitised_text).where(c.id == capture_id)
    ).first()
    if row is None:
        return f"capture {capture_id[:8]} is no longer held"
    if row.graded_at is None or row.handling_code not in ("P", "C") or not row.sanitised_text:
        return f"capture {capture_id[:8]} is no longer graded for sharing"
    return ""


def _new_since(
    connection: Connection, found: dict, made_at: float, candidates: list[BriefingItem]
) -> list[tuple[BriefingItem, str]]:
    """The candidates whose source arose after the pack was made, with why they are offered."""
    out = []
    graded = _graded_at(connection, [i.ref or "" for i in candidates if i.kind == "intelligence"])
    for item in candidates:
        if item.kind == "intelligence" and graded.get(item.ref or "", 0) > made_at:
            out.append((item, f"new intelligence in the area, graded {item.code}"))
        elif item.kind in ("person", "vehicle"):
            record = found.get(int(item.ref or 0))
            marked = [m for m in record.live() if m.at > made_at] if record else []
            if marked:
                words = ", ".join(f"{m.said!r} by {m.by} {when(m.at)}" for m in marked)
                out.append((item, f"newly marked {item.kind}: {words}"))
    return out


def _graded_at(connection: Connection, ids: list[str]) -> dict[str, float]:
    if not ids:
        return {}
    rows = connection.execute(
        select(CAPTURES.c.id, CAPTURES.c.graded_at).where(CAPTURES.c.id.in_(ids))
    )
    return {r.id: r.graded_at or 0.0 for r in rows}
