"""Helpers for entity tests: captures naming people and vehicles, and waiting for the linker."""

from __future__ import annotations

import uuid

import httpx

from tests.hub.helpers import capture
from tests.hubprocess import wait_for


def letters(n: int = 6) -> str:
    """A made-up tail that keeps a surname unique to its test (letters only, as names are)."""
    return "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:n])


def send(device: httpx.Client, kind: str = "person_check", **fields) -> str:
    body = capture(kind, fields=fields)
    reply = device.post("/api/v1/device/captures", json=body)
    assert reply.status_code == 201, reply.text
    return body["id"]


def linked(reader: httpx.Client, capture_id: str) -> list[dict]:
    """The capture's entities once the linker has done it (the capture names someone)."""

    def ready():
        reply = reader.get(f"/api/v1/captures/{capture_id}/entities")
        assert reply.status_code == 200, reply.text
        return reply.json()["entities"]

    return wait_for(ready, timeout=15)


def of_kind(entities: list[dict], kind: str, linked_as: str | None = None) -> list[dict]:
    return [
        e for e in entities if e["kind"] == kind and (linked_as is None or e["linked"] == linked_as)
    ]
