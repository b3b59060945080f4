"""Rows of the store as the contract's documents (``controlroom.contract.documents``)."""

from __future__ import annotations

from typing import Any

import orjson

from controlroom.contract import documents as doc
from controlroom.grading import historic_grade, proposed_grade
from controlroom.timeutil import to_iso


def unit_doc(row: Any) -> doc.Unit:
    return doc.Unit(
        callsign=row.callsign,
        mode=row.mode,
        status=row.status,
        verified=bool(row.verified),
        lat=row.lat,
        lon=row.lon,
        last_seen=to_iso(row.last_seen),
        accuracy_m=row.accuracy_m,
        speed_mps=row.speed_mps,
        heading_deg=row.heading_deg,
        battery_pct=row.battery_pct,
        team=row.team,
        role=row.role,
    )


def ping_doc(row: Any) -> doc.Ping:
    return doc.Ping(
        at=to_iso(row.at) or "",
        lat=row.lat,
        lon=row.lon,
        accuracy_m=row.accuracy_m,
        speed_mps=row.speed_mps,
        heading_deg=row.heading_deg,
        battery_pct=row.battery_pct,
    )


def capture_doc(
    row: Any, callsign: str, attachments: list[doc.Attachment] | None = None
) -> doc.Capture:
    """The capture as a role cleared for all of it sees it (see ``dissemination.for_role``)."""
    fields = orjson.loads(row.fields)
    return doc.Capture(
        id=row.id,
        kind=row.kind,
        callsign=callsign,
        at=to_iso(row.at) or "",
        lat=row.lat,
        lon=row.lon,
        summary=row.summary,
        fields=fields,
        status=row.status,
        handling_code=row.handling_code,
        received_at=to_iso(row.received_at),
        updated_at=to_iso(row.updated_at),
        attachments=attachments or [],
        review_by=row.review_by,
        review_at=to_iso(row.review_at),
        review_note=row.review_note or "",
        grading=_grade(row),
        graded_by=row.graded_by,
        graded_at=to_iso(row.graded_at),
        handling_conditions=row.handling_conditions or "",
        sanitised_text=row.sanitised_text or "",
        proposed_grading=proposed_grade(fields),
        historic_grading=historic_grade(fields),
        revision=row.revision,
        amended_fields=orjson.loads(row.amended_fields or "[]"),
    )


def _grade(row: Any) -> doc.CaptureGrade | None:
    if row.grade_source is None:
        return None
    return doc.CaptureGrade(
        source=row.grade_source, intelligence=row.grade_intelligence, handling=row.handling_code
    )


def attachment_doc(row: Any) -> doc.Attachment:
    return doc.Attachment(
        name=row.name, sha256=row.sha256, size=row.size, content_type=row.content_type
    )


def task_doc(row: Any, callsign: str, incident: doc.TaskIncident | None = None) -> doc.Task:
    return doc.Task(
        id=row.id,
        incident_id=row.incident_id,
        callsign=callsign,
        kind=row.kind,
        state=row.state,
        note=row.note,
        created_by=row.created_by,
        created_at=to_iso(row.created_at),
        updated_at=to_iso(row.updated_at),
        incident=incident,
    )


def task_incident(row: Any) -> doc.TaskIncident:
    """Where an attend task sends the officer, and what for."""
    return doc.TaskIncident(
        summary=row.summary,
        grade=row.grade,
        lat=row.lat,
        lon=row.lon,
        location_text=row.location_text,
    )


def incident_doc(row: Any, **extra: Any) -> doc.Incident:
    return doc.Incident(
        id=row.id,
        summary=row.summary,
        grade=row.grade,
        status=row.status,
        lat=row.lat,
        lon=row.lon,
        location_text=row.location_text,
        thrive=orjson.loads(row.thrive),
        raised_at=to_iso(row.raised_at),
        raised_by=row.raised_by,
        closed_at=to_iso(row.closed_at),
        **extra,
    )


def emergency_doc(row: Any, callsign: str) -> doc.Emergency:
    return doc.Emergency(
        id=row.id,
        callsign=callsign,
        status=row.status,
        source=row.source,
        lat=row.lat,
        lon=row.lon,
        raised_at=to_iso(row.raised_at),
        acknowledged_by=row.acknowledged_by,
        acknowledged_at=to_iso(row.acknowledged_at),
        ended_at=to_iso(row.ended_at),
        ended_by=row.ended_by,
        outcome=getattr(row, "outcome", None),
    )


def message_doc(row: Any, callsign: str) -> doc.Message:
    return doc.Message(
        id=row.id,
        callsign=callsign,
        direction=row.direction,
        text=row.text,
        sender=row.sender,
        sent_at=to_iso(row.sent_at),
        via=getattr(row, "via", None) or "device",
        read_by=getattr(row, "read_by", None),
        read_at=to_iso(getattr(row, "read_at", None)),
    )


class Row:
    """Values about to be inserted, read like a row of the store."""

    def __init__(self, values: dict[str, Any]):
        self.__dict__.update(values)
