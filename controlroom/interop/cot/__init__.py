"""Cursor-on-Target: split, decode, parse and encode CoT as TAK clients speak it.

- :mod:`.splitter`: XML event stream -> one ``<event>`` document at a time;
- :mod:`.takv1`: TAK protocol v1 stream/mesh framing, protocol detection;
- :mod:`.parse`: one event (XML or v1) -> :class:`CotEvent`;
- :mod:`.model`: :class:`CotEvent`, :class:`CotKind` and :func:`classify`;
- :mod:`.stream`: one connection's bytes -> events (detect, split, parse, count);
- :mod:`.encode`: our units' positions -> CoT XML and v1 bytes.
"""

from .encode import UnitPosition, position_mesh, position_message, position_stream, position_xml
from .model import ChatMessage, CotEvent, CotKind, classify
from .parse import CotParseError, parse_bytes, parse_takv1, parse_xml
from .splitter import EventSplitter, SplitterStats
from .stream import CotStreamDecoder, StreamStats
from .takv1 import (
    PROTOCOL_TAKV1,
    PROTOCOL_XML,
    FrameError,
    StreamFrameSplitter,
    decode_mesh,
    decode_payload,
    decode_stream_frame,
    detect_protocol,
)

__all__ = [
    "PROTOCOL_TAKV1",
    "PROTOCOL_XML",
    "ChatMessage",
    "CotEvent",
    "CotKind",
    "CotParseError",
    "CotStreamDecoder",
    "EventSplitter",
    "FrameError",
    "SplitterStats",
    "StreamFrameSplitter",
    "StreamStats",
    "UnitPosition",
    "classify",
    "decode_mesh",
    "decode_payload",
    "decode_stream_frame",
    "detect_protocol",
    "parse_bytes",
    "parse_takv1",
    "parse_xml",
    "position_mesh",
    "position_message",
    "position_stream",
    "position_xml",
]
