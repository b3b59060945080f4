"""TAK clients for the hub tests, built on pytak (connections, framing to TAK protocol v1) and
takproto (decoding what the hub sends back): code nobody here wrote."""

from __future__ import annotations

import asyncio
import uuid
import warnings
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from datetime import UTC, datetime, timedelta

import takproto

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # pytak warns at import when aiohttp is absent
    import pytak


def config(url: str, proto: int = 0, **tls: str):
    parser = ConfigParser(interpolation=None)
    parser["pytak"] = {"COT_URL": url, "TAK_PROTO": str(proto), **tls}
    return parser["pytak"]


class TakClient:
    """One pytak connection: `send` goes through pytak's TXWorker (which makes v1 frames when
    TAK_PROTO=1); what arrives is collected as {uid: callsign, ...} dicts."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.received: list[dict] = []
        self._buffer = b""

    async def connect(self) -> TakClient:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.reader, self.writer = await pytak.protocol_factory(self.cfg)
        self.tx = pytak.TXWorker(asyncio.Queue(), self.cfg, self.writer)
        self._reading = asyncio.ensure_future(self._read())
        return self

    async def send(self, *events: bytes) -> None:
        for data in events:
            await self.tx.send_data(data)

    async def close(self) -> None:
        self._reading.cancel()
        self.writer.close()

    async def _read(self) -> None:
        while data := await self.reader.read(65536):
            self._buffer += data
            self._drain()

    def _drain(self) -> None:
        if self._buffer[:1] == b"\xbf":
            while True:
                frame = _take_v1(self._buffer)
                if frame is None:
                    return
                size, message = frame
                self._buffer = self._buffer[size:]
                self.received.append(_from_v1(message))
        while b"</event>" in self._buffer:
            doc, _, self._buffer = self._buffer.partition(b"</event>")
            self.received.append(_from_xml(ET.fromstring(doc + b"</event>")))

    def callsigns(self) -> set[str]:
        return {event["callsign"] for event in self.received}


def _take_v1(buffer: bytes):
    """(bytes used, TakMessage) for one stream-form frame, read by takproto."""
    if len(buffer) < 3:
        return None
    length, pos = 0, 1
    for shift in range(0, 64, 7):
        if pos >= len(buffer):
            return None
        byte = buffer[pos]
        pos += 1
        length |= (byte & 0x7F) << shift
        if not byte & 0x80:
            break
    if len(buffer) < pos + length:
        return None
    return pos + length, takproto.parse_proto(buffer[: pos + length])


def _from_v1(message) -> dict:
    ev = message.cotEvent
    return {
        "uid": ev.uid,
        "type": ev.type,
        "callsign": ev.detail.contact.callsign,
        "lat": ev.lat,
        "lon": ev.lon,
        "stale_ms": ev.staleTime - ev.sendTime,
        "protocol": "v1",
    }


def _from_xml(event: ET.Element) -> dict:
    point, contact = event.find("point"), event.find("detail/contact")
    return {
        "uid": event.get("uid"),
        "type": event.get("type"),
        "callsign": contact.get("callsign") if contact is not None else None,
        "lat": float(point.get("lat")),
        "lon": float(point.get("lon")),
        "stale": event.get("stale"),
        "protocol": "xml",
    }


def position(uid: str, callsign: str, lat: float, lon: float) -> bytes:
    """A friendly position report as pytak makes one."""
    return pytak.gen_cot(lat=lat, lon=lon, uid=uid, cot_type="a-f-G-U-C", callsign=callsign)


def geochat(uid: str, callsign: str, text: str) -> bytes:
    """A GeoChat message to All Chat Rooms, as ATAK sends it."""
    now = datetime.now(UTC)
    t = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    stale = (now + timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return (
        f'<event version="2.0" uid="GeoChat.{uid}.All Chat Rooms.{uuid.uuid4()}" type="b-t-f" '
        f'how="h-g-i-g-o" time="{t}" start="{t}" stale="{stale}"><point lat="53.01" lon="-2.2" '
        f'hae="100" ce="10" le="9999999.0"/><detail><__chat parent="RootContactGroup" '
        f'chatroom="All Chat Rooms" id="All Chat Rooms" senderCallsign="{callsign}">'
        f'<chatgrp uid0="{uid}" uid1="All Chat Rooms" id="All Chat Rooms"/></__chat>'
        f'<link uid="{uid}" type="a-f-G-U-C" relation="p-p"/><remarks source="BAO.F.ATAK.{uid}" '
        f'to="All Chat Rooms">{text}</remarks></detail></event>'
    ).encode()
