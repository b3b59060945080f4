"""LiveState: what the control room knows now, from a snapshot and the events after it.

It holds the contract's documents (``controlroom.contract``), decoded and validated as they
arrive. Events are applied idempotently by seq: one at or below the last applied seq is a
duplicate and is ignored; a jump in seq (events filtered out, or seqs used by rolled-back
transactions) is fine. A unit's position only moves forward in time. An event whose payload does
not fit its type is counted and skipped, never applied half-way. Listeners get ``Change`` notices.
What each event changes is ``controlroom.live.handlers``.
"""

from __future__ import annotations

import bisect
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec

from controlroom.contract import documents as doc
from controlroom.contract import entities as ent
from controlroom.contract.events import PAYLOADS, Envelope, EventType, UnitSilent
from controlroom.contract.heat import CrimesImported
from controlroom.live.briefings import BriefingBoard
from controlroom.live.changes import OPEN_SUGGESTION, Change, Listener, LiveUnit, epoch
from controlroom.live.handlers import HANDLED, HANDLERS

__all__ = ["HANDLED", "Change", "Listener", "LiveState", "LiveUnit", "epoch"]

log = logging.getLogger(__name__)

SECTIONS = ("units", "captures", "tasks", "incidents", "emergencies", "alerts", "messages")
# Not in the snapshot: the desk loads the review queue itself (GET /api/v1/entities/suggestions).
ENTITY_SECTIONS = ("suggestions", "links", "entities")
# Nor these: the desk lists the briefings itself (GET /api/v1/briefings) and opens their receipts.
BRIEFING_SECTIONS = ("briefings", "briefing_receipts", "briefing_offers")
DEFAULT_STALE_AFTER_S = 120.0


@dataclass
class LiveState:
    stale_after_s: float = DEFAULT_STALE_AFTER_S
    seq: int = 0
    units: dict[str, LiveUnit] = field(default_factory=dict)
    captures: dict[str, doc.Capture] = field(default_factory=dict)
    tasks: dict[int, doc.Task] = field(default_factory=dict)
    incidents: dict[int, doc.Incident] = field(default_factory=dict)
    emergencies: dict[int, doc.Emergency] = field(default_factory=dict)  # latched until ended
    alerts: dict[str, UnitSilent] = field(default_factory=dict)  # by call sign, until dismissed
    messages: dict[int, doc.Message] = field(default_factory=dict)
    suggestions: dict[int, ent.Suggestion] = field(default_factory=dict)  # waiting for review
    links: dict[str, list[ent.EntityLink]] = field(default_factory=dict)  # by capture, as linked
    briefings: BriefingBoard = field(default_factory=BriefingBoard)
    last_acknowledged: doc.Emergency | None = None  # the latest acknowledgement, for all to see
    last_ended: doc.Emergency | None = None
    crimes_imported: CrimesImported | None = None  # the latest police.uk import, to redraw
    unseen: set[str] = field(default_factory=set)  # captures that arrived live, not yet opened
    applied: int = 0
    duplicates: int = 0
    rejected: int = 0  # events whose payload did not fit their type
    last_event_at: float | None = None  # wall clock of the last applied event
    capture_order: list[tuple[float, str]] = field(default_factory=list)  # (-at, id)
    _listeners: list[Listener] = field(default_factory=list)

    # ---- listening -----------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # ---- reading -------------------------------------------------------------------------

    def captures_newest_first(self) -> list[str]:
        return [ident for _, ident in self.capture_order]

    def is_stale(self, unit: LiveUnit, now: float | None = None) -> bool:
        """Stale: expected to report and silent. Off duty, a unit is not expected to."""
        if unit.status == "off_duty":
            return False
        if unit.seen is None:
            return True
        return (now if now is not None else time.time()) - unit.seen > self.stale_after_s

    @property
    def alarms(self) -> dict[int, doc.Emergency]:
        """Emergencies nobody has acknowledged yet: these alarm on every workstation."""
        return {i: e for i, e in self.emergencies.items() if e.status == "raised"}

    @property
    def unread(self) -> list[doc.Message]:
        """Officers' messages nobody in the control room has opened, oldest first."""
        waiting = (m for m in self.messages.values() if m.direction == "from_unit")
        return sorted((m for m in waiting if m.read_at is None), key=lambda m: m.id)

    def messages_of(self, callsign: str | None = None) -> list[doc.Message]:
        """The conversation with one unit (or every unit), oldest first."""
        found = (m for m in self.messages.values() if callsign is None or m.callsign == callsign)
        return sorted(found, key=lambda m: m.id)

    # ---- snapshot ------------------------------------------------------------------------

    def load_snapshot(self, snapshot: doc.Snapshot | dict, now: float | None = None) -> None:
        """Replace everything with ``snapshot``; events after its seq follow."""
        if not isinstance(snapshot, doc.Snapshot):
            snapshot = msgspec.convert(snapshot, doc.Snapshot)
        now = now if now is not None else time.time()
        self.seq = snapshot.seq
        self.units = {}
        for unit in snapshot.units:
            self.put_unit(LiveUnit(**msgspec.structs.asdict(unit)), now)
        self.captures, self.capture_order, self.unseen = {}, [], set()
        for capture in snapshot.captures:
            self.put_capture(capture)
        self.tasks = {t.id: t for t in snapshot.tasks}
        self.incidents = {i.id: i for i in snapshot.incidents}
        self.emergencies = {e.id: e for e in snapshot.emergencies}
        self.messages = {m.id: m for m in snapshot.messages}
        for callsign in self.units:
            self.flag_emergency(callsign)
        self.alerts = {}
        for section in SECTIONS:
            self.notify(Change(section, reset=True))

    def flag_emergency(self, callsign: str) -> bool:
        """Whether the unit's emergency flag changed (it follows the active emergencies)."""
        unit = self.units.get(callsign)
        if unit is None:
            return False
        active = any(e.callsign == callsign for e in self.emergencies.values())
        changed = unit.emergency != active
        unit.emergency = active
        return changed

    def put_unit(self, unit: LiveUnit, now: float) -> None:
        unit.seen = epoch(unit.last_seen)
        unit.stale = self.is_stale(unit, now)
        self.units[unit.callsign] = unit

    def put_capture(self, capture: doc.Capture) -> bool:
        ident = capture.id
        known = self.captures.get(ident)
        if known is not None:
            attachments = known.attachments or capture.attachments
            self.captures[ident] = msgspec.structs.replace(capture, attachments=attachments)
            return False
        self.captures[ident] = capture
        bisect.insort(self.capture_order, (-(epoch(capture.at) or 0.0), ident))
        return True

    # ---- events --------------------------------------------------------------------------

    def apply(self, event: dict[str, Any], now: float | None = None) -> bool:
        """Apply one event document ({"seq","type","subject","at","payload"}). Returns False
        for a duplicate (seq already applied)."""
        payload = event.get("payload") or {}
        return self._apply(
            int(event.get("seq") or 0),
            event.get("type", ""),
            lambda kind: msgspec.convert(payload, kind),
            now,
        )

    def apply_json(self, data: str | bytes, now: float | None = None) -> bool:
        """Apply one event as the stream carries it (the JSON of an SSE frame's data)."""
        try:
            envelope = msgspec.json.decode(data, type=Envelope)
        except msgspec.DecodeError as exc:
            self.rejected += 1
            log.warning("an event that is not the contract's envelope: %s", exc)
            return False
        raw = envelope.payload
        return self._apply(
            envelope.seq, envelope.type, lambda kind: msgspec.json.decode(raw, type=kind), now
        )

    def _apply(
        self, seq: int, type_: str, decode: Callable[[type], Any], now: float | None
    ) -> bool:
        if seq <= self.seq:
            self.duplicates += 1
            return False
        self.seq = seq
        self.applied += 1
        self.last_event_at = now if now is not None else time.time()
        try:
            kind = EventType(type_)
        except ValueError:
            return True  # a type this client does not know: newer hubs may add some
        handler = HANDLERS.get(kind)
        if handler is None:
            return True  # for the hub or the devices, not the workstations
        try:
            payload = decode(PAYLOADS[kind])
        except msgspec.DecodeError as exc:
            self.rejected += 1
            log.warning("event %s (%s) does not fit the contract: %s", seq, kind, exc)
            return True
        change = handler(self, payload, self.last_event_at)
        if change is not None:
            self.notify(change)
        return True

    def load_briefing_section(self, section: str, briefing_id: int | None = None) -> None:
        """Announce what the desk loaded into ``briefings`` from the hub: one pack (new to the
        list, or changed), or the whole section."""
        keys = () if briefing_id is None else (briefing_id,)
        self.notify(Change(section, keys, keys, reset=briefing_id is None))

    def load_suggestions(self, suggestions: list[ent.Suggestion]) -> None:
        """Replace the review queue with what the hub listed; events then keep it current."""
        self.suggestions = {s.id: s for s in suggestions if s.status in OPEN_SUGGESTION}
        self.notify(Change("suggestions", reset=True))

    @property
    def waiting(self) -> list[ent.Suggestion]:
        """Suggestions waiting for an analyst: pending first, then unsure, oldest first."""
        return sorted(self.suggestions.values(), key=lambda s: (s.status != "pending", s.id))

    # ---- time and people -----------------------------------------------------------------

    def dismiss_alert(self, callsign: str) -> None:
        if self.alerts.pop(callsign, None) is not None:
            self.notify(Change("alerts", reset=True))

    def tick(self, now: float | None = None) -> tuple[str, ...]:
        """Recompute staleness; returns (and announces) the units whose flag flipped."""
        now = now if now is not None else time.time()
        flipped = []
        for callsign, unit in self.units.items():
            stale = self.is_stale(unit, now)
            if stale != unit.stale:
                unit.stale = stale
                flipped.append(callsign)
        if flipped:
            self.notify(Change("units", tuple(flipped)))
        return tuple(flipped)

    def mark_seen(self, capture_id: str) -> None:
        if capture_id in self.unseen:
            self.unseen.discard(capture_id)
            self.notify(Change("captures", (capture_id,)))
