"""TAK protocol version 1 framing, and telling it apart from XML on a new connection.

Accepts the two v1 forms: the *stream* form used on TCP/TLS (``0xBF``, a protobuf varint
length, then a ``TakMessage`` protobuf) as bytes cut anywhere, and the *mesh* form used in UDP
datagrams (``0xBF 0x01 0xBF`` then the protobuf, one message per datagram). Protobuf decoding is
``takproto``'s. :func:`detect_protocol` looks at the first bytes of a connection: ``<`` means
CoT XML, ``0xBF`` means v1.

:class:`StreamFrameSplitter` never raises on content: bytes that are not a frame are skipped and
counted, a frame longer than ``max_frame_bytes`` is skipped by its declared length and counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from google.protobuf.message import DecodeError
from takproto import TAKProtoVer
from takproto.functions import msg2proto
from takproto.proto import TakMessage

from .splitter import DEFAULT_MAX_EVENT_BYTES

MAGIC = 0xBF
MESH_HEADER = b"\xbf\x01\xbf"
PROTOCOL_XML = "xml"
PROTOCOL_TAKV1 = "takv1"
_MAX_VARINT_BYTES = 10


class FrameError(ValueError):
    """Bytes that are not a TAK protocol v1 message."""


def detect_protocol(head: bytes) -> str | None:
    """``"xml"`` or ``"takv1"`` from a connection's first bytes; None until one is seen."""
    stripped = head.lstrip()
    if not stripped:
        return None
    if stripped[0] == MAGIC:
        return PROTOCOL_TAKV1
    return PROTOCOL_XML  # '<' or junk: the XML splitter skips and counts junk


def decode_payload(payload: bytes) -> TakMessage:
    """A bare ``TakMessage`` protobuf, without header."""
    message = TakMessage()
    try:
        message.ParseFromString(bytes(payload))
    except (DecodeError, ValueError) as exc:
        raise FrameError(f"bad TakMessage protobuf: {exc}") from None
    return message


def decode_mesh(datagram: bytes) -> TakMessage:
    """One mesh-form datagram: ``0xBF 0x01 0xBF`` + protobuf."""
    if not datagram.startswith(MESH_HEADER):
        raise FrameError("not a TAK protocol v1 mesh message")
    return decode_payload(datagram[len(MESH_HEADER) :])


def decode_stream_frame(frame: bytes) -> TakMessage:
    """One complete stream-form frame: ``0xBF`` + varint length + protobuf."""
    if not frame or frame[0] != MAGIC:
        raise FrameError("not a TAK protocol v1 stream frame")
    parsed = read_varint(frame, 1)
    if parsed is None or parsed[1] + parsed[0] != len(frame):
        raise FrameError("stream frame length does not match")
    return decode_payload(frame[parsed[1] :])


def encode_stream(message: TakMessage) -> bytes:
    return bytes(msg2proto(message, TAKProtoVer.STREAM))


def encode_mesh(message: TakMessage) -> bytes:
    return bytes(msg2proto(message, TAKProtoVer.MESH))


def read_varint(buf: bytes | bytearray, pos: int) -> tuple[int, int] | None:
    """(value, offset after it) of the varint at ``pos``; None if the buffer ends first.

    Raises FrameError for a varint longer than 10 bytes.
    """
    value = shift = 0
    for i in range(pos, min(len(buf), pos + _MAX_VARINT_BYTES)):
        byte = buf[i]
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, i + 1
        shift += 7
    if len(buf) - pos >= _MAX_VARINT_BYTES:
        raise FrameError("varint too long")
    return None


@dataclass(slots=True)
class FrameStats:
    frames: int = 0
    junk_bytes: int = 0
    oversized: int = 0


class StreamFrameSplitter:
    """Incremental stream-form splitter: ``feed(chunk)`` returns completed protobuf payloads."""

    def __init__(self, max_frame_bytes: int = DEFAULT_MAX_EVENT_BYTES) -> None:
        self.max_frame_bytes = max_frame_bytes
        self.stats = FrameStats()
        self._buf = bytearray()
        self._skip = 0  # bytes still to drop from an oversized frame

    @property
    def buffered(self) -> int:
        return len(self._buf)

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        out: list[bytes] = []
        while self._drop_skipped() and self._sync():
            payload = self._take_frame()
            if payload is None:
                break
            if payload:
                out.append(payload)
        return out

    def _drop_skipped(self) -> bool:
        n = min(self._skip, len(self._buf))
        del self._buf[:n]
        self._skip -= n
        return not self._skip and bool(self._buf)

    def _sync(self) -> bool:
        """Drop bytes up to the next 0xBF; False when none is buffered."""
        at = self._buf.find(MAGIC)
        if at < 0:
            self.stats.junk_bytes += len(self._buf)
            self._buf.clear()
            return False
        self.stats.junk_bytes += at
        del self._buf[:at]
        return True

    def _take_frame(self) -> bytes | None:
        """The next payload, b"" after skipping a bad frame, None when more data is needed."""
        try:
            parsed = read_varint(self._buf, 1)
        except FrameError:
            return self._junk(1)
        if parsed is None:
            return None
        length, start = parsed
        if length == 0:
            return self._junk(start)
        if length > self.max_frame_bytes:
            self.stats.oversized += 1
            self._skip = start + length
            return b""
        if len(self._buf) < start + length:
            return None
        payload = bytes(self._buf[start : start + length])
        del self._buf[: start + length]
        self.stats.frames += 1
        return payload

    def _junk(self, n: int) -> bytes:
        self.stats.junk_bytes += n
        del self._buf[:n]
        return b""
