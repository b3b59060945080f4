"""Tables of the hub. Times are UTC epoch seconds (float); JSON documents are stored as text."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-assigns keys for INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
Key = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    __table__: ClassVar[Table]  # every model here is a plain table (SQLAlchemy types it wider)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[float] = mapped_column(Float)


class RefreshToken(Base):
    __tablename__ = "refresh_tokens"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[float] = mapped_column(Float)
    revoked_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    # One sign-in and every token rotated from it: a reused token revokes the whole family.
    family_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)


class HubSecret(Base):
    """Secrets shared by every hub process on one database. Keys that sign (access tokens)
    are kept outside the database instead: see controlroom.hub.keys."""

    __tablename__ = "hub_secrets"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    callsign: Mapped[str] = mapped_column(String(32), unique=True)
    mode: Mapped[str] = mapped_column(String(16), default="foot")
    status: Mapped[str] = mapped_column(String(20), default="available")
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    last_seen: Mapped[float | None] = mapped_column(Float, nullable=True)
    accuracy_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    speed_mps: Mapped[float | None] = mapped_column(Float, nullable=True)
    heading_deg: Mapped[float | None] = mapped_column(Float, nullable=True)
    battery_pct: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[float] = mapped_column(Float)
    # Team and role as TAK clients report them (their __group), where a unit reports through TAK.
    team: Mapped[str | None] = mapped_column(String(40), nullable=True)
    role: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # Set when workstations were alerted that this committed unit went silent; a ping clears it.
    stale_alerted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(128), nullable=True, unique=True)
    # SHA-256 of the client certificate (hex) this device alone may present on CoT TLS
    # (unique among devices not revoked; a revoked device keeps it on record).
    cert_fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[float] = mapped_column(Float)
    revoked_at: Mapped[float | None] = mapped_column(Float, nullable=True)


class Ping(Base):
    """One position report: the unit's track. Late pings land here without moving the unit."""

    __tablename__ = "pings"
    __table_args__ = (Index("ix_pings_unit_at", "unit_id", "at"),)
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    at: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    speed_mps: Mapped[float | None] = mapped_column(Float, nullable=True)
    heading_deg: Mapped[float | None] = mapped_column(Float, nullable=True)
    battery_pct: Mapped[float | None] = mapped_column(Float, nullable=True)
    received_at: Mapped[float] = mapped_column(Float)


class Capture(Base):
    __tablename__ = "captures"
    __table_args__ = (Index("ix_captures_at", "at"), Index("ix_captures_kind_at", "kind", "at"))
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    at: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    summary: Mapped[str] = mapped_column(Text)
    fields: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24), default="new")
    # The code in force: the analyst's latest grading, else the officer's (never lowered by
    # the officer: see controlroom.hub.revisions).
    handling_code: Mapped[str | None] = mapped_column(String(1), nullable=True)
    received_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
    # The latest revision (every one is kept in capture_revisions) and what it changed.
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    amended_fields: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    # Who set the review state (`status`), or holds the claim while in review, and when.
    review_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    review_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    review_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The analyst's latest 3x5x2 grading (every one is kept in capture_gradings).
    grade_source: Mapped[int | None] = mapped_column(Integer, nullable=True)
    grade_intelligence: Mapped[str | None] = mapped_column(String(1), nullable=True)
    graded_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    graded_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    handling_conditions: Mapped[str] = mapped_column(Text, default="", server_default="")
    sanitised_text: Mapped[str] = mapped_column(Text, default="", server_default="")


class CaptureRevision(Base):
    """Every revision of a capture as the device sent it (append-only: never overwritten)."""

    __tablename__ = "capture_revisions"
    __table_args__ = (UniqueConstraint("capture_id", "revision"),)
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    capture_id: Mapped[str] = mapped_column(ForeignKey("captures.id"))
    revision: Mapped[int] = mapped_column(Integer)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    summary: Mapped[str] = mapped_column(Text)
    fields: Mapped[str] = mapped_column(Text)
    received_at: Mapped[float] = mapped_column(Float)
    changes: Mapped[str] = mapped_column(Text, default="[]")  # from the revision before


class CaptureGrading(Base):
    """Every 3x5x2 grading an analyst gave a capture, with who, when and why (append-only)."""

    __tablename__ = "capture_gradings"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    capture_id: Mapped[str] = mapped_column(ForeignKey("captures.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    source: Mapped[int] = mapped_column(Integer)
    intelligence: Mapped[str] = mapped_column(String(1))
    handling: Mapped[str] = mapped_column(String(1))
    conditions: Mapped[str] = mapped_column(Text, default="")
    sanitised_text: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    graded_by: Mapped[str] = mapped_column(String(100))
    graded_at: Mapped[float] = mapped_column(Float)


class CaptureReview(Base):
    """Every change of a capture's review state, with who, when and the note (append-only)."""

    __tablename__ = "capture_reviews"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    capture_id: Mapped[str] = mapped_column(ForeignKey("captures.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(24))
    was: Mapped[str | None] = mapped_column(String(24), nullable=True)
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    taken_from: Mapped[str | None] = mapped_column(String(100), nullable=True)


class Attachment(Base):
    __tablename__ = "attachments"
    __table_args__ = (UniqueConstraint("capture_id", "name"),)
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    capture_id: Mapped[str] = mapped_column(ForeignKey("captures.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    content_type: Mapped[str] = mapped_column(String(100))
    stored_at: Mapped[float] = mapped_column(Float)


class AttachmentBlob(Base):
    """An attachment's bytes kept in the database (PostgreSQL, so that every hub on it serves
    them), by SHA-256; the bytes are in `AttachmentChunk` rows, written in one transaction
    with this row. `stored_at` is renewed by each upload of the same bytes (the sweep's grace)."""

    __tablename__ = "attachment_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    chunks: Mapped[int] = mapped_column(Integer)
    stored_at: Mapped[float] = mapped_column(Float)


class AttachmentChunk(Base):
    """One piece (at most 1 MiB) of a blob, so neither end holds a whole 25 MiB value twice."""

    __tablename__ = "attachment_chunks"
    sha256: Mapped[str] = mapped_column(
        ForeignKey("attachment_blobs.sha256", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Incident(Base):
    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    summary: Mapped[str] = mapped_column(Text)
    grade: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    location_text: Mapped[str] = mapped_column(String(200), default="")
    thrive: Mapped[str] = mapped_column(Text, default="{}")
    raised_at: Mapped[float] = mapped_column(Float)
    raised_by: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[float | None] = mapped_column(Float, nullable=True)


class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), nullable=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="attend")
    state: Mapped[str] = mapped_column(String(16), default="sent")
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class Event(Base):
    """The event log: every change, in commit order. `to_unit` addresses an event to a device."""

    __tablename__ = "events"
    seq: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    type: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    at: Mapped[float] = mapped_column(Float)
    to_unit: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    incident_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)


class AuditRecord(Base):
    """Append-only, hash-chained: each record's hash covers its content and the previous hash."""

    __tablename__ = "audit"
    # Targets are looked up on their own: an exhibit's custody log, a capture's history.
    __table_args__ = (Index("ix_audit_target", "target"), Index("ix_audit_actor", "actor"))
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    at: Mapped[float] = mapped_column(Float)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text)
    client: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class IncidentGrading(Base):
    """Every grading and re-grading of an incident, with who, why and the THRIVE notes."""

    __tablename__ = "incident_gradings"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    grade: Mapped[str] = mapped_column(String(16))
    thrive: Mapped[str] = mapped_column(Text, default="{}")
    reason: Mapped[str] = mapped_column(Text, default="")
    graded_by: Mapped[str] = mapped_column(String(64))
    graded_at: Mapped[float] = mapped_column(Float)


class Emergency(Base):
    """An officer's emergency button: latched until a named operator acknowledges it."""

    __tablename__ = "emergencies"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="raised")
    source: Mapped[str] = mapped_column(String(32), default="device")
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    raised_at: Mapped[float] = mapped_column(Float)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    acknowledged_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    ended_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    ended_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    outcome: Mapped[str | None] = mapped_column(Text, nullable=True)  # how it ended


class Message(Base):
    """Text between a dispatcher and a unit, either way."""

    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    direction: Mapped[str] = mapped_column(String(12))  # to_unit | from_unit
    text: Mapped[str] = mapped_column(Text)
    sender: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[float] = mapped_column(Float)
    via: Mapped[str] = mapped_column(String(16), default="device", server_default="device")
    read_by: Mapped[str | None] = mapped_column(String(64), nullable=True)  # first to open it
    read_at: Mapped[float | None] = mapped_column(Float, nullable=True)
