"""Rows of the event log as they travel from the writer to every stream."""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson

from controlroom.timeutil import to_iso


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


def event(type_: str, subject, payload: dict, at: float, **kwargs) -> EventRow:
    return EventRow(type_, str(subject), orjson.dumps(payload).decode(), at, **kwargs)
