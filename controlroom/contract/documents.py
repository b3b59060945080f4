"""The documents the hub answers with and streams: one struct per shape, encoded by the hub and
decoded by the app. Times are ISO 8601 strings in UTC ("...Z"); the app shows them in the
force's local time (``controlroom.localtime``)."""

from __future__ import annotations

from typing import Any

from msgspec import Raw, Struct, field

from controlroom.contract.codes import (
    CaptureKindCode,
    CustodyActionCode,
    EmergencyStatusCode,
    GradeCode,
    GradingSystemCode,
    HandlingCode,
    IntelligenceCode,
    MessageDirectionCode,
    SourceCode,
    TaskKindCode,
    TaskStateCode,
    TriageStatusCode,
    UnitStatusCode,
)


class Fix(Struct, kw_only=True):
    """Where a unit was last heard from, and how it was moving."""

    callsign: str
    lat: float | None = None
    lon: float | None = None
    last_seen: str | None = None
    accuracy_m: float | None = None
    speed_mps: float | None = None
    heading_deg: float | None = None
    battery_pct: float | None = None


class Unit(Fix, kw_only=True):
    mode: str = "foot"
    status: UnitStatusCode = "available"
    verified: bool = True
    team: str | None = None
    role: str | None = None


class Ping(Struct, kw_only=True):
    at: str
    lat: float
    lon: float
    accuracy_m: float | None = None
    speed_mps: float | None = None
    heading_deg: float | None = None
    battery_pct: float | None = None


class Attachment(Struct, kw_only=True):
    name: str
    sha256: str
    size: int
    content_type: str


class CaptureGrade(Struct, kw_only=True):
    """An analyst's 3x5x2 evaluation, as a capture document carries its latest."""

    source: SourceCode
    intelligence: IntelligenceCode
    handling: HandlingCode


class RecordedGrade(Struct, kw_only=True):
    """A grade as the officer's device recorded it: a 3x5x2 proposal, or a historic 5x5x5
    grading, shown as recorded (values as sent, never converted)."""

    system: GradingSystemCode
    source: str
    intelligence: str
    handling: str


class Capture(Struct, kw_only=True):
    """A capture as its latest revision has it.

    ``status`` is its review state (``new``, ``in_review``, ``reviewed``, ``actioned``,
    ``no_further_action``, ``has_issues``); ``review_by`` / ``review_at`` / ``review_note`` say
    who set it, when and why (for ``in_review``: who holds the claim, since when).
    ``handling_code`` is the code in force: the analyst's latest grading, else the officer's.
    ``grading`` is the analyst's latest 3x5x2 (None until graded); ``proposed_grading`` the
    officer's, from ``fields``; ``historic_grading`` a 5x5x5 grade the fields carry.
    ``revision`` counts the officer's amendments (1: as first sent); ``amended_fields`` names
    what the latest revision changed. A role not cleared for code C sees a graded capture only
    as its sanitised text: ``sanitised`` is then True, ``summary`` is the sanitised text and
    ``fields`` and ``attachments`` are empty.
    """

    id: str
    kind: CaptureKindCode
    callsign: str
    at: str
    lat: float
    lon: float
    summary: str = ""
    fields: dict = field(default_factory=dict)
    status: TriageStatusCode = "new"
    handling_code: str | None = None
    received_at: str | None = None
    updated_at: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    review_by: str | None = None
    review_at: str | None = None
    review_note: str = ""
    grading: CaptureGrade | None = None
    graded_by: str | None = None
    graded_at: str | None = None
    handling_conditions: str = ""
    sanitised_text: str = ""
    sanitised: bool = False
    proposed_grading: RecordedGrade | None = None
    historic_grading: RecordedGrade | None = None
    revision: int = 1
    amended_fields: list[str] = field(default_factory=list)


class Grading(Struct, kw_only=True):
    """One analyst grading of a capture, as its history keeps it."""

    id: int
    capture_id: str
    source: SourceCode
    intelligence: IntelligenceCode
    handling: HandlingCode
    conditions: str = ""
    sanitised_text: str = ""
    reason: str = ""
    by: str
    at: str
    revision: int = 1  # the capture's revision it graded
    written: str = ""  # as people write it: "2-B-P"


class Gradings(Struct, kw_only=True):
    capture_id: str
    gradings: list[Grading] = field(default_factory=list)  # oldest first


class Review(Struct, kw_only=True):
    """One change of a capture's review state."""

    id: int
    capture_id: str
    state: TriageStatusCode
    was: TriageStatusCode | None = None
    by: str
    at: str
    note: str = ""
    revision: int = 1
    taken_from: str | None = None  # whose claim this took over


class Reviews(Struct, kw_only=True):
    capture_id: str
    reviews: list[Review] = field(default_factory=list)  # oldest first


class RevisionChange(Struct, kw_only=True):
    """What one revision changed: ``field`` is ``summary``, ``kind``, ``at``, ``lat``, ``lon``
    or ``fields.NAME``; a value absent on one side is null."""

    field: str
    before: Any = None
    after: Any = None


class Revision(Struct, kw_only=True):
    """A capture as one revision had it, with what it changed from the one before."""

    revision: int
    kind: CaptureKindCode
    at: str
    lat: float
    lon: float
    summary: str = ""
    fields: dict = field(default_factory=dict)
    received_at: str
    changes: list[RevisionChange] = field(default_factory=list)


class Revisions(Struct, kw_only=True):
    capture_id: str
    revisions: list[Revision] = field(default_factory=list)  # oldest first


class CustodyEntry(Struct, kw_only=True):
    """One access to an exhibit, from the append-only audit: who, when, from where, why, and
    whether the stored bytes still hashed to the recorded SHA-256."""

    at: str
    actor: str
    action: CustodyActionCode
    hash_ok: bool | None = None  # None: nothing was read (a refused access)
    client: str = ""  # from where: address and user agent
    reason: str = ""
    sha256: str = ""  # what the bytes hashed to (the recorded hash when they matched)
    audit_id: int = 0


class Custody(Struct, kw_only=True):
    capture_id: str
    name: str
    sha256: str  # as recorded when the device stored it
    entries: list[CustodyEntry] = field(default_factory=list)  # oldest first


class Manifest(Struct, kw_only=True):
    """What an exported exhibit carries beside its bytes (``manifest.json`` in the zip)."""

    capture_id: str
    name: str
    sha256: str
    size: int
    content_type: str
    hash_ok: bool
    officer: str  # the call sign of the unit whose device captured it
    kind: CaptureKindCode
    captured_at: str
    received_at: str | None = None
    stored_at: str | None = None
    exported_at: str
    exported_by: str
    reason: str
    custody: list[CustodyEntry] = field(default_factory=list)


class AuditEntry(Struct, kw_only=True):
    id: int
    at: str
    actor: str
    action: str
    target: str
    detail: Any = None
    client: str = ""
    reason: str = ""
    hash: str = ""


class AuditPage(Struct, kw_only=True):
    """Audit records newest first; ``next`` is the ``before`` for the next page (None: done)."""

    records: list[AuditEntry] = field(default_factory=list)
    next: int | None = None


class HubSettings(Struct, kw_only=True):
    """What a workstation must know of the force's settings: the reads that need a reason."""

    require_reason: list[str] = field(default_factory=list)


class TaskIncident(Struct, kw_only=True):
    """Where to go and what for: what an officer's device is told with an attend task."""

    summary: str
    grade: GradeCode
    lat: float
    lon: float
    location_text: str = ""


class Task(Struct, kw_only=True):
    id: int
    incident_id: int | None = None
    callsign: str
    kind: TaskKindCode = "attend"
    state: TaskStateCode = "sent"
    note: str = ""
    created_by: str = ""
    created_at: str | None = None
    updated_at: str | None = None
    incident: TaskIncident | None = None


class Regrade(Struct, kw_only=True, rename={"from_": "from"}):
    from_: GradeCode
    to: GradeCode
    by: str
    reason: str


class Incident(Struct, kw_only=True):
    id: int
    summary: str
    grade: GradeCode
    status: str = "open"
    lat: float
    lon: float
    location_text: str = ""
    thrive: dict[str, str] = field(default_factory=dict)
    raised_at: str | None = None
    raised_by: str = ""
    closed_at: str | None = None
    regraded: Regrade | None = None
    reason: str | None = None  # why it was closed, on incident.closed


class IncidentGrading(Struct, kw_only=True):
    grade: GradeCode
    thrive: dict[str, str] = field(default_factory=dict)
    reason: str = ""
    by: str
    at: str | None = None


class IncidentDetail(Incident, kw_only=True):
    """An incident with every grading it has had and every task sent to it."""

    gradings: list[IncidentGrading] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)


class TimelineEntry(Struct, kw_only=True):
    seq: int
    type: str
    at: str | None = None
    payload: Raw


class Timeline(Struct, kw_only=True):
    incident_id: int
    events: list[TimelineEntry] = field(default_factory=list)


class Emergency(Struct, kw_only=True):
    id: int
    callsign: str
    status: EmergencyStatusCode = "raised"
    source: str = "device"
    lat: float | None = None
    lon: float | None = None
    raised_at: str | None = None
    acknowledged_by: str | None = None
    acknowledged_at: str | None = None
    ended_at: str | None = None
    ended_by: str | None = None
    outcome: str | None = None


class Message(Struct, kw_only=True):
    id: int
    callsign: str
    direction: MessageDirectionCode
    text: str
    sender: str
    sent_at: str | None = None
    via: str = "device"  # device, tak (GeoChat), tak unverified (plain TCP) or control room
    read_by: str | None = None  # who opened it first in the control room
    read_at: str | None = None


class Recommendation(Struct, kw_only=True):
    callsign: str
    eta_s: int
    distance_m: int
    straight_m: int
    status: UnitStatusCode
    mode: str
    routed: bool


class Recommendations(Struct, kw_only=True):
    units: list[Recommendation] = field(default_factory=list)
    incident_id: int | None = None
    emergency_id: int | None = None
    detail: str = ""


class CaptureSearch(Struct, kw_only=True):
    """The newest captures a search matches, how many it matches in all, and whether that total
    is only a floor (more matched than the hub counts)."""

    captures: list[Capture] = field(default_factory=list)
    total: int = 0
    more: bool = False


class Messages(Struct, kw_only=True):
    messages: list[Message] = field(default_factory=list)


class Snapshot(Struct, kw_only=True):
    """Current state and the seq it reflects: a client streams from that seq."""

    seq: int
    units: list[Unit] = field(default_factory=list)
    captures: list[Capture] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    emergencies: list[Emergency] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)


class Tokens(Struct, kw_only=True):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    username: str
    role: str


class Error(Struct, kw_only=True):
    error: str
    detail: str
