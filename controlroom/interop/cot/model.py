"""The normalised Cursor-on-Target event, and what it means to us (its kind).

A :class:`CotEvent` is the same whether it arrived as XML or as TAK protocol v1. Kinds:

- ``position``: a friendly unit's own report (``a-f-*``) moves that unit;
- ``emergency`` (``b-a-o-tbl`` 911, ``b-a-o-pan`` ring the bell, ``b-a-o-opn`` in contact) and
  ``emergency_cancel`` (``b-a-o-can``);
- ``chat``: GeoChat (``b-t-f``);
- ``map_note``: markers, drawn shapes, routes, and any atom that is not a friendly unit's own
  report (other affiliations, or a friendly marker placed by another uid: a ``p-p`` link);
- ``ping``: ``t-x-c-t`` keep-alives, and pytak's ``takPing`` hello;
- ``delete``: ``t-x-d-d`` removal of another uid's marker (the ``link`` uid);
- ``other``: anything else (counted and ignored by the hub).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum


class CotKind(StrEnum):
    POSITION = "position"
    EMERGENCY = "emergency"
    EMERGENCY_CANCEL = "emergency_cancel"
    CHAT = "chat"
    MAP_NOTE = "map_note"
    PING = "ping"
    DELETE = "delete"
    OTHER = "other"


EMERGENCY_TYPES = {
    "b-a-o-tbl": "911 Alert",
    "b-a-o-pan": "Ring The Bell",
    "b-a-o-opn": "In Contact",
}
EMERGENCY_CANCEL = "b-a-o-can"
NOTE_PREFIXES = ("u-", "b-m-", "b-i-", "b-r-", "a-")


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """A GeoChat line (``b-t-f``)."""

    sender_uid: str | None
    sender_callsign: str | None
    chatroom: str | None
    text: str
    message_id: str | None = None


@dataclass(frozen=True, slots=True)
class CotEvent:
    """One CoT event; ``None`` where the sender left a field out or sent CoT's 'unknown'."""

    uid: str
    type: str
    how: str | None
    time: datetime
    start: datetime
    stale: datetime
    lat: float
    lon: float
    hae: float | None = None
    ce: float | None = None
    le: float | None = None
    callsign: str | None = None
    endpoint: str | None = None
    group_name: str | None = None
    group_role: str | None = None
    battery_pct: float | None = None
    speed_mps: float | None = None
    course_deg: float | None = None
    remarks: str | None = None
    link_uid: str | None = None
    link_relation: str | None = None
    emergency_type: str | None = None
    chat: ChatMessage | None = None
    kind: CotKind = CotKind.OTHER

    def as_dict(self) -> dict:
        return asdict(self)


def classify(cot_type: str, uid: str, link_relation: str | None) -> CotKind:
    """What an event of this type means to the control room."""
    if cot_type in EMERGENCY_TYPES:
        return CotKind.EMERGENCY
    if cot_type == EMERGENCY_CANCEL:
        return CotKind.EMERGENCY_CANCEL
    if cot_type.startswith("b-t-f"):
        return CotKind.CHAT
    if cot_type.startswith("t-x-c-t") or uid == "takPing":
        return CotKind.PING
    if cot_type == "t-x-d-d":
        return CotKind.DELETE
    if cot_type.startswith("a-f-") and link_relation != "p-p":
        return CotKind.POSITION
    if cot_type.startswith(NOTE_PREFIXES):
        return CotKind.MAP_NOTE
    return CotKind.OTHER
