"""Cursor-on-Target out: every connected TAK client receives our units' positions.

Listens to the event log for ``unit.position`` events that moved a unit, encodes each once per
protocol (XML, or TAK protocol v1 stream form for clients that speak it) and writes them to each
client in one write per loop turn, leaving out the units that client itself reports for. A newly
connected client first gets every unit seen within the stale window. A client that does not read
(its send buffer passes ``max_buffer`` bytes) is disconnected rather than slowing anyone else.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import orjson
from sqlalchemy import select

from controlroom.contract.events import EventType as E
from controlroom.hub.context import Hub
from controlroom.hub.eventlog import EventRow
from controlroom.interop.cot import PROTOCOL_TAKV1, UnitPosition, position_stream, position_xml
from controlroom.store.schema import Unit
from controlroom.timeutil import now, parse_iso

log = logging.getLogger(__name__)
UNITS = Unit.__table__
UID_PREFIX = "controlroom-"
PROTOCOL_WAIT_S = 1.0


class CotClient:
    __slots__ = ("writer", "protocol", "own", "sent", "ready")

    def __init__(self, writer: asyncio.StreamWriter, own: set[str]):
        self.writer = writer
        self.protocol: str | None = None
        self.own = own
        self.sent = 0
        self.ready = False

    def send(self, frames: list[bytes]) -> None:
        if frames and not self.writer.is_closing():
            self.writer.write(b"".join(frames))
            self.sent += len(frames)


class _Encoded:
    """One position, encoded at most once per protocol however many clients receive it."""

    __slots__ = ("callsign", "unit", "_xml", "_v1")

    def __init__(self, callsign: str, unit: UnitPosition):
        self.callsign, self.unit = callsign, unit
        self._xml: bytes | None = None
        self._v1: bytes | None = None

    def frame(self, protocol: str | None) -> bytes:
        if protocol == PROTOCOL_TAKV1:
            if self._v1 is None:
                self._v1 = position_stream(self.unit)
            return self._v1
        if self._xml is None:
            self._xml = position_xml(self.unit)
        return self._xml


class CotFanout:
    def __init__(self, hub: Hub, max_buffer: int = 4 << 20):
        self.hub = hub
        self.stale_after = timedelta(seconds=max(hub.stale_after_s, 60.0))
        self.max_buffer = max_buffer
        self.clients: set[CotClient] = set()
        self.dropped_slow = 0
        self._pending: list[EventRow] = []
        self._tasks: set[asyncio.Task] = set()
        hub.broadcaster.listeners.append(self._on_event)

    def attach(self, writer: asyncio.StreamWriter, own: set[str]) -> CotClient:
        """Registers the client; it is sent nothing until :meth:`speaks` (or a second passes)."""
        client = CotClient(writer, own)
        self.clients.add(client)
        asyncio.get_running_loop().call_later(PROTOCOL_WAIT_S, self.speaks, client, None)
        return client

    def speaks(self, client: CotClient, protocol: str | None) -> None:
        """The client's protocol is known (None: it has said nothing; XML until it does)."""
        if client.ready:
            client.protocol = protocol or client.protocol
            return
        if client not in self.clients:
            return
        client.ready, client.protocol = True, protocol
        task = asyncio.ensure_future(self._send_current(client))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send_current(self, client: CotClient) -> None:
        try:
            current = await asyncio.to_thread(self._current_positions)
        except Exception:
            log.exception("reading current positions for a CoT client failed")
            return
        client.send([p.frame(client.protocol) for p in current if p.callsign not in client.own])

    def detach(self, client: CotClient) -> None:
        self.clients.discard(client)

    def _on_event(self, row: EventRow) -> None:
        if row.type != E.UNIT_POSITION or not self.clients:
            return
        if not self._pending:
            asyncio.get_running_loop().call_soon(self._flush)
        self._pending.append(row)

    def _flush(self) -> None:
        rows, self._pending = self._pending, []
        positions = [p for p in map(self._from_event, rows) if p is not None]
        for client in list(self.clients):
            if not client.ready:
                continue
            frames = [p.frame(client.protocol) for p in positions if p.callsign not in client.own]
            client.send(frames)
            if client.writer.transport.get_write_buffer_size() > self.max_buffer:
                log.warning("a CoT client is not reading; disconnecting it")
                self.dropped_slow += 1
                self.clients.discard(client)
                client.writer.transport.abort()

    def _from_event(self, row: EventRow) -> _Encoded | None:
        doc = orjson.loads(row.payload)
        if not doc.get("moved"):
            return None
        at = datetime.fromtimestamp(parse_iso(doc["last_seen"]), UTC)
        return self._encoded(doc["callsign"], doc, at)

    def _encoded(self, callsign: str, values, at: datetime) -> _Encoded:
        unit = UnitPosition(
            uid=UID_PREFIX + callsign,
            callsign=callsign,
            lat=values["lat"],
            lon=values["lon"],
            at=at,
            stale_after=self.stale_after,
            accuracy_m=values["accuracy_m"],
            speed_mps=values["speed_mps"],
            course_deg=values["heading_deg"],
            battery_pct=values["battery_pct"],
        )
        return _Encoded(callsign, unit)

    def _current_positions(self) -> list[_Encoded]:
        since = now() - self.stale_after.total_seconds()
        with self.hub.engine.connect() as connection:
            rows = connection.execute(
                select(UNITS).where(UNITS.c.last_seen > since, UNITS.c.lat.is_not(None))
            ).all()
        return [
            self._encoded(r.callsign, r._mapping, datetime.fromtimestamp(r.last_seen, UTC))
            for r in rows
        ]
