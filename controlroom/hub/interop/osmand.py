"""The OsmAnd listener: Traccar Client's reports over HTTP, on a port of their own.

A bare ASGI app (served by a second uvicorn server on the hub's loop): every request is one
report in any form :func:`controlroom.interop.osmand.parse_request` accepts. Answers 200 with
an empty body once stored, and 400 for a malformed report. Nothing on this port is
authenticated (the device id is taken on trust), so an id no device is registered under is
answered exactly as a known one is (200, empty, after a turn of the writer), counted and
dropped: the port cannot be used to learn which ids are registered. Positions may not be more
than a few seconds ahead of the hub's clock. ``alarm=sos`` raises an emergency for the unit
(source ``osmand``); nothing here can end one.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime

from controlroom.hub.context import Hub
from controlroom.hub.emergencies import raise_emergency
from controlroom.hub.interop.devices import ExternalDevices
from controlroom.hub.interop.pings import ping_row
from controlroom.hub.limits import LIMITS
from controlroom.hub.writer import Tx
from controlroom.interop.osmand import (
    OsmAndError,
    OsmAndReport,
    parse_request,
)
from controlroom.timeutil import now

log = logging.getLogger(__name__)
MAX_BODY = 64 * 1024


class OsmAndApp:
    def __init__(self, hub: Hub, devices: ExternalDevices):
        self.hub = hub
        self.devices = devices
        self.counts: Counter = Counter()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return
        try:
            status, text = await self._handle(scope, receive)
        except Exception:
            log.exception("an OsmAnd report failed")
            status, text = 503, "try again"
        body = text.encode()
        headers = [(b"content-type", b"text/plain"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _handle(self, scope, receive) -> tuple[int, str]:
        body = await _read_body(receive)
        if body is None:
            return 413, "body too large"
        target = scope["path"] + ("?" + scope["query_string"].decode("latin-1"))
        content_type = _header(scope, b"content-type")
        try:
            report = parse_request(scope["method"], target, body, content_type)
        except OsmAndError as exc:
            self.counts["malformed"] += 1
            return 400, str(exc)
        client = f"osmand:{(scope.get('client') or ('?',))[0]}"
        device = await self.devices.unit_for(report.device_id, None, client)
        if device is None:
            # Answered as a stored report is, after a turn of the writer as a stored report
            # waits for: which ids are registered cannot be learnt from here.
            self.counts["unknown_device"] += 1
            await self.hub.writer.run(_nothing)
            return 200, ""
        await self._store(report, device, client)
        return 200, ""

    async def _store(self, report: OsmAndReport, device, client: str) -> None:
        received = now()
        row = ping_row(
            _epoch(report.at),
            report.lat if report.valid else None,
            report.lon if report.valid else None,
            received,
            report.accuracy_m,
            report.speed_mps,
            report.heading_deg,
            report.battery_pct,
            LIMITS.untrusted_future_skew_s,  # nothing here is authenticated
        )
        if row is not None:
            await self.hub.writer.pings(device.unit_id, device.callsign, [row], received)
            self.counts["stored"] += 1
        if report.emergency:
            self.counts["emergency"] += 1
            job = raise_emergency(device, report.lat, report.lon, "osmand", client)
            await self.hub.writer.run(job)


def _nothing(_tx: Tx) -> None:
    """A job that writes nothing (what an unknown device's report costs)."""


def _epoch(moment: datetime) -> float:
    return moment.timestamp()


def _header(scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


async def _read_body(receive) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b""
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)
