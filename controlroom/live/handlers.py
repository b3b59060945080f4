"""How each event the workstations follow changes the live state: one function per event type,
``HANDLERS`` naming which, each returning the ``Change`` to announce (or None: nothing changed).
``LiveState`` applies them in seq order, a duplicate never reaching them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import msgspec

from controlroom.contract import documents as doc
from controlroom.contract import entities as ent
from controlroom.contract.events import (
    CaptureGraded,
    CaptureStatusChange,
    CaptureWithdrawn,
    EventType,
    UnitSilent,
)
from controlroom.contract.heat import CrimesImported
from controlroom.live.changes import OPEN_SUGGESTION, Change, LiveUnit, epoch

if TYPE_CHECKING:
    from controlroom.live.state import LiveState


def unit_created(state: LiveState, p: doc.Unit, now: float) -> Change:
    known = state.units.get(p.callsign)
    if known is not None:
        known.mode, known.status, known.verified = p.mode, p.status, p.verified
        return Change("units", (p.callsign,))
    state.put_unit(LiveUnit(**msgspec.structs.asdict(p)), now)
    return Change("units", (p.callsign,), (p.callsign,))


def unit_position(state: LiveState, p: Any, now: float) -> Change | None:
    seen = epoch(p.last_seen)
    if not p.moved or seen is None:
        return None
    unit = state.units.get(p.callsign)
    added = unit is None
    if unit is None:
        unit = state.units[p.callsign] = LiveUnit(callsign=p.callsign)
    elif unit.seen is not None and seen <= unit.seen:
        return None  # an older ping: it extends the track, never moves the unit back
    unit.lat, unit.lon, unit.last_seen, unit.seen = p.lat, p.lon, p.last_seen, seen
    unit.accuracy_m, unit.speed_mps = p.accuracy_m, p.speed_mps
    unit.heading_deg, unit.battery_pct = p.heading_deg, p.battery_pct
    unit.stale = state.is_stale(unit, now)
    return Change("units", (p.callsign,), (p.callsign,) if added else ())


def unit_status(state: LiveState, p: Any, now: float) -> Change | None:
    unit = state.units.get(p.callsign)
    if unit is None or unit.status == p.status:
        return None
    unit.status = p.status
    unit.stale = state.is_stale(unit, now)
    return Change("units", (unit.callsign,))


def unit_group(state: LiveState, p: Any, now: float) -> Change | None:
    unit = state.units.get(p.callsign)
    if unit is None:
        return None
    unit.team, unit.role = p.team, p.role
    return Change("units", (unit.callsign,))


def unit_silent(state: LiveState, p: UnitSilent, now: float) -> Change:
    state.alerts[p.callsign] = p
    return Change("alerts", (p.callsign,), (p.callsign,))


def capture_created(state: LiveState, p: doc.Capture, now: float) -> Change:
    added = state.put_capture(p)
    if added:
        state.unseen.add(p.id)
    return Change("captures", (p.id,), (p.id,) if added else ())


def capture_status(state: LiveState, p: CaptureStatusChange, now: float) -> Change | None:
    """A review step: the state, and who set it (or holds the claim) since when."""
    capture = state.captures.get(p.id)
    if capture is None:
        return None
    capture.status = p.status
    capture.review_by, capture.review_at, capture.review_note = p.by, p.at, p.note
    return Change("captures", (capture.id,))


def capture_graded(state: LiveState, p: CaptureGraded, now: float) -> Change | None:
    capture = state.captures.get(p.id)
    if capture is None:
        return None
    capture.grading, capture.graded_by, capture.graded_at = p.grading, p.by, p.at
    capture.handling_code = p.handling_code
    capture.handling_conditions, capture.sanitised_text = (
        p.handling_conditions,
        p.sanitised_text,
    )
    return Change("captures", (capture.id,))


def capture_revised(state: LiveState, p: doc.Capture, now: float) -> Change:
    """The officer's amendment: the latest revision, back in the queue and unseen."""
    added = state.put_capture(p)
    state.unseen.add(p.id)
    return Change("captures", (p.id,), (p.id,) if added else ())


def capture_withdrawn(state: LiveState, p: CaptureWithdrawn, now: float) -> Change | None:
    """Regraded to C: a workstation not cleared for it lets go of what it held."""
    if state.captures.pop(p.id, None) is None:
        return None
    state.capture_order = [entry for entry in state.capture_order if entry[1] != p.id]
    state.unseen.discard(p.id)
    return Change("captures", reset=True)


def capture_released(state: LiveState, p: doc.Capture, now: float) -> Change:
    """What a workstation not cleared for C may now see of a capture (its sanitised text
    once graded), replacing whatever it held."""
    known = state.captures.get(p.id)
    if known is not None:
        state.captures[p.id] = p
        return Change("captures", (p.id,))
    state.put_capture(p)
    return Change("captures", (p.id,), (p.id,))


def capture_attachment(state: LiveState, p: Any, now: float) -> Change | None:
    capture = state.captures.get(p.capture_id)
    if capture is None:
        return None
    if p.name not in {a.name for a in capture.attachments}:
        meta = doc.Attachment(
            name=p.name, sha256=p.sha256, size=p.size, content_type=p.content_type
        )
        capture.attachments = [*capture.attachments, meta]
    return Change("captures", (capture.id,))


def task(state: LiveState, p: doc.Task, now: float) -> Change:
    added = p.id not in state.tasks
    state.tasks[p.id] = p
    return Change("tasks", (p.id,), (p.id,) if added else ())


def incident(state: LiveState, p: doc.Incident, now: float) -> Change:
    added = p.id not in state.incidents
    state.incidents[p.id] = p
    return Change("incidents", (p.id,), (p.id,) if added else ())


def incident_closed(state: LiveState, p: doc.Incident, now: float) -> Change | None:
    if state.incidents.pop(p.id, None) is None:
        return None
    return Change("incidents", reset=True)


def emergency(state: LiveState, p: doc.Emergency, now: float) -> Change:
    """Raised, acknowledged, resolved or cancelled: an emergency stays until it has ended."""
    if p.status == "ended":
        state.emergencies.pop(p.id, None)
        state.last_ended = p
    else:
        state.emergencies[p.id] = p
    if p.status == "acknowledged" and p.acknowledged_by:
        state.last_acknowledged = p
    if state.flag_emergency(p.callsign) or p.callsign in state.units:
        state.notify(Change("units", (p.callsign,)))
    return Change("emergencies", (p.id,))


def message(state: LiveState, p: doc.Message, now: float) -> Change:
    added = p.id not in state.messages
    state.messages[p.id] = p
    return Change("messages", (p.id,), (p.id,) if added else ())


def message_read(state: LiveState, p: Any, now: float) -> Change | None:
    message = state.messages.get(p.id)
    if message is None:
        return None
    message.read_by, message.read_at = p.by, p.at
    return Change("messages", (p.id,))


def capture_linked(state: LiveState, p: ent.CaptureEntities, now: float) -> Change:
    state.links[p.capture_id] = p.entities
    return Change("links", (p.capture_id,), (p.capture_id,))


def suggestion(state: LiveState, p: ent.Suggestion, now: float) -> Change:
    """Suggested or decided: it waits while pending or unsure, and leaves once decided."""
    added = p.id not in state.suggestions
    if p.status in OPEN_SUGGESTION:
        state.suggestions[p.id] = p
        return Change("suggestions", (p.id,), (p.id,) if added else ())
    state.suggestions.pop(p.id, None)
    return Change("suggestions", reset=True)


def entity_changed(state: LiveState, p: ent.EntityChange, now: float) -> Change:
    """A merge or split: pages showing either record are out of date."""
    return Change("entities", (p.id, p.other))


def entity_closed(state: LiveState, p: ent.EntityClosed, now: float) -> Change:
    """Closed (an amendment took its only mention back) or reopened: pages showing it are
    out of date, and the suggestions about a closed record leave the queue (the hub closed
    them in the same transaction)."""
    if not p.reopened:
        for ident, s in list(state.suggestions.items()):
            if p.id in (s.record.entity, s.candidate.entity):
                del state.suggestions[ident]
        state.notify(Change("suggestions", reset=True))
    return Change("entities", (p.id,))


def crimes_imported(state: LiveState, p: CrimesImported, now: float) -> Change:
    """A police.uk file imported: the crime layer draws again (section ``crimes``)."""
    state.crimes_imported = p
    return Change("crimes", (p.sha256,))


def briefing(state: LiveState, p: Any, now: float) -> Change | None:
    """A briefing event: the board applies it and says which of its sections changed (a
    receipt also changes the list's count of who has read the pack)."""
    section, added = state.briefings.apply(p)
    if section is None:
        return None
    if section == "briefing_receipts":
        state.notify(Change("briefings", (p.id,)))
    return Change(section, (p.id,), (p.id,) if added else ())


E = EventType
HANDLERS: dict[EventType, Callable[[LiveState, Any, float], Change | None]] = {
    E.UNIT_CREATED: unit_created,
    E.UNIT_POSITION: unit_position,
    E.UNIT_STATUS: unit_status,
    E.UNIT_GROUP: unit_group,
    E.UNIT_SILENT: unit_silent,
    E.CAPTURE_CREATED: capture_created,
    E.CAPTURE_STATUS: capture_status,
    E.CAPTURE_ATTACHMENT: capture_attachment,
    E.CAPTURE_GRADED: capture_graded,
    E.CAPTURE_REVISED: capture_revised,
    E.CAPTURE_WITHDRAWN: capture_withdrawn,
    E.CAPTURE_RELEASED: capture_released,
    E.TASK_CREATED: task,
    E.TASK_UPDATED: task,
    E.INCIDENT_CREATED: incident,
    E.INCIDENT_REGRADED: incident,
    E.INCIDENT_CLOSED: incident_closed,
    E.EMERGENCY_RAISED: emergency,
    E.EMERGENCY_ACKNOWLEDGED: emergency,
    E.EMERGENCY_RESOLVED: emergency,
    E.EMERGENCY_CANCELLED: emergency,
    E.MESSAGE_SENT: message,
    E.MESSAGE_RECEIVED: message,
    E.MESSAGE_READ: message_read,
    E.CAPTURE_LINKED: capture_linked,
    E.ENTITY_SUGGESTED: suggestion,
    E.ENTITY_DECIDED: suggestion,
    E.ENTITY_MERGED: entity_changed,
    E.ENTITY_SPLIT: entity_changed,
    E.ENTITY_CLOSED: entity_closed,
    E.ENTITY_REOPENED: entity_closed,
    E.CONTEXT_CRIMES_IMPORTED: crimes_imported,
    E.BRIEFING_SAVED: briefing,
    E.BRIEFING_PUBLISHED: briefing,
    E.BRIEFING_ITEM_WITHDRAWN: briefing,
    E.BRIEFING_ACKNOWLEDGED: briefing,
    E.BRIEFING_OFFERED: briefing,
}
HANDLED = frozenset(HANDLERS)
