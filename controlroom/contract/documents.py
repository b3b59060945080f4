"""The documents the hub answers with and streams: one struct per shape, encoded by the hub and
decoded by the app. Times are ISO 8601 strings in UTC ("...Z"); the app shows them in the
force's local time (``controlroom.localtime``)."""

from __future__ import annotations

from msgspec import Raw, Struct, field

from controlroom.contract.codes import (
    CaptureKindCode,
    EmergencyStatusCode,
    GradeCode,
    MessageDirectionCode,
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


class Capture(Struct, kw_only=True):
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
