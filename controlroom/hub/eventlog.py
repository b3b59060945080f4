"""Rows of the event log as they travel from the writer to every stream."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec
import orjson
from msgspec import Struct

from controlroom.contract.events import PAYLOADS, EventType
from controlroom.timeutil import to_iso

_encode = msgspec.json.Encoder().encode


@dataclass(slots=True)
class EventRow:
    type: str
    subject: str
    payload: str  # JSON text, encoded once
    at: float
    to_unit: int | None = None
    restricted: bool = False
    seq: int = 0
    incident_id: int | None = None
    _frame: bytes | None = field(default=None, repr=False)

    def document(self) -> str:
        return (
            f'{{"seq":{self.seq},"type":"{self.type}","subject":{orjson.dumps(self.subject).decode()},'
            f'"at":"{to_iso(self.at)}","payload":{self.payload}}}'
        )

    def sse_frame(self) -> bytes:
        """The Server-Sent Events frame, built once and shared by every subscriber."""
        if self._frame is None:
            self._frame = (
                f"id: {self.seq}\nevent: {self.type}\ndata: {self.document()}\n\n".encode()
            )
        return self._frame

    def as_dict(self) -> dict:
        return orjson.loads(self.document())


def event(kind: EventType, subject: object, payload: Struct, at: float, **kwargs: Any) -> EventRow:
    """An event of the contract's ``kind`` carrying the document its type declares."""
    if not isinstance(kind, EventType):
        raise TypeError(f"{kind!r} is not an event type of the contract")
    expected = PAYLOADS[kind]
    if not isinstance(payload, expected):
        raise TypeError(f"{kind} carries {expected.__name__}, not {type(payload).__name__}")
    return EventRow(str(kind), str(subject), _encode(payload).decode(), at, **kwargs)
