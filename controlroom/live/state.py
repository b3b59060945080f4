"""LiveState: what the control room knows now, from a snapshot and the events after it.

It holds the contract's documents (``controlroom.contract``), decoded and validated as they
arrive. Events are applied idempotently by seq: one at or below the last applied seq is a
duplicate and is ignored; a jump in seq (events filtered out, or seqs used by rolled-back
transactions) is fine. A unit's position only moves forward in time. An event whose payload does
not fit its type is counted and skipped, never applied half-way. Listeners get ``Change`` notices.
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
from controlroom.contract.events import (
    PAYLOADS,
    CaptureGraded,
    CaptureStatusChange,
    CaptureWithdrawn,
    Envelope,
    EventType,
    UnitSilent,
)
from controlroom.contract.heat import CrimesImported
from controlroom.live.briefings import BriefingBoard
from controlroom.timeutil import parse_iso

log = logging.getLogger(__name__)

SECTIONS = ("units", "captures", "tasks", "incidents", "emergencies", "alerts", "messages")
# Not in the snapshot: the desk loads the review queue itself (GET /api/v1/entities/suggestions).
ENTITY_SECTIONS = ("suggestions", "links", "entities")
# Nor these: the desk lists the briefings itself (GET /api/v1/briefings) and opens their receipts.
BRIEFING_SECTIONS = ("briefings", "briefing_receipts", "briefing_offers")
OPEN_SUGGESTION = ("pending", "unsure")
DEFAULT_STALE_AFTER_S = 120.0


class LiveUnit(doc.Unit, kw_only=True):
    """A unit as the workstation sees it: the hub's document plus what the client works out."""

    seen: float | None = None  # last_seen as epoch seconds
    stale: bool = False  # expected to report and silent
    emergency: bool = False  # has an emergency not yet ended


@dataclass(frozen=True)
class Change:
    """``keys`` of ``section`` were added or changed (``added`` is the subset that is new);
    ``reset`` means the whole section was replaced."""

    section: str
    keys: tuple = ()
    added: tuple = ()
    reset: bool = False


Listener = Callable[[Change], None]


def epoch(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return parse_iso(text)
    except ValueError:
        return None


def _replace(struct: Any, **changes: Any) -> Any:
    return msgspec.structs.replace(struct, **changes)


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
            self._put_unit(LiveUnit(**msgspec.structs.asdict(unit)), now)
        self.captures, self._capture_order, self.unseen = {}, [], set()
        for capture in snapshot.captures:
            self._put_capture(capture)
        self.tasks = {t.id: t for t in snapshot.tasks}
        self.incidents = {i.id: i for i in snapshot.incidents}
        self.emergencies = {e.id: e for e in snapshot.emergencies}
        self.messages = {m.id: m for m in snapshot.messages}
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
        active = any(e.callsign == callsign for e in self.emergencies.values())
        changed = unit.emergency != active
        unit.emergency = active
        return changed

    def _put_unit(self, unit: LiveUnit, now: float) -> None:
        unit.seen = epoch(unit.last_seen)
        unit.stale = self.is_stale(unit, now)
        self.units[unit.callsign] = unit

    def _put_capture(self, capture: doc.Capture) -> bool:
        ident = capture.id
        known = self.captures.get(ident)
        if known is not None:
            attachments = known.attachments or capture.attachments
            self.captures[ident] = _replace(capture, attachments=attachments)
            return False
        self.captures[ident] = capture
        bisect.insort(self._capture_order, (-(epoch(capture.at) or 0.0), ident))
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
        handler = _HANDLERS.get(kind)
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
            self._notify(change)
        return True

    def _unit_created(self, p: doc.Unit, now: float) -> Change:
        known = self.units.get(p.callsign)
        if known is not None:
            known.mode, known.status, known.verified = p.mode, p.status, p.verified
            return Change("units", (p.callsign,))
        self._put_unit(LiveUnit(**msgspec.structs.asdict(p)), now)
        return Change("units", (p.callsign,), (p.callsign,))

    def _unit_position(self, p: Any, now: float) -> Change | None:
        seen = epoch(p.last_seen)
        if not p.moved or seen is None:
            return None
        unit = self.units.get(p.callsign)
        added = unit is None
        if unit is None:
            unit = self.units[p.callsign] = LiveUnit(callsign=p.callsign)
        elif unit.seen is not None and seen <= unit.seen:
            return None  # an older ping: it extends the track, never moves the unit back
        unit.lat, unit.lon, unit.last_seen, unit.seen = p.lat, p.lon, p.last_seen, seen
        unit.accuracy_m, unit.speed_mps = p.accuracy_m, p.speed_mps
        unit.heading_deg, unit.battery_pct = p.heading_deg, p.battery_pct
        unit.stale = self.is_stale(unit, now)
        return Change("units", (p.callsign,), (p.callsign,) if added else ())

    def _unit_status(self, p: Any, now: float) -> Change | None:
        unit = self.units.get(p.callsign)
        if unit is None or unit.status == p.status:
            return None
        unit.status = p.status
        unit.stale = self.is_stale(unit, now)
        return Change("units", (unit.callsign,))

    def _unit_group(self, p: Any, now: float) -> Change | None:
        unit = self.units.get(p.callsign)
        if unit is None:
            return None
        unit.team, unit.role = p.team, p.role
        return Change("units", (unit.callsign,))

    def _unit_silent(self, p: UnitSilent, now: float) -> Change:
        self.alerts[p.callsign] = p
        return Change("alerts", (p.callsign,), (p.callsign,))

    def _capture_created(self, p: doc.Capture, now: float) -> Change:
        added = self._put_capture(p)
        if added:
            self.unseen.add(p.id)
        return Change("captures", (p.id,), (p.id,) if added else ())

    def _capture_status(self, p: CaptureStatusChange, now: float) -> Change | None:
        """A review step: the state, and who set it (or holds the claim) since when."""
        capture = self.captures.get(p.id)
        if capture is None:
            return None
        capture.status = p.status
        capture.review_by, capture.review_at, capture.review_note = p.by, p.at, p.note
        return Change("captures", (capture.id,))

    def _capture_graded(self, p: CaptureGraded, now: float) -> Change | None:
        capture = self.captures.get(p.id)
        if capture is None:
            return None
        capture.grading, capture.graded_by, capture.graded_at = p.grading, p.by, p.at
        capture.handling_code = p.handling_code
        capture.handling_conditions, capture.sanitised_text = (
            p.handling_conditions,
            p.sanitised_text,
        )
        return Change("captures", (capture.id,))

    def _capture_revised(self, p: doc.Capture, now: float) -> Change:
        """The officer's amendment: the latest revision, back in the queue and unseen."""
        added = self._put_capture(p)
        self.unseen.add(p.id)
        return Change("captures", (p.id,), (p.id,) if added else ())

    def _capture_withdrawn(self, p: CaptureWithdrawn, now: float) -> Change | None:
        """Regraded to C: a workstation not cleared for it lets go of what it held."""
        if self.captures.pop(p.id, None) is None:
            return None
        self._capture_order = [entry for entry in self._capture_order if entry[1] != p.id]
        self.unseen.discard(p.id)
        return Change("captures", reset=True)

    def _capture_released(self, p: doc.Capture, now: float) -> Change:
        """What a workstation not cleared for C may now see of a capture (its sanitised text
        once graded), replacing whatever it held."""
        known = self.captures.get(p.id)
        if known is not None:
            self.captures[p.id] = p
            return Change("captures", (p.id,))
        self._put_capture(p)
        return Change("captures", (p.id,), (p.id,))

    def _capture_attachment(self, p: Any, now: float) -> Change | None:
        capture = self.captures.get(p.capture_id)
        if capture is None:
            return None
        if p.name not in {a.name for a in capture.attachments}:
            meta = doc.Attachment(
                name=p.name, sha256=p.sha256, size=p.size, content_type=p.content_type
            )
            capture.attachments = [*capture.attachments, meta]
        return Change("captures", (capture.id,))

    def _task(self, p: doc.Task, now: float) -> Change:
        added = p.id not in self.tasks
        self.tasks[p.id] = p
        return Change("tasks", (p.id,), (p.id,) if added else ())

    def _incident(self, p: doc.Incident, now: float) -> Change:
        added = p.id not in self.incidents
        self.incidents[p.id] = p
        return Change("incidents", (p.id,), (p.id,) if added else ())

    def _incident_closed(self, p: doc.Incident, now: float) -> Change | None:
        if self.incidents.pop(p.id, None) is None:
            return None
        return Change("incidents", reset=True)

    def _emergency(self, p: doc.Emergency, now: float) -> Change:
        """Raised, acknowledged, resolved or cancelled: an emergency stays until it has ended."""
        if p.status == "ended":
            self.emergencies.pop(p.id, None)
            self.last_ended = p
        else:
            self.emergencies[p.id] = p
        if p.status == "acknowledged" and p.acknowledged_by:
            self.last_acknowledged = p
        if self._flag_emergency(p.callsign) or p.callsign in self.units:
            self._notify(Change("units", (p.callsign,)))
        return Change("emergencies", (p.id,))

    def _message(self, p: doc.Message, now: float) -> Change:
        added = p.id not in self.messages
        self.messages[p.id] = p
        return Change("messages", (p.id,), (p.id,) if added else ())

    def _message_read(self, p: Any, now: float) -> Change | None:
        message = self.messages.get(p.id)
        if message is None:
            return None
        message.read_by, message.read_at = p.by, p.at
        return Change("messages", (p.id,))

    def _capture_linked(self, p: ent.CaptureEntities, now: float) -> Change:
        self.links[p.capture_id] = p.entities
        return Change("links", (p.capture_id,), (p.capture_id,))

    def _suggestion(self, p: ent.Suggestion, now: float) -> Change:
        """Suggested or decided: it waits while pending or unsure, and leaves once decided."""
        added = p.id not in self.suggestions
        if p.status in OPEN_SUGGESTION:
            self.suggestions[p.id] = p
            return Change("suggestions", (p.id,), (p.id,) if added else ())
        self.suggestions.pop(p.id, None)
        return Change("suggestions", reset=True)

    def _entity_changed(self, p: ent.EntityChange, now: float) -> Change:
        """A merge or split: pages showing either record are out of date."""
        return Change("entities", (p.id, p.other))

    def _entity_closed(self, p: ent.EntityClosed, now: float) -> Change:
        """Closed (an amendment took its only mention back) or reopened: pages showing it are
        out of date, and the suggestions about a closed record leave the queue (the hub closed
        them in the same transaction)."""
        if not p.reopened:
            for ident, s in list(self.suggestions.items()):
                if p.id in (s.record.entity, s.candidate.entity):
                    del self.suggestions[ident]
            self._notify(Change("suggestions", reset=True))
        return Change("entities", (p.id,))

    def _crimes_imported(self, p: CrimesImported, now: float) -> Change:
        """A police.uk file imported: the crime layer draws again (section ``crimes``)."""
        self.crimes_imported = p
        return Change("crimes", (p.sha256,))

    def _briefing(self, p: Any, now: float) -> Change | None:
        """A briefing event: the board applies it and says which of its sections changed (a
        receipt also changes the list's count of who has read the pack)."""
        section, added = self.briefings.apply(p)
        if section is None:
            return None
        if section == "briefing_receipts":
            self._notify(Change("briefings", (p.id,)))
        return Change(section, (p.id,), (p.id,) if added else ())

    def load_briefing_section(self, section: str, briefing_id: int | None = None) -> None:
        """Announce what the desk loaded into ``briefings`` from the hub: one pack (new to the
        list, or changed), or the whole section."""
        keys = () if briefing_id is None else (briefing_id,)
        self._notify(Change(section, keys, keys, reset=briefing_id is None))

    def load_suggestions(self, suggestions: list[ent.Suggestion]) -> None:
        """Replace the review queue with what the hub listed; events then keep it current."""
        self.suggestions = {s.id: s for s in suggestions if s.status in OPEN_SUGGESTION}
        self._notify(Change("suggestions", reset=True))

    @property
    def waiting(self) -> list[ent.Suggestion]:
        """Suggestions waiting for an analyst: pending first, then unsure, oldest first."""
        return sorted(self.suggestions.values(), key=lambda s: (s.status != "pending", s.id))

    # ---- time and people -----------------------------------------------------------------

    def dismiss_alert(self, callsign: str) -> None:
        if self.alerts.pop(callsign, None) is not None:
            self._notify(Change("alerts", reset=True))

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
            self._notify(Change("units", tuple(flipped)))
        return tuple(flipped)

    def mark_seen(self, capture_id: str) -> None:
        if capture_id in self.unseen:
            self.unseen.discard(capture_id)
            self._notify(Change("captures", (capture_id,)))


E = EventType
_HANDLERS: dict[EventType, Callable[[LiveState, Any, float], Change | None]] = {
    E.UNIT_CREATED: LiveState._unit_created,
    E.UNIT_POSITION: LiveState._unit_position,
    E.UNIT_STATUS: LiveState._unit_status,
    E.UNIT_GROUP: LiveState._unit_group,
    E.UNIT_SILENT: LiveState._unit_silent,
    E.CAPTURE_CREATED: LiveState._capture_created,
    E.CAPTURE_STATUS: LiveState._capture_status,
    E.CAPTURE_ATTACHMENT: LiveState._capture_attachment,
    E.CAPTURE_GRADED: LiveState._capture_graded,
    E.CAPTURE_REVISED: LiveState._capture_revised,
    E.CAPTURE_WITHDRAWN: LiveState._capture_withdrawn,
    E.CAPTURE_RELEASED: LiveState._capture_released,
    E.TASK_CREATED: LiveState._task,
    E.TASK_UPDATED: LiveState._task,
    E.INCIDENT_CREATED: LiveState._incident,
    E.INCIDENT_REGRADED: LiveState._incident,
    E.INCIDENT_CLOSED: LiveState._incident_closed,
    E.EMERGENCY_RAISED: LiveState._emergency,
    E.EMERGENCY_ACKNOWLEDGED: LiveState._emergency,
    E.EMERGENCY_RESOLVED: LiveState._emergency,
    E.EMERGENCY_CANCELLED: LiveState._emergency,
    E.MESSAGE_SENT: LiveState._message,
    E.MESSAGE_RECEIVED: LiveState._message,
    E.MESSAGE_READ: LiveState._message_read,
    E.CAPTURE_LINKED: LiveState._capture_linked,
    E.ENTITY_SUGGESTED: LiveState._suggestion,
    E.ENTITY_DECIDED: LiveState._suggestion,
    E.ENTITY_MERGED: LiveState._entity_changed,
    E.ENTITY_SPLIT: LiveState._entity_changed,
    E.ENTITY_CLOSED: LiveState._entity_closed,
    E.ENTITY_REOPENED: LiveState._entity_closed,
    E.CONTEXT_CRIMES_IMPORTED: LiveState._crimes_imported,
    E.BRIEFING_SAVED: LiveState._briefing,
    E.BRIEFING_PUBLISHED: LiveState._briefing,
    E.BRIEFING_ITEM_WITHDRAWN: LiveState._briefing,
    E.BRIEFING_ACKNOWLEDGED: LiveState._briefing,
    E.BRIEFING_OFFERED: LiveState._briefing,
}
HANDLED = frozenset(_HANDLERS)
