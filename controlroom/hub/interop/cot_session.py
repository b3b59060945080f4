"""What one CoT connection's events do to the hub.

Friendly positions move units and set their team and role (from ``__group``): all of a read
chunk's positions go to the writer as one ping batch per unit, not one job per event.
``b-a-o-tbl``/``pan``/``opn`` raise the sender's
emergency and ``b-a-o-can`` cancels it; ``b-t-f`` chat becomes a message from the unit. Markers,
shapes, pings and anything else are counted and ignored. A uid no device is registered under is
counted and dropped (or provisioned, with ``--accept-unknown-devices``).
"""

from __future__ import annotations

import logging
from collections import Counter

from controlroom.hub.context import DeviceIdentity, Hub
from controlroom.hub.dispatch import set_unit_group
from controlroom.hub.emergencies import end_emergency, raise_emergency
from controlroom.hub.errors import ApiError
from controlroom.hub.interop.devices import ExternalDevices
from controlroom.hub.interop.pings import ping_row
from controlroom.hub.limits import LIMITS
from controlroom.hub.messages import message_from_unit
from controlroom.interop.cot import CotEvent, CotKind
from controlroom.timeutil import now

log = logging.getLogger(__name__)
EMERGENCY_SUFFIX = "-9-1-1"
MAX_CHAT_CHARS = 2000
UNVERIFIED_TAK = "tak unverified"  # GeoChat from plain TCP: nobody vouches for the sender


class CotSession:
    """`only_uid`: the one uid a TLS client's certificate may speak for (None on plain TCP,
    where nothing is authenticated: no emergency cancelled, no position ahead of the clock
    beyond a few seconds, and chat marked unverified)."""

    def __init__(
        self,
        hub: Hub,
        devices: ExternalDevices,
        client: str,
        counts: Counter,
        only_uid: str | None = None,
    ):
        self.hub = hub
        self.devices = devices
        self.client = client
        self.counts = counts  # shared by the listener: what every connection sent
        self.only_uid = only_uid
        self.authenticated = only_uid is not None
        self.own: set[str] = set()  # call signs this connection reports for: not echoed back
        self.pings = 0  # keep-alives to answer
        self.groups: dict[int, tuple] = {}  # unit id -> (team, role) last stored from here

    async def apply(self, events: list[CotEvent]) -> None:
        batch: dict[DeviceIdentity, list[tuple]] = {}
        received = now()
        for ev in events:
            self.counts[ev.kind.value] += 1
            if ev.kind is CotKind.POSITION:
                await self._position(ev, batch, received)
            elif ev.kind is CotKind.PING and ev.type.startswith("t-x-c-t"):
                self.pings += 1
            elif ev.kind in (CotKind.EMERGENCY, CotKind.EMERGENCY_CANCEL, CotKind.CHAT):
                await self._flush(batch, received)
                await self._act(ev)
        await self._flush(batch, received)

    async def _position(self, ev: CotEvent, batch: dict, received: float) -> None:
        device = await self._device(ev.uid, ev.callsign)
        if device is None:
            return
        row = ping_row(
            ev.time.timestamp(),
            ev.lat,
            ev.lon,
            received,
            ev.ce,
            ev.speed_mps,
            ev.course_deg,
            ev.battery_pct,
            LIMITS.future_skew_s if self.authenticated else LIMITS.untrusted_future_skew_s,
        )
        if row is None:
            self.counts["position_refused"] += 1
            return
        batch.setdefault(device, []).append(row)
        group = (_clip(ev.group_name), _clip(ev.group_role))
        if any(group) and self.groups.get(device.unit_id) != group:
            self.groups[device.unit_id] = group
            await self.hub.writer.run(set_unit_group(device.unit_id, device.callsign, *group))

    async def _flush(self, batch: dict, received: float) -> None:
        for device, rows in batch.items():
            await self.hub.writer.pings(device.unit_id, device.callsign, rows, received)
            self.counts["stored"] += len(rows)
        batch.clear()

    async def _act(self, ev: CotEvent) -> None:
        if ev.kind is CotKind.CHAT:
            sender = ev.chat.sender_uid if ev.chat and ev.chat.sender_uid else ev.uid
            device = await self._device(sender, ev.chat.sender_callsign if ev.chat else None)
            text = (ev.chat.text if ev.chat else ev.remarks or "").strip()[:MAX_CHAT_CHARS]
            if device is not None and text:
                via = "tak" if self.authenticated else UNVERIFIED_TAK
                await self.hub.writer.run(message_from_unit(device, text, self.client, via=via))
            return
        device = await self._device(_sender_of_alert(ev), ev.callsign)
        if device is None:
            return
        if ev.kind is CotKind.EMERGENCY_CANCEL and not self.authenticated:
            # Anyone on the network could send it: only the officer's own device may end it.
            self.counts["cancel_refused"] += 1
            log.warning("CoT emergency cancel for %s refused: not authenticated", device.callsign)
            return
        if ev.kind is CotKind.EMERGENCY:
            job = raise_emergency(device, ev.lat, ev.lon, "cot", self.client)
        else:
            job = end_emergency(None, f"device:{device.callsign}", self.client, device=device)
        try:
            await self.hub.writer.run(job)
        except ApiError as exc:  # a cancel with nothing to cancel
            self.counts["refused"] += 1
            log.info("CoT %s from %s refused: %s", ev.type, device.callsign, exc.detail)

    async def _device(self, uid: str | None, callsign: str | None) -> DeviceIdentity | None:
        if not uid:
            self.counts["unknown_device"] += 1
            return None
        if self.only_uid is not None and uid != self.only_uid:
            self.counts["uid_mismatch"] += 1  # a certificate speaks for its own device only
            return None
        device = await self.devices.unit_for(uid, callsign, self.client)
        if device is None:
            self.counts["unknown_device"] += 1
            return None
        self.own.add(device.callsign)
        return device


def _clip(text: str | None) -> str | None:
    return text.strip()[:40] or None if text else None


def _sender_of_alert(ev: CotEvent) -> str:
    """An alert's own uid is '<sender uid>-9-1-1'; its p-p link names the sender."""
    if ev.link_uid and ev.link_relation in (None, "p-p"):
        return ev.link_uid
    return ev.uid.removesuffix(EMERGENCY_SUFFIX)
