"""Which unit a device reporting through an interop protocol belongs to.

An OsmAnd device id or a CoT uid is a device's ``external_id``
(``controlroom admin register-device CS --external-id ID``). An id nobody registered is
refused, unless the hub runs with ``--accept-unknown-devices``: then the first report provisions
a new unit, marked unverified, named after the call sign the device gave (or its id).
"""

from __future__ import annotations

import asyncio
import hashlib
import time

from sqlalchemy import select

from controlroom.contract.events import EventType as E
from controlroom.hub.accounts import register_device
from controlroom.hub.context import DeviceIdentity, Hub
from controlroom.hub.eventlog import EventRow
from controlroom.hub.writer import Tx
from controlroom.store.schema import Device, Unit

DEVICES, UNITS = Device.__table__, Unit.__table__
CACHE_SECONDS = 30.0
UNKNOWN_CACHE_SECONDS = 2.0  # an id registered just after a refused report works soon
CALLSIGN_CHARS = 32


class ExternalDevices:
    def __init__(self, hub: Hub, accept_unknown: bool = False):
        self.hub = hub
        self.accept_unknown = accept_unknown
        self._known: dict[str, tuple[float, DeviceIdentity | None]] = {}
        self._pending: dict[str, asyncio.Future] = {}
        hub.broadcaster.listeners.append(self._forget_revoked)

    async def unit_for(self, external_id: str, callsign: str | None, client: str):
        """The device's identity, or None when it is unknown (and may not be provisioned)."""
        cached = self._known.get(external_id)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        pending = self._pending.get(external_id)
        if pending is not None:
            return await asyncio.shield(pending)
        future = asyncio.get_running_loop().create_future()
        self._pending[external_id] = future
        try:
            identity = await self._resolve(external_id, callsign, client)
            future.set_result(identity)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: the waiters see it, the loop need not log it
            raise
        finally:
            del self._pending[external_id]
        ttl = CACHE_SECONDS if identity is not None else UNKNOWN_CACHE_SECONDS
        self._known[external_id] = (time.monotonic() + ttl, identity)
        return identity

    async def _resolve(self, external_id: str, callsign: str | None, client: str):
        identity = await asyncio.to_thread(self._load, external_id)
        if identity is None and self.accept_unknown:
            identity = await self.hub.writer.run(_provision(external_id, callsign, client))
        return identity

    def _load(self, external_id: str) -> DeviceIdentity | None:
        with self.hub.engine.connect() as connection:
            row = connection.execute(
                select(DEVICES.c.id, DEVICES.c.unit_id, UNITS.c.callsign)
                .join(UNITS, UNITS.c.id == DEVICES.c.unit_id)
                .where(DEVICES.c.external_id == external_id, DEVICES.c.revoked_at.is_(None))
            ).first()
        return DeviceIdentity(row.id, row.unit_id, row.callsign) if row else None

    async def bound_uid(self, fingerprint: str, common_name: str | None) -> str | None:
        """The one uid a TLS client holding this certificate may speak for, or None.

        A device registered with the certificate's fingerprint binds it to that device's
        external id; otherwise a device registered under the certificate's common name, with
        no certificate of its own, may use it (and, with ``--accept-unknown-devices``, a
        common name no device has yet may be provisioned)."""
        return await asyncio.to_thread(self._bound_uid, fingerprint, common_name)

    def _bound_uid(self, fingerprint: str, common_name: str | None) -> str | None:
        live = DEVICES.c.revoked_at.is_(None)
        with self.hub.engine.connect() as connection:
            bound = connection.execute(
                select(DEVICES.c.external_id).where(DEVICES.c.cert_fingerprint == fingerprint, live)
            ).scalar()
            if bound is not None or not common_name:
                return bound
            named = connection.execute(
                select(DEVICES.c.cert_fingerprint).where(DEVICES.c.external_id == common_name, live)
            ).first()
        if named is None:
            return common_name if self.accept_unknown else None
        return common_name if named.cert_fingerprint is None else None

    def _forget_revoked(self, row: EventRow) -> None:
        if row.type == E.DEVICE_REVOKED:
            self._known.clear()


def _provision(external_id: str, callsign: str | None, client: str):
    """A job: a new unverified unit for the device (another process may have just made it)."""

    def job(tx: Tx) -> DeviceIdentity:
        existing = tx.execute(
            select(DEVICES.c.id, DEVICES.c.unit_id, UNITS.c.callsign)
            .join(UNITS, UNITS.c.id == DEVICES.c.unit_id)
            .where(DEVICES.c.external_id == external_id, DEVICES.c.revoked_at.is_(None))
        ).first()
        if existing is not None:
            return DeviceIdentity(existing.id, existing.unit_id, existing.callsign)
        name = _free_callsign(tx, callsign or external_id, external_id)
        made = register_device(name, "foot", False, external_id, "interop", client, verified=False)(
            tx
        )
        unit_id = tx.execute(select(UNITS.c.id).where(UNITS.c.callsign == name)).scalar_one()
        return DeviceIdentity(made["device_id"], unit_id, name)

    return job


def _free_callsign(tx: Tx, wanted: str, external_id: str) -> str:
    """The call sign asked for, unless a unit has it: never attach a stranger to our unit."""
    name = wanted.strip()[:CALLSIGN_CHARS] or external_id[:CALLSIGN_CHARS]
    if tx.execute(select(UNITS.c.id).where(UNITS.c.callsign == name)).first() is None:
        return name
    suffix = "~" + hashlib.sha1(external_id.encode()).hexdigest()[:6]
    return name[: CALLSIGN_CHARS - len(suffix)] + suffix
