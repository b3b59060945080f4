"""What devices and workstations send the hub. Decoding with these structs is the validation:
ranges, lengths and codes are constraints here, not checks written again elsewhere."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, Raw, Struct, field

from controlroom.contract.codes import (
    CaptureKindCode,
    DeviceStatusCode,
    DeviceTaskStateCode,
    GradeCode,
    HandlingCode,
    IntelligenceCode,
    RoleCode,
    SourceCode,
    TaskKindCode,
    TriageStatusCode,
    UnitModeCode,
    UnitStatusCode,
)

Lat = Annotated[float, Meta(ge=-90.0, le=90.0, description="degrees north (WGS 84)")]
Lon = Annotated[float, Meta(ge=-180.0, le=180.0, description="degrees east (WGS 84)")]
IsoTime = Annotated[str, Meta(max_length=40, description="ISO 8601 with a zone")]
Text = Annotated[str, Meta(max_length=2000)]
Required = Annotated[str, Meta(min_length=1, max_length=2000)]
Reason = Annotated[
    str, Meta(max_length=2000, pattern=r"^[^\x00]*$", description="why: kept in the audit")
]
Callsign = Annotated[str, Meta(min_length=1, max_length=32)]
# Text people write that the store keeps: no NUL (PostgreSQL cannot hold it in text).
Note = Annotated[str, Meta(max_length=2000, pattern=r"^[^\x00]*$")]
LongText = Annotated[str, Meta(max_length=20_000, pattern=r"^[^\x00]*$")]


class PingIn(Struct, forbid_unknown_fields=False):
    """One position report. Unknown fields are ignored: a newer device must not be refused."""

    lat: Lat
    lon: Lon
    at: IsoTime
    accuracy_m: Annotated[float, Meta(ge=0.0, le=100_000.0)] | None = None
    speed_mps: Annotated[float, Meta(ge=0.0, le=350.0)] | None = None
    heading_deg: Annotated[float, Meta(ge=0.0, le=360.0)] | None = None
    battery_pct: Annotated[float, Meta(ge=0.0, le=100.0)] | None = None


class PingBatch(Struct):
    """Items are decoded one by one, so a bad ping is named by its index and the rest kept."""

    pings: list[Raw]


class PingBatchDoc(Struct):
    """The batch as documented (the hub decodes ``PingBatch`` and then each item)."""

    pings: Annotated[list[PingIn], Meta(max_length=1000)]


class CaptureIn(Struct):
    id: Annotated[str, Meta(max_length=64, description="a UUID made on the device")]
    kind: CaptureKindCode
    at: IsoTime
    lat: Lat
    lon: Lon
    summary: Annotated[str, Meta(max_length=2000)] = ""
    fields: dict = field(default_factory=dict)
    # 1 as first sent; an amendment (after "has issues", or the officer's own) sends the same
    # id with the next revision, which is kept beside the earlier ones.
    revision: Annotated[int, Meta(ge=1, le=1000)] = 1


class DeviceTaskStatusIn(Struct):
    state: DeviceTaskStateCode
    note: Text = ""


class DeviceStatusIn(Struct):
    status: DeviceStatusCode


class DeviceMessageIn(Struct):
    text: Required


class EmergencyIn(Struct):
    lat: Lat | None = None
    lon: Lon | None = None


class IncidentIn(Struct):
    summary: Required
    grade: GradeCode
    lat: Lat
    lon: Lon
    location_text: Annotated[str, Meta(max_length=200)] = ""
    thrive: dict[str, Text] = field(default_factory=dict)


class GradeIn(Struct):
    grade: GradeCode
    reason: Annotated[str, Meta(min_length=1, max_length=2000, description="why it changed")]
    thrive: dict[str, Text] = field(default_factory=dict)


class CloseIn(Struct):
    reason: Reason = ""


class TaskIn(Struct):
    callsign: Callsign
    incident_id: int | None = None
    kind: TaskKindCode = "attend"
    note: Text = ""


class TaskUpdateIn(Struct):
    state: Literal["cancelled"]
    note: Text = ""


class CaptureStatusIn(Struct):
    status: TriageStatusCode
    reason: Reason = ""


class ReviewIn(Struct):
    """A review step. ``in_review`` claims the capture (409 naming the holder when another
    analyst has it); ``new`` gives a claim back to the queue; ``has_issues`` sends it back to
    the officer and needs a note saying what is missing. ``take_over`` takes (or releases)
    another analyst's claim, on the record."""

    state: TriageStatusCode
    note: Note = ""
    take_over: bool = False


class GradingIn(Struct):
    """An analyst's 3x5x2 grading: C needs its conditions; the sanitised text is what roles not
    cleared for C are shown (and all that is ever disseminated beyond the cleared roles)."""

    source: SourceCode
    intelligence: IntelligenceCode
    handling: HandlingCode
    conditions: Note = ""
    sanitised_text: LongText = ""
    reason: Note = ""  # why this grading (kept in its history and the audit)


class UnitStatusIn(Struct):
    status: UnitStatusCode
    reason: Reason = ""


class MessageIn(Struct):
    callsign: Callsign
    text: Required


class EmergencyEndIn(Struct):
    outcome: Annotated[str, Meta(min_length=1, max_length=2000, description="how it ended")]


class Credentials(Struct):
    username: Annotated[str, Meta(max_length=200)]
    password: Annotated[str, Meta(max_length=1000)]


class RefreshIn(Struct):
    refresh_token: Annotated[str, Meta(max_length=200)]


class UserIn(Struct):
    username: Annotated[str, Meta(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
    role: RoleCode
    password: Annotated[str, Meta(min_length=8, max_length=200)]


class UserChangeIn(Struct):
    role: RoleCode | None = None
    active: bool | None = None


class DeviceIn(Struct):
    callsign: Annotated[str, Meta(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9 ._/-]+$")]
    mode: UnitModeCode = "foot"
    replace: bool = False
    external_id: Annotated[str, Meta(max_length=128)] | None = None
    # SHA-256 of the client certificate bound to external_id on CoT TLS (hex, colons allowed)
    cert_fingerprint: Annotated[str, Meta(max_length=128)] | None = None
    team: Annotated[str, Meta(min_length=1, max_length=40)] | None = None  # its briefings
