"""One CoT connection's inbound bytes, turned into :class:`CotEvent` values.

Accepts the bytes of one TCP/TLS connection as they are read, cut anywhere. The first
non-blank byte decides the protocol for the connection's life: ``<`` is CoT XML (split with
:class:`EventSplitter`), ``0xBF`` is TAK protocol v1 stream form (split with
:class:`StreamFrameSplitter`). Each complete event is parsed; one that fails to parse is dropped
and counted in ``stats.malformed``. ``feed`` never raises on content, so a listener can hand it
whatever arrives and keep serving the connection.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import CotEvent
from .parse import parse_takv1, parse_xml
from .splitter import DEFAULT_MAX_EVENT_BYTES, EventSplitter
from .takv1 import (
    PROTOCOL_TAKV1,
    PROTOCOL_XML,
    StreamFrameSplitter,
    decode_payload,
    detect_protocol,
)


@dataclass(slots=True)
class StreamStats:
    """Everything a connection sent, accounted for."""

    events: int = 0
    malformed: int = 0
    junk_bytes: int = 0
    oversized: int = 0
    truncated: int = 0


class CotStreamDecoder:
    """``feed(chunk)`` returns the events completed by that chunk, in order."""

    def __init__(self, max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES) -> None:
        self.max_event_bytes = max_event_bytes
        self.protocol: str | None = None
        self._splitter: EventSplitter | StreamFrameSplitter | None = None
        self._pending = b""
        self._malformed = 0
        self._events = 0

    def feed(self, data: bytes) -> list[CotEvent]:
        if self._splitter is None:
            if not self._choose(data):
                return []
            data, self._pending = self._pending, b""
        splitter = self._splitter
        if splitter is None:  # _choose always sets one when it returns True
            return []
        return [ev for ev in map(self._parse, splitter.feed(data)) if ev is not None]

    @property
    def stats(self) -> StreamStats:
        out = StreamStats(events=self._events, malformed=self._malformed)
        if self._splitter is not None:
            inner = self._splitter.stats
            out.junk_bytes = inner.junk_bytes
            out.oversized = inner.oversized
            out.truncated = getattr(inner, "truncated", 0)
        return out

    def _choose(self, data: bytes) -> bool:
        self._pending += data
        self.protocol = detect_protocol(self._pending[:4096])
        if self.protocol is None:
            self._pending = self._pending[-4096:]  # only blanks so far
            return False
        if self.protocol == PROTOCOL_XML:
            self._splitter = EventSplitter(self.max_event_bytes)
        else:
            self._splitter = StreamFrameSplitter(self.max_event_bytes)
        return True

    def _parse(self, item: bytes) -> CotEvent | None:
        try:
            if self.protocol == PROTOCOL_TAKV1:
                event = parse_takv1(decode_payload(item))
            else:
                event = parse_xml(item)
        except (ValueError, RecursionError):  # CotParseError and FrameError included
            self._malformed += 1
            return None
        self._events += 1
        return event


__all__ = ["PROTOCOL_TAKV1", "PROTOCOL_XML", "CotStreamDecoder", "StreamStats"]
