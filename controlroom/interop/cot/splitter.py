"""Split a Cursor-on-Target XML byte stream into single ``<event>`` documents.

Accepts bytes exactly as read from a socket: chunks cut anywhere (mid-tag, mid-attribute,
mid-UTF-8 sequence), events back to back with no separator, with or without ``<?xml ...?>``
declarations and whitespace between them, single- or double-quoted attributes (which may hold
``>``), CDATA sections and comments. Yields each event as bytes starting ``<event`` and ending
``</event>`` or ``/>``; nothing here parses XML or decodes text.

Never raises on content. Junk between events is skipped and counted; an event that would exceed
``max_event_bytes`` is dropped and counted, and the splitter resynchronises at the next
``<event``; an event cut short by the start of another (``<event`` or ``<?xml`` inside it) is
dropped as truncated. The buffer never holds much more than ``max_event_bytes`` plus one chunk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_MAX_EVENT_BYTES = 64 * 1024

_SEEK, _TAG, _BODY = range(3)
_EVENT = b"<event"
_DELIMS = b" \t\r\n/>"
_TAG_SPECIAL = re.compile(rb"[<>'\"]")
_END_TAG = re.compile(rb"</event\s*>")
_PARTIAL_END = re.compile(rb"</event\s*")
_SPACE_AND_DECLS = re.compile(rb"\s+|<\?xml[^<>]*\?>")
_START_TAG = re.compile(rb"<event(?:\s+[^\s=<>/'\"]+\s*=\s*(?:'[^'<]*'|\"[^\"<]*\"))*\s*(/?)>")
_OPENERS = (b"</event", b"<![CDATA[", b"<!--", b"<event", b"<?xml")
_HOLD_BACK = 256  # bytes kept while seeking, for a declaration or "<event" split by a read


@dataclass(slots=True)
class SplitterStats:
    """Counters for one stream: what came out and what was thrown away."""

    events: int = 0
    junk_bytes: int = 0
    oversized: int = 0
    truncated: int = 0


class EventSplitter:
    """Incremental splitter: ``feed(chunk)`` returns the events completed by that chunk."""

    def __init__(self, max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES) -> None:
        self.max_event_bytes = max_event_bytes
        self.stats = SplitterStats()
        self._buf = bytearray()
        self._phase = _SEEK
        self._scan = 0  # where scanning resumes in _buf
        self._quote = b""  # open quote inside the start tag, empty when none
        self._until = b""  # terminator of an open CDATA section or comment
        self._discarding = False  # after an oversized event: skip without counting junk

    @property
    def buffered(self) -> int:
        return len(self._buf)

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        out: list[bytes] = []
        while self._step(out):
            pass
        return out

    def _step(self, out: list[bytes]) -> bool:
        """Advance one phase; False when more data is needed."""
        if self._phase == _SEEK:
            return self._seek()
        done = self._scan_tag() if self._phase == _TAG else self._scan_body()
        if done is None:
            return self._check_size()
        if done is False:
            return True
        return self._emit(done, out)

    # -- seeking the next event --------------------------------------------------------------

    def _seek(self) -> bool:
        buf, pos = self._buf, 0
        while True:
            idx = buf.find(_EVENT, pos)
            if idx < 0:
                self._skip(self._keep_from())
                return False
            if idx + len(_EVENT) >= len(buf):
                self._skip(idx)
                return False
            if buf[idx + len(_EVENT)] in _DELIMS:
                self._skip(idx)
                self._phase, self._scan, self._quote = _TAG, len(_EVENT), b""
                self._discarding = False
                return True
            pos = idx + 1

    def _keep_from(self) -> int:
        """Where to cut the buffer when no event starts in it: keep a possible partial opener."""
        buf = self._buf
        last = buf.rfind(b"<", max(0, len(buf) - _HOLD_BACK))
        if last >= 0 and b">" not in buf[last:]:
            return last
        return len(buf)

    def _skip(self, upto: int) -> None:
        if upto <= 0:
            return
        if not self._discarding:
            self.stats.junk_bytes += len(_SPACE_AND_DECLS.sub(b"", bytes(self._buf[:upto])))
        del self._buf[:upto]

    # -- inside an event ---------------------------------------------------------------------

    def _scan_tag(self) -> int | bool | None:
        """Scan the start tag: end offset if self-closing, False to go on, None for more data."""
        whole = _START_TAG.match(self._buf, 0, self._limit()) if self._scan == 6 else None
        if whole is not None:  # fast path: the whole well-formed start tag is here
            if whole.group(1):
                return whole.end()
            self._phase, self._scan = _BODY, whole.end()
            return False
        buf, i, limit = self._buf, self._scan, self._limit()
        while True:
            if self._quote:
                j = buf.find(self._quote, i, limit)
                k = buf.find(b"<", i, j if j >= 0 else limit)
                if k >= 0:
                    return self._truncate(k)
                if j < 0:
                    self._scan = max(i, limit)
                    return None
                self._quote, i = b"", j + 1
                continue
            m = _TAG_SPECIAL.search(buf, i, limit)
            if m is None:
                self._scan = max(i, limit)
                return None
            c, i = buf[m.start()], m.end()
            if c == 0x3C:  # '<'
                return self._truncate(m.start())
            if c != 0x3E:  # a quote opens
                self._quote = bytes((c,))
                continue
            if buf[m.start() - 1] == 0x2F:  # '/>'
                return i
            self._phase, self._scan = _BODY, i
            return False

    def _scan_body(self) -> int | bool | None:
        """Scan content for ``</event>``: end offset, False to go on, None for more data."""
        buf, i, limit = self._buf, self._scan, self._limit()
        if not self._until:
            end = _END_TAG.search(buf, i, limit)
            if end is not None and self._plain(i, end.start()):
                return end.end()  # fast path: no CDATA, comment or event start before it
        while True:
            if self._until:
                j = buf.find(self._until, i, limit)
                if j < 0:
                    self._scan = max(i, limit - len(self._until) + 1)
                    return None
                i, self._until = j + len(self._until), b""
            j = buf.find(b"<", i, limit)
            if j < 0:
                self._scan = max(i, limit)
                return None
            m = _END_TAG.match(buf, j)
            if m:
                return m.end()
            kind = self._opener(j)
            if kind is None:
                self._scan = j
                return None
            if kind in (b"<event", b"<?xml"):
                return self._truncate(j)
            self._until = {b"<![CDATA[": b"]]>", b"<!--": b"-->"}.get(kind, b"")
            i = j + (len(kind) if self._until else 1)

    def _plain(self, i: int, j: int) -> bool:
        buf = self._buf
        return (
            buf.find(b"<!", i, j) < 0 and buf.find(b"<?", i, j) < 0 and buf.find(_EVENT, i, j) < 0
        )

    def _opener(self, j: int) -> bytes | None:
        """Which construct starts at ``j``; None when the buffer ends too soon to tell."""
        head = bytes(self._buf[j : j + 10])
        for opener in _OPENERS:
            if head.startswith(opener):
                if opener == b"</event" and _PARTIAL_END.fullmatch(self._buf, j):
                    return None
                if opener != b"<event" or len(head) > 6 and head[6] in _DELIMS:
                    return opener
                if len(head) == 6:
                    return None
            elif opener.startswith(head):
                return None
        return b"<"

    def _limit(self) -> int:
        return min(len(self._buf), self.max_event_bytes + 1)

    def _truncate(self, at: int) -> bool:
        self.stats.truncated += 1
        del self._buf[:at]
        self._reset()
        return False

    def _check_size(self) -> bool:
        if len(self._buf) <= self.max_event_bytes:
            return False
        self.stats.oversized += 1
        self._discarding = True
        del self._buf[: len(_EVENT)]  # so the seek does not find this event again
        self._reset()
        return True

    def _emit(self, end: int, out: list[bytes]) -> bool:
        if end > self.max_event_bytes:
            return self._check_size()
        out.append(bytes(self._buf[:end]))
        del self._buf[:end]
        self.stats.events += 1
        self._reset()
        return True

    def _reset(self) -> None:
        self._phase, self._scan, self._quote, self._until = _SEEK, 0, b"", b""
