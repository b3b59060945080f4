"""LiveState: what the control room knows now, from a snapshot and the events after it.

Events are applied idempotently by seq: one at or below the last applied seq is a duplicate and
is ignored; a jump in seq (events filtered out, or seqs used by rolled-back transactions) is
fine. A unit's position only moves forward in time. Listeners get plain ``Change`` notices.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from controlroom.timeutil import parse_iso

SECTIONS = ("units", "captures", "tasks", "incidents", "emergencies", "alerts")
DEFAULT_STALE_AFTER_S = 120.0


@dataclass(frozen=True)
class Change:
    """``keys`` of ``section`` were added or changed (``added`` is the subset that is new);
    ``reset`` means the whole section was replaced."""

    section: str
    keys: tuple = ()
    added: tuple = ()
    reset: bool = False


Listener = Callable[[Change], None]


def _epoch(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return parse_iso(text)
    except ValueError:
        return None


@dataclass
class LiveState:
    stale_after_s: float = DEFAULT_STALE_AFTER_S
    seq: int = 0
    units: dict[str, dict] = field(default_factory=dict)
    captures: dict[str, dict] = field(default_factory=dict)
    tasks: dict[int, dict] = field(default_factory=dict)
    incidents: dict[int, dict] = field(default_factory=dict)
    emergencies: dict[int, dict] = field(default_factory=dict)  # active until ended (latched)
    alerts: dict[str, dict] = field(default_factory=dict)  # unit.silent, by call sign, until seen
    last_acknowledged: dict | None = None  # the latest emergency acknowledgement, for all to see
    unseen: set[str] = field(default_factory=set)  # captures that arrived live, not yet opened
    applied: int = 0
    duplicates: int = 0
    last_event_at: float | None = None  # monotonic-free wall clock of the last applied event
    _capture_order: list[tuple[float, str]] = field(default_factory=list)  # (-at, id)
    _listeners: list[Listener] = field(default_factory=list)

    # ---- listening -----------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # ---- reading -------------------------------------------------------------------------

    def captures_newest_first(self) -> list[str]:
        return [ident for _, ident in self._capture_order]

    def is_stale(self, unit: dict, now: float | None = None) -> bool:
        """Stale: expected to report and silent. Off duty, a unit is not expected to."""
        if unit.get("status") == "off_duty":
            return False
        seen = unit.get("_seen")
        if seen is None:
            return True
        return (now if now is not None else time.time()) - seen > self.stale_after_s

    # ---- snapshot ------------------------------------------------------------------------

    def load_snapshot(self, snapshot: dict[str, Any], now: float | None = None) -> None:
        """Replace everything with ``snapshot``; events after its seq follow."""
        now = now if now is not None else time.time()
        self.seq = int(snapshot.get("seq") or 0)
        self.units = {}
        for unit in snapshot.get("units", ()):
            self._put_unit(dict(unit), now)
        self.captures, self._capture_order, self.unseen = {}, [], set()
        for capture in snapshot.get("captures", ()):
            self._put_capture(dict(capture))
        self.tasks = {t["id"]: dict(t) for t in snapshot.get("tasks", ())}
        self.incidents = {i["id"]: dict(i) for i in snapshot.get("incidents", ())}
        self.emergencies = {e["id"]: dict(e) for e in snapshot.get("emergencies") or ()}
        for callsign in self.units:
            self._flag_emergency(callsign)
        self.alerts = {}
        for section in SECTIONS:
            self._notify(Change(section, reset=True))

    def _flag_emergency(self, callsign: str) -> bool:
        """Whether the unit's emergency flag changed (it follows the active emergencies)."""
        unit = self.units.get(callsign)
        if unit is None:
            return False
        active = any(e.get("callsign") == callsign for e in self.emergencies.values())
        changed = bool(unit.get("emergency")) != active
        unit["emergency"] = active
        return changed

    def _put_unit(self, unit: dict, now: float) -> None:
        unit["_seen"] = _epoch(unit.get("last_seen"))
        unit["stale"] = self.is_stale(unit, now)
        self.units[unit["callsign"]] = unit

    def _put_capture(self, capture: dict) -> bool:
        ident = capture["id"]
        if ident in self.captures:
            self.captures[ident].update(capture)
            return False
        self.captures[ident] = capture
        key = (-(_epoch(capture.get("at")) or 0.0), ident)
        bisect.insort(self._capture_order, key)
        return True

    # ---- events --------------------------------------------------------------------------

    def apply(self, event: dict[str, Any], now: float | None = None) -> bool:
        """Apply one event document ({"seq","type","subject","at","payload"}). Returns False
        for a duplicate (seq already applied)."""
        seq = int(event.get("seq") or 0)
        if seq <= self.seq:
            self.duplicates += 1
            return False
        self.seq = seq
        self.applied += 1
        self.last_event_at = now if now is not None else time.time()
        handler = _HANDLERS.get(event.get("type", ""))
        if handler is not None:
            change = handler(self, event.get("payload") or {}, self.last_event_at)
            if change is not None:
                self._notify(change)
        return True

    def _unit_created(self, p: dict, now: float) -> Change | None:
        callsign = p["callsign"]
        if callsign in self.units:
            self.units[callsign].update({k: v for k, v in p.items() if k != "callsign"})
            return Change("units", (callsign,))
        unit = {"lat": None, "lon": None, "last_seen": None, "speed_mps": None, **p}
        self._put_unit(unit, now)
        return Change("units", (callsign,), (callsign,))

    def _unit_position(self, p: dict, now: float) -> Change | None:
        seen = _epoch(p.get("last_seen"))
        if not p.get("moved") or seen is None:
            return None
        callsign = p["callsign"]
        unit = self.units.get(callsign)
        added = unit is None
        if added:
            unit = {"callsign": callsign, "status": "available", "_seen": None}
            self.units[callsign] = unit
        elif unit.get("_seen") is not None and seen <= unit["_seen"]:
            return None  # an older ping: it extends the track, never moves the unit back
        unit.update({k: v for k, v in p.items() if k not in ("moved", "count")})
        unit["_seen"] = seen
        unit["stale"] = self.is_stale(unit, now)
        return Change("units", (callsign,), (callsign,) if added else ())

    def _unit_status(self, p: dict, now: float) -> Change | None:
        unit = self.units.get(p.get("callsign"))
        if unit is None or unit.get("status") == p.get("status"):
            return None
        unit["status"] = p["status"]
        unit["stale"] = self.is_stale(unit, now)
        return Change("units", (unit["callsign"],))

    def _unit_group(self, p: dict, now: float) -> Change | None:
        unit = self.units.get(p.get("callsign"))
        if unit is None:
            return None
        unit["team"], unit["role"] = p.get("team"), p.get("role")
        return Change("units", (unit["callsign"],))

    def _capture_created(self, p: dict, now: float) -> Change | None:
        added = self._put_capture(dict(p))
        if added:
            self.unseen.add(p["id"])
        return Change("captures", (p["id"],), (p["id"],) if added else ())

    def _capture_status(self, p: dict, now: float) -> Change | None:
        capture = self.captures.get(p.get("id"))
        if capture is None:
            return None
        capture["status"] = p.get("status", capture.get("status"))
        return Change("captures", (capture["id"],))

    def _capture_attachment(self, p: dict, now: float) -> Change | None:
        capture = self.captures.get(p.get("capture_id"))
        if capture is None:
            return None
        names = {a["name"] for a in capture.setdefault("attachments", [])}
        if p.get("name") not in names:
            meta = {k: p.get(k) for k in ("name", "sha256", "size", "content_type")}
            capture["attachments"].append(meta)
        return Change("captures", (capture["id"],))

    def _task(self, p: dict, now: float) -> Change | None:
        added = p["id"] not in self.tasks
        self.tasks[p["id"]] = dict(p)
        return Change("tasks", (p["id"],), (p["id"],) if added else ())

    def _incident(self, p: dict, now: float) -> Change | None:
        added = p["id"] not in self.incidents
        self.incidents.setdefault(p["id"], {}).update(p)
        return Change("incidents", (p["id"],), (p["id"],) if added else ())

    def _emergency(self, p: dict, now: float) -> Change | None:
        """Raised, acknowledged, resolved or cancelled: an emergency stays until it has ended."""
        if p.get("status") == "ended":
            self.emergencies.pop(p["id"], None)
        else:
            self.emergencies.setdefault(p["id"], {}).update(p)
        if p.get("status") == "acknowledged" and p.get("acknowledged_by"):
            self.last_acknowledged = dict(p)
        callsign = p.get("callsign")
        if self._flag_emergency(callsign) or callsign in self.units:
            self._notify(Change("units", (callsign,)))
        return Change("emergencies", (p["id"],))

    @property
    def alarms(self) -> dict[int, dict]:
        """Emergencies nobody has acknowledged yet: these alarm on every workstation."""
        return {i: e for i, e in self.emergencies.items() if e.get("status") == "raised"}

    def _incident_closed(self, p: dict, now: float) -> Change | None:
        if self.incidents.pop(p.get("id"), None) is None:
            return None
        return Change("incidents", reset=True)

    def _unit_silent(self, p: dict, now: float) -> Change | None:
        callsign = p.get("callsign")
        if not callsign:
            return None
        self.alerts[callsign] = dict(p)
        return Change("alerts", (callsign,), (callsign,))

    def dismiss_alert(self, callsign: str) -> None:
        if self.alerts.pop(callsign, None) is not None:
            self._notify(Change("alerts", reset=True))

    # ---- time and people -----------------------------------------------------------------

    def tick(self, now: float | None = None) -> tuple[str, ...]:
        """Recompute staleness; returns (and announces) the units whose flag flipped."""
        now = now if now is not None else time.time()
        flipped = []
        for callsign, unit in self.units.items():
            stale = self.is_stale(unit, now)
            if stale != unit.get("stale"):
                unit["stale"] = stale
                flipped.append(callsign)
        if flipped:
            self._notify(Change("units", tuple(flipped)))
        return tuple(flipped)

    def mark_seen(self, capture_id: str) -> None:
        if capture_id in self.unseen:
            self.unseen.discard(capture_id)
            self._notify(Change("captures", (capture_id,)))


_HANDLERS: dict[str, Callable[[LiveState, dict, float], Change | None]] = {
    "unit.created": LiveState._unit_created,
    "unit.position": LiveState._unit_position,
    "unit.status": LiveState._unit_status,
    "unit.group": LiveState._unit_group,
    "capture.created": LiveState._capture_created,
    "capture.status": LiveState._capture_status,
    "capture.attachment": LiveState._capture_attachment,
    "task.created": LiveState._task,
    "task.updated": LiveState._task,
    "incident.created": LiveState._incident,
    "incident.updated": LiveState._incident,
    "incident.regraded": LiveState._incident,
    "incident.closed": LiveState._incident_closed,
    "emergency.raised": LiveState._emergency,
    "emergency.acknowledged": LiveState._emergency,
    "emergency.resolved": LiveState._emergency,
    "emergency.cancelled": LiveState._emergency,
    "unit.silent": LiveState._unit_silent,
}
