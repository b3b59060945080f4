"""The items a sergeant starts the spoken briefing from, made from the pack and the store (never
canned prose): intent (what this shift is for, from what the pack holds), administration (the
shift, the team, who is on), communications (each callsign's device and TAK group), risk (what
is known at the pack's places) and humanitarian issues (the missing and the vulnerable)."""

from __future__ import annotations

import re
from collections import Counter

import orjson
from sqlalchemy import Connection, func, select

from controlroom.contract.briefings import BriefingItem
from controlroom.hub.briefing_window import Window, body, iso, title, when
from controlroom.store.schema import Device, Incident, Unit

UNITS, DEVICES, INCIDENTS = Unit.__table__, Device.__table__, Incident.__table__
RISKS = {
    "knives": re.compile(r"\bknife|\bknives\b|\bblade", re.I),
    "weapons": re.compile(r"\bweapon|\bmachete|\bbat\b", re.I),
    "firearms": re.compile(r"\bfirearm|\bgun\b|\bshot\b", re.I),
    "violence": re.compile(r"\bviolen|\bassault|\bfight|\baggressi", re.I),
    "dogs": re.compile(r"\bdogs?\b", re.I),
    "domestic abuse": re.compile(r"\bdomestic\b|\bDASH\b"),
    "drugs": re.compile(r"\bdrug|\bcannabis|\bcocaine|\bheroin|\bdealing\b", re.I),
}
VULNERABLE = re.compile(
    r"\bmissing\b|\bvulnerable\b|\bwelfare\b|\bconcern for\b|\bmental health\b|\bcare home\b"
    r"|\belderly\b|\bchild\b|\bself.harm",
    re.I,
)


def _item(
    name: str, section: str, head: str, lines: list[str], source: str, w: Window
) -> BriefingItem:
    return BriefingItem(
        id=f"note:{name}",
        section=section,
        kind="note",
        title=title(head),
        text=body("\n".join(lines)),
        source=source,
        expires_at=iso(w.shift_end),
        proposed=True,
    )


def _said(item: BriefingItem) -> str:
    return f"{item.title} {item.text}"


def intent(w: Window, pack: list[BriefingItem]) -> BriefingItem:
    kinds = Counter(i.kind for i in pack)
    wanted = [i for i in pack if i.kind == "person" and i.title.startswith("Wanted")]
    lines = []
    if wanted:
        lines.append(f"Locate and arrest: {', '.join(i.title.split(': ', 1)[1] for i in wanted)}.")
    if missing := [i for i in pack if i.kind == "person" and "Missing" in i.title.split(":")[0]]:
        lines.append(
            f"Find and safeguard: {', '.join(i.title.split(': ', 1)[1] for i in missing)}."
        )
    if kinds["vehicle"]:
        lines.append(f"Look out for {kinds['vehicle']} vehicle(s) of interest (below).")
    if kinds["hotspot"]:
        where = "; ".join(i.title.removeprefix("Hotspot: ") for i in pack if i.kind == "hotspot")
        lines.append(f"Visible patrol of the hotspots: {where}.")
    if kinds["task"]:
        lines.append(f"Complete the {kinds['task']} open task(s) the team holds.")
    still_open = sum(1 for i in pack if i.kind == "incident" and "still open" in i.text)
    if still_open:
        lines.append(f"{still_open} incident(s) in the area are still open.")
    if not lines:
        lines.append(
            f"Nothing in {w.area.name} stands out since {when(w.since)}: reassurance patrol."
        )
    head = f"Intent: {w.area.name}, {when(w.shift_start)} to {when(w.shift_end)}"
    return _item("intent", "intent", head, lines, "from the items of this pack", w)


def administration(connection: Connection, w: Window) -> BriefingItem:
    units = _units(connection, w)
    lines = [
        f"Shift {when(w.shift_start)} to {when(w.shift_end)} (local time), {w.team_words()}.",
        f"Area: {w.area.name}. Pack covers from {when(w.since)} ({w.since_why}).",
    ]
    for callsign in w.callsigns:
        unit = units.get(callsign)
        state = f"{unit.status.replace('_', ' ')}, {unit.mode}" if unit else "not known to the hub"
        lines.append(f"{callsign}: {state}.")
    if not w.callsigns:
        lines.append("No callsigns are registered to this team yet.")
    head = f"Administration: {len(w.callsigns)} callsign(s) on {w.team_words()}"
    return _item("administration", "administration", head, lines, "units on the hub", w)


def _units(connection: Connection, w: Window) -> dict:
    if not w.callsigns:
        return {}
    devices = (
        select(DEVICES.c.unit_id, func.count().label("devices"))
        .where(DEVICES.c.revoked_at.is_(None))
        .group_by(DEVICES.c.unit_id)
        .subquery()
    )
    rows = connection.execute(
        select(UNITS, devices.c.devices)
        .outerjoin(devices, devices.c.unit_id == UNITS.c.id)
        .where(UNITS.c.callsign.in_(w.callsigns))
    ).all()
    return {r.callsign: r for r in rows}


def communications(connection: Connection, w: Window) -> BriefingItem:
    units = _units(connection, w)
    groups = sorted({u.team for u in units.values() if u.team})
    lines = [
        f"TAK group: {', '.join(groups)}."
        if groups
        else "No TAK group reported by the team's devices."
    ]
    for callsign in w.callsigns:
        unit = units.get(callsign)
        if unit is None or not unit.devices:
            lines.append(f"{callsign}: no device registered: brief on paper, updates by radio.")
            continue
        heard = f"last report {when(unit.last_seen)}" if unit.last_seen else "not reported yet"
        battery = f", battery {unit.battery_pct:.0f}%" if unit.battery_pct is not None else ""
        lines.append(f"{callsign}: {unit.devices} device(s), {heard}{battery}.")
    lines.append(
        "The pack and its updates go to every device of the team; acknowledge each version."
    )
    return _item(
        "communications", "communications", "Communications", lines, "devices on the hub", w
    )


def risk(connection: Connection, w: Window, pack: list[BriefingItem]) -> BriefingItem:
    found: dict[str, list[str]] = {}
    for item in pack:
        if item.kind in ("incident", "intelligence", "person", "vehicle"):
            for name, pattern in RISKS.items():
                if pattern.search(_said(item)):
                    found.setdefault(name, []).append(item.source)
    for row in _thrive(connection, w):
        for name, pattern in RISKS.items():
            if pattern.search(row.thrive):
                found.setdefault(name, []).append(f"incident {row.id} (THRIVE)")
    lines = [
        f"{name.capitalize()}: {', '.join(dict.fromkeys(sources))}."
        for name, sources in found.items()
    ]
    wanted = sum(1 for i in pack if i.kind == "person" and i.title.startswith("Wanted"))
    if wanted:
        lines.append(
            f"{wanted} wanted person(s) may resist arrest: request back-up before approaching."
        )
    if not lines:
        lines.append(
            "No risks recorded at the places in this pack; dynamic risk assessment as usual."
        )
    head = f"Risk: {', '.join(found) or 'none recorded'}"
    return _item("risk", "risk", head, lines, "the texts of this pack's items", w)


def _thrive(connection: Connection, w: Window) -> list:
    west, south, east, north = w.bbox
    rows = connection.execute(
        select(INCIDENTS.c.id, INCIDENTS.c.thrive, INCIDENTS.c.lat, INCIDENTS.c.lon)
        .where(
            INCIDENTS.c.lon.between(west, east),
            INCIDENTS.c.lat.between(south, north),
            INCIDENTS.c.raised_at.between(w.since, w.until),
            INCIDENTS.c.thrive != "{}",
        )
        .order_by(INCIDENTS.c.raised_at.desc())
        .limit(200)
    ).all()
    kept = []
    for r in rows:
        if w.area.contains(r.lat, r.lon):
            notes = orjson.loads(r.thrive) if r.thrive else {}
            kept.append(_Thrive(r.id, " ".join(str(v) for v in notes.values())))
    return kept


class _Thrive:
    __slots__ = ("id", "thrive")

    def __init__(self, incident_id: int, thrive: str):
        self.id, self.thrive = incident_id, thrive


def humanitarian(w: Window, pack: list[BriefingItem]) -> BriefingItem | None:
    """The missing and the vulnerable in the pack; none when there are none."""
    lines = [
        f"{item.title} ({item.source})."
        for item in pack
        if item.kind in ("incident", "person") and VULNERABLE.search(_said(item))
    ]
    if not lines:
        return None
    head = f"Humanitarian: {len(lines)} vulnerable or missing person(s) and incident(s)"
    return _item("humanitarian", "humanitarian", head, lines, "the items of this pack", w)
