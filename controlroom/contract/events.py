"""The event log's types: every change the hub streams, with the document it carries and who
listens. The hub may emit only these; a test checks that each is emitted somewhere and handled
by the client it is for (the desktop's live state, or the device)."""

from __future__ import annotations

from enum import Enum, StrEnum

from msgspec import Raw, Struct, field

from controlroom.contract.briefings import (
    BriefingAcknowledged,
    BriefingItemWithdrawn,
    BriefingOffer,
    BriefingPublished,
    BriefingSaved,
)
from controlroom.contract.codes import HandlingCode, TriageStatusCode, UnitStatusCode
from controlroom.contract.documents import (
    Attachment,
    Capture,
    CaptureGrade,
    Emergency,
    Fix,
    Incident,
    Message,
    Task,
    Unit,
)
from controlroom.contract.entities import CaptureEntities, EntityChange, EntityClosed, Suggestion
from controlroom.contract.heat import CrimesImported


class Audience(Enum):
    CONTROL_ROOM = "control room"  # every workstation's stream
    DEVICE = "device"  # the stream of the unit it is addressed to
    BOTH = "both"  # addressed to a unit, and shown on every workstation too
    HUB = "hub"  # hub processes act on it (and workstations may show it)
    UNCLEARED = "uncleared"  # the streams of workstations whose role is not cleared for code C


class UnitPosition(Fix, kw_only=True):
    """A batch of a unit's pings: ``moved`` when the newest is newer than its position."""

    moved: bool
    count: int


class UnitStatusChange(Struct, kw_only=True):
    callsign: str
    status: UnitStatusCode
    was: str | None = None
    by: str | None = None


class UnitGroup(Struct, kw_only=True):
    callsign: str
    team: str | None = None
    role: str | None = None


class UnitSilent(Struct, kw_only=True):
    callsign: str
    status: str
    last_seen: str | None = None
    silent_s: int = 0
    tasks: list[Task] = field(default_factory=list)


class CaptureStatusChange(Struct, kw_only=True):
    """A capture's review state changed (``capture.status``): ``by`` set it (for
    ``in_review``: holds the claim) at ``at``; ``taken_from`` names a claim taken over."""

    id: str
    status: TriageStatusCode
    by: str
    was: TriageStatusCode | None = None
    at: str | None = None
    note: str = ""
    revision: int = 1
    taken_from: str | None = None


class CaptureGraded(Struct, kw_only=True):
    """An analyst graded a capture: ``grading`` is now its latest, and ``handling_code`` the
    code in force."""

    id: str
    grading: CaptureGrade
    grading_id: int
    handling_code: HandlingCode
    handling_conditions: str = ""
    sanitised_text: str = ""
    by: str
    at: str


class CaptureWithdrawn(Struct, kw_only=True):
    """To workstations not cleared for C: this capture is now restricted; drop what you hold."""

    id: str
    handling_code: str = "C"


class CaptureFeedback(Struct, kw_only=True):
    """To the capturing officer's device: the analyst says the capture has issues. The device
    amends it by sending the same id with the next revision."""

    id: str  # the capture's id, as a capture document names it
    capture_id: str  # the same, as an attachment event names it
    note: str
    revision: int  # the revision this feedback is about; the amendment is revision + 1
    kind: str
    summary: str
    by: str
    at: str


class CaptureAttachment(Attachment, kw_only=True):
    capture_id: str


class MessageRead(Struct, kw_only=True):
    id: int
    callsign: str
    by: str | None = None
    at: str | None = None


class DeviceRevoked(Struct, kw_only=True):
    device_id: int
    callsign: str


class UserChanged(Struct, kw_only=True):
    """A user's account or sign-ins changed: hub processes check their tokens afresh."""

    username: str
    why: str


class EventType(StrEnum):
    UNIT_CREATED = "unit.created"
    UNIT_POSITION = "unit.position"
    UNIT_STATUS = "unit.status"
    UNIT_GROUP = "unit.group"
    UNIT_SILENT = "unit.silent"
    CAPTURE_CREATED = "capture.created"
    CAPTURE_STATUS = "capture.status"
    CAPTURE_ATTACHMENT = "capture.attachment"
    CAPTURE_GRADED = "capture.graded"
    CAPTURE_REVISED = "capture.revised"
    CAPTURE_WITHDRAWN = "capture.withdrawn"
    CAPTURE_RELEASED = "capture.released"
    CAPTURE_FEEDBACK = "capture.feedback"
    TASK_CREATED = "task.created"
    TASK_UPDATED = "task.updated"
    INCIDENT_CREATED = "incident.created"
    INCIDENT_REGRADED = "incident.regraded"
    INCIDENT_CLOSED = "incident.closed"
    EMERGENCY_RAISED = "emergency.raised"
    EMERGENCY_ACKNOWLEDGED = "emergency.acknowledged"
    EMERGENCY_RESOLVED = "emergency.resolved"
    EMERGENCY_CANCELLED = "emergency.cancelled"
    MESSAGE_SENT = "message.sent"
    MESSAGE_RECEIVED = "message.received"
    MESSAGE_READ = "message.read"
    DEVICE_REVOKED = "device.revoked"
    USER_CHANGED = "user.changed"
    CAPTURE_LINKED = "capture.linked"
    ENTITY_SUGGESTED = "entity.suggested"
    ENTITY_DECIDED = "entity.decided"
    ENTITY_MERGED = "entity.merged"
    ENTITY_SPLIT = "entity.split"
    ENTITY_CLOSED = "entity.closed"
    ENTITY_REOPENED = "entity.reopened"
    CONTEXT_CRIMES_IMPORTED = "context.crimes_imported"
    BRIEFING_SAVED = "briefing.saved"
    BRIEFING_PUBLISHED = "briefing.published"
    BRIEFING_ITEM_WITHDRAWN = "briefing.item_withdrawn"
    BRIEFING_ACKNOWLEDGED = "briefing.acknowledged"
    BRIEFING_OFFERED = "briefing.offered"


# What each type carries, and who it is for.
PAYLOADS: dict[EventType, type[Struct]] = {
    EventType.UNIT_CREATED: Unit,
    EventType.UNIT_POSITION: UnitPosition,
    EventType.UNIT_STATUS: UnitStatusChange,
    EventType.UNIT_GROUP: UnitGroup,
    EventType.UNIT_SILENT: UnitSilent,
    EventType.CAPTURE_CREATED: Capture,
    EventType.CAPTURE_STATUS: CaptureStatusChange,
    EventType.CAPTURE_ATTACHMENT: CaptureAttachment,
    EventType.CAPTURE_GRADED: CaptureGraded,
    EventType.CAPTURE_REVISED: Capture,  # the amended capture, back in the queue as new
    EventType.CAPTURE_WITHDRAWN: CaptureWithdrawn,
    EventType.CAPTURE_RELEASED: Capture,  # as roles not cleared for C may now see it
    EventType.CAPTURE_FEEDBACK: CaptureFeedback,
    EventType.TASK_CREATED: Task,
    EventType.TASK_UPDATED: Task,
    EventType.INCIDENT_CREATED: Incident,
    EventType.INCIDENT_REGRADED: Incident,
    EventType.INCIDENT_CLOSED: Incident,
    EventType.EMERGENCY_RAISED: Emergency,
    EventType.EMERGENCY_ACKNOWLEDGED: Emergency,
    EventType.EMERGENCY_RESOLVED: Emergency,
    EventType.EMERGENCY_CANCELLED: Emergency,
    EventType.MESSAGE_SENT: Message,
    EventType.MESSAGE_RECEIVED: Message,
    EventType.MESSAGE_READ: MessageRead,
    EventType.DEVICE_REVOKED: DeviceRevoked,
    EventType.USER_CHANGED: UserChanged,
    EventType.CAPTURE_LINKED: CaptureEntities,
    EventType.ENTITY_SUGGESTED: Suggestion,
    EventType.ENTITY_DECIDED: Suggestion,
    EventType.ENTITY_MERGED: EntityChange,
    EventType.ENTITY_SPLIT: EntityChange,
    EventType.ENTITY_CLOSED: EntityClosed,
    EventType.ENTITY_REOPENED: EntityClosed,
    EventType.CONTEXT_CRIMES_IMPORTED: CrimesImported,
    EventType.BRIEFING_SAVED: BriefingSaved,
    EventType.BRIEFING_PUBLISHED: BriefingPublished,
    EventType.BRIEFING_ITEM_WITHDRAWN: BriefingItemWithdrawn,
    EventType.BRIEFING_ACKNOWLEDGED: BriefingAcknowledged,
    EventType.BRIEFING_OFFERED: BriefingOffer,
}
AUDIENCE: dict[EventType, Audience] = {
    **{t: Audience.CONTROL_ROOM for t in EventType},
    EventType.TASK_CREATED: Audience.BOTH,
    EventType.TASK_UPDATED: Audience.BOTH,
    EventType.MESSAGE_SENT: Audience.BOTH,
    EventType.CAPTURE_WITHDRAWN: Audience.UNCLEARED,
    EventType.CAPTURE_RELEASED: Audience.UNCLEARED,
    EventType.CAPTURE_FEEDBACK: Audience.DEVICE,
    EventType.DEVICE_REVOKED: Audience.HUB,
    EventType.USER_CHANGED: Audience.HUB,
    EventType.BRIEFING_PUBLISHED: Audience.BOTH,  # to every device of the team
    EventType.BRIEFING_ITEM_WITHDRAWN: Audience.BOTH,
}


def for_control_room(kind: EventType) -> bool:
    return AUDIENCE[kind] is not Audience.DEVICE


# By the type's string, as the event log stores it (the streams' filters test these).
DEVICE_ONLY = frozenset(str(t) for t in EventType if AUDIENCE[t] is Audience.DEVICE)
UNCLEARED_ONLY = frozenset(str(t) for t in EventType if AUDIENCE[t] is Audience.UNCLEARED)


def for_device(kind: EventType) -> bool:
    return AUDIENCE[kind] in (Audience.DEVICE, Audience.BOTH)


class Envelope(Struct, kw_only=True):
    """One event as the stream carries it (``data:`` of an SSE frame); ``id:`` is the seq."""

    seq: int
    type: str
    subject: str
    at: str
    payload: Raw


def payload_schema_names() -> dict[str, str]:
    """Event type -> the name of the document it carries (for the API description)."""
    return {str(kind): payload.__name__ for kind, payload in PAYLOADS.items()}
