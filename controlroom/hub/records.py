"""Rows of the store as the JSON documents the API and the event log carry."""

from __future__ import annotations

import orjson

from controlroom.timeutil import to_iso


def unit_doc(row) -> dict:
    return {
        "callsign": row.callsign,
        "mode": row.mode,
        "status": row.status,
        "verified": bool(row.verified),
        "lat": row.lat,
        "lon": row.lon,
        "last_seen": to_iso(row.last_seen),
        "accuracy_m": row.accuracy_m,
        "speed_mps": row.speed_mps,
        "heading_deg": row.heading_deg,
        "battery_pct": row.battery_pct,
        "team": row.team,
        "role": row.role,
    }


def ping_doc(row) -> dict:
    return {
        "at": to_iso(row.at),
        "lat": row.lat,
        "lon": row.lon,
        "accuracy_m": row.accuracy_m,
        "speed_mps": row.speed_mps,
        "heading_deg": row.heading_deg,
        "battery_pct": row.battery_pct,
    }


def capture_doc(row, callsign: str, attachments: list[dict] | None = None) -> dict:
    doc = {
        "id": row.id,
        "kind": row.kind,
        "callsign": callsign,
        "at": to_iso(row.at),
        "lat": row.lat,
        "lon": row.lon,
        "summary": row.summary,
        "fields": orjson.loads(row.fields),
        "status": row.status,
        "handling_code": row.handling_code,
        "received_at": to_iso(row.received_at),
        "updated_at": to_iso(row.updated_at),
    }
    if attachments is not None:
        doc["attachments"] = attachments
    return doc


def attachment_doc(row) -> dict:
    return {
        "name": row.name,
        "sha256": row.sha256,
        "size": row.size,
        "content_type": row.content_type,
    }


def task_doc(row, callsign: str) -> dict:
    return {
        "id": row.id,
        "incident_id": row.incident_id,
        "callsign": callsign,
        "kind": row.kind,
        "state": row.state,
        "note": row.note,
        "created_by": row.created_by,
        "created_at": to_iso(row.created_at),
        "updated_at": to_iso(row.updated_at),
    }


def incident_doc(row) -> dict:
    return {
        "id": row.id,
        "summary": row.summary,
        "grade": row.grade,
        "status": row.status,
        "lat": row.lat,
        "lon": row.lon,
        "location_text": row.location_text,
        "thrive": orjson.loads(row.thrive),
        "raised_at": to_iso(row.raised_at),
        "raised_by": row.raised_by,
        "closed_at": to_iso(row.closed_at),
    }
