"""Connection limits uvicorn does not have, as its httptools protocol with deadlines added.

uvicorn times out only an idle keep-alive connection between requests: a client that sends a
request's first bytes and then trickles (or nothing) holds its connection and a descriptor for
ever, and a client that stops reading a response holds it too. :class:`GuardedHttp` adds:

- a header deadline: a request's headers must be complete within ``header_timeout`` seconds of
  the connection opening or of the previous response (a total, so trickling does not help);
- a body idle timeout: while a body is being received, ``body_timeout`` seconds without a byte
  end the connection;
- a write timeout: a response the client has stopped reading (the send buffer stays full) for
  ``write_timeout`` seconds ends the connection: a stalled event stream is dropped, and the
  client resumes from its Last-Event-ID;
- a connection cap: beyond ``max_connections`` open connections (kept below the process's
  descriptor limit) a new connection is answered 503 and closed at once.
"""

from __future__ import annotations

import asyncio
import resource
from collections import Counter
from dataclasses import dataclass

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from controlroom.hub.limits import LIMITS

DESCRIPTORS_KEPT = 128  # for the store, attachments, listeners and logs
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
    b"retry-after: 1\r\nconnection: close\r\ncontent-length: 63\r\n\r\n"
    b'{"error":"unavailable","detail":"too many connections; retry"}\n'
)


@dataclass(frozen=True)
class Deadlines:
    header_timeout: float = LIMITS.header_timeout_s
    body_timeout: float = LIMITS.body_timeout_s
    write_timeout: float = LIMITS.write_timeout_s
    max_connections: int = LIMITS.max_connections

    @classmethod
    def from_args(cls, args) -> Deadlines:
        """The deadlines and cap `controlroom hub` was given (its defaults where absent)."""
        given = {name: getattr(args, name, None) for name in cls.__dataclass_fields__}
        return cls(**{name: value for name, value in given.items() if value is not None})


def connection_cap(wanted: int) -> int:
    """`wanted`, or fewer where the descriptor limit would be reached first."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(16, min(wanted, soft - DESCRIPTORS_KEPT))


def guarded(deadlines: Deadlines, counts: Counter[str]) -> type[HttpToolsProtocol]:
    """The protocol class to give uvicorn (``Config(http=...)``) for these deadlines; it
    counts connections refused at the cap and ended by each deadline into `counts`."""
    cap = connection_cap(deadlines.max_connections)
    attributes = {"deadlines": deadlines, "cap": cap, "counts": counts}
    return type("GuardedHttp", (GuardedHttp,), attributes)


class GuardedHttp(HttpToolsProtocol):
    deadlines = Deadlines()
    cap = LIMITS.max_connections
    counts: Counter[str] = Counter()

    _timer: asyncio.TimerHandle | None = None
    _waiting_for = ""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if len(self.connections) >= self.cap:
            self.counts["refused_at_cap"] += 1
            transport.write(BUSY)
            transport.close()
            return
        super().connection_made(transport)
        self._arm("header_timeout")

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self.transport is not None:
            super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.transport is None:
            return
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._arm("body_timeout")  # until the message is complete (at once without a body)
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        self._arm("body_timeout")
        super().on_body(body)

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm("header_timeout")  # for the next request on this connection

    def pause_writing(self) -> None:
        super().pause_writing()
        self._arm("write_timeout")

    def resume_writing(self) -> None:
        super().resume_writing()
        self._disarm()

    def _arm(self, deadline: str) -> None:
        self._disarm()
        self._waiting_for = deadline
        self._timer = self.loop.call_later(getattr(self.deadlines, deadline), self._expired)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expired(self) -> None:
        self._timer = None
        if self.transport is not None and not self.transport.is_closing():
            self.counts[self._waiting_for] += 1
            self.transport.abort()
