"""What every request handler needs: the store, the writer, the stream and the keys."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from controlroom.contract.events import EventType as E
from controlroom.hub.auditchain import AuditChain
from controlroom.hub.blobstore import DatabaseStore, store_for
from controlroom.hub.board import UnitBoard
from controlroom.hub.broadcast import Broadcaster
from controlroom.hub.dissemination import restrict_withheld, withhold_recent
from controlroom.hub.eventlog import EventRow
from controlroom.hub.keys import token_signing_key
from controlroom.hub.linking import Linker
from controlroom.hub.signin_guard import FailureWindows, PasswordChecks
from controlroom.hub.signins import SignIns
from controlroom.hub.writer import ServiceUnavailable, Writer
from controlroom.security import AccessTokens
from controlroom.store.schema import Device, Unit

log = logging.getLogger(__name__)

DEVICE_CACHE_SECONDS = 30.0
SWEEP_EVERY_S = 600.0  # unreferenced attachment files are looked for this often


@dataclass(frozen=True, slots=True)
class DeviceIdentity:
    device_id: int
    unit_id: int
    callsign: str


@dataclass(frozen=True, slots=True)
class UserIdentity:
    user_id: int
    username: str
    role: str
    expires_at: float = 0.0  # of the access token that named this user (0: not from a token)
    family: str = ""  # the sign-in (refresh-token family) that token came from


class Hub:
    """`require_reason` names the sensitive reads (``vocabulary.SENSITIVE_READS``) that this
    force asks a stated reason for (``controlroom hub --require-reason``)."""

    def __init__(
        self,
        engine: Engine,
        data_dir: Path,
        keepalive_s: float = 15.0,
        stale_after_s: float = 120.0,
        sweep_every_s: float = SWEEP_EVERY_S,
        require_reason: frozenset[str] = frozenset(),
    ):
        self.engine = engine
        self.data_dir = data_dir
        self.attachments_dir = data_dir / "attachments"
        self.blobs = store_for(engine, self.attachments_dir)
        self.keepalive_s = keepalive_s
        self.stale_after_s = stale_after_s
        self.sweep_every_s = sweep_every_s
        self.interop_counts: dict[str, dict] = {}  # listener name -> what it has counted
        self.connection_counts: Counter[str] = Counter()  # refused at the cap, timed out
        self.require_reason = require_reason
        self.broadcaster = Broadcaster(engine, restrict_withheld)
        self.audit_chain = AuditChain.open(engine, data_dir)
        self.writer = Writer(engine, self.broadcaster.committed, self.audit_chain)
        self.tokens = AccessTokens(token_signing_key(data_dir))
        self.signins = SignIns(engine)
        self.signin_failures = FailureWindows()
        self.passwords = PasswordChecks()
        self._devices: dict[str, tuple[float, DeviceIdentity]] = {}
        self._tasks: list[asyncio.Task] = []
        # Names this process among the hubs on one store (`serve` adds the port it listens on).
        self.instance = f"{socket.gethostname()}/{os.getpid()}"
        self.commit_listener = None
        if engine.dialect.name == "postgresql":
            from controlroom.hub.notify import CommitListener

            self.commit_listener = CommitListener(engine, self.broadcaster.heard)
        self.board = UnitBoard()
        for forget in (self._forget_revoked, self.signins.forget):
            self.broadcaster.on_own_commit.append(forget)  # before the change is answered
            self.broadcaster.listeners.append(forget)  # and from other hub processes
        self.broadcaster.listeners.append(self.board.apply)
        self.linker = Linker(engine, self.writer)
        self.broadcaster.listeners.append(self.linker.heard)
        from controlroom.hub.briefing_watch import BriefingWatcher  # its jobs import this module

        self.briefing_watch = BriefingWatcher(engine, self.writer)
        self.broadcaster.listeners.append(self.briefing_watch.heard)
        self.broadcaster.listeners.append(self._withhold)

    def start(self) -> None:
        self.blobs.start()
        self.broadcaster.start(asyncio.get_running_loop())
        self.board.load(self.engine)
        self.writer.start()
        if self.commit_listener is not None:
            self.commit_listener.start()
        self._tasks = [
            asyncio.ensure_future(self._poll_other_processes()),
            asyncio.ensure_future(self._watch_silent_units()),
            asyncio.ensure_future(self._sweep_attachments()),
            asyncio.ensure_future(self._adopt_attachment_files()),
            *self.linker.start(),
            *self.briefing_watch.start(),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        self.broadcaster.close()
        if self.commit_listener is not None:
            await asyncio.to_thread(self.commit_listener.stop)
        self.passwords.close()
        await asyncio.to_thread(self.writer.stop)

    async def _poll_other_processes(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            self.broadcaster.poll()

    async def _watch_silent_units(self) -> None:
        from controlroom.hub.dispatch import alert_silent_units

        interval = min(5.0, self.stale_after_s / 4)
        while True:
            await asyncio.sleep(interval)
            try:
                await self.writer.run(alert_silent_units(self.stale_after_s))
            except ServiceUnavailable as exc:
                log.warning("checking for silent units failed: %s", exc)
            except Exception:
                log.exception("checking for silent units failed")

    async def _sweep_attachments(self) -> None:
        while True:
            await asyncio.sleep(self.sweep_every_s)
            try:
                await asyncio.to_thread(self.blobs.sweep)
            except Exception:
                log.exception("sweeping the attachment store failed")

    async def _adopt_attachment_files(self) -> None:
        if isinstance(self.blobs, DatabaseStore):
            try:
                await asyncio.to_thread(self.blobs.adopt_files)
            except Exception:
                log.exception("copying attachment files into the database store failed")

    async def device_for(self, digest: str) -> DeviceIdentity | None:
        cached = self._devices.get(digest)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        identity = await asyncio.to_thread(self._load_device, digest)
        if identity is not None:
            self._devices[digest] = (time.monotonic() + DEVICE_CACHE_SECONDS, identity)
        else:
            self._devices.pop(digest, None)
        return identity

    def _load_device(self, digest: str) -> DeviceIdentity | None:
        devices, units = Device.__table__, Unit.__table__
        with self.engine.connect() as connection:
            row = connection.execute(
                select(devices.c.id, devices.c.unit_id, units.c.callsign)
                .join(units, units.c.id == devices.c.unit_id)
                .where(devices.c.token_hash == digest, devices.c.revoked_at.is_(None))
            ).first()
        return DeviceIdentity(row.id, row.unit_id, row.callsign) if row else None

    def _withhold(self, row: EventRow) -> None:
        withhold_recent(self.broadcaster.remembered(), row)

    def _forget_revoked(self, row: EventRow) -> None:
        if row.type == E.DEVICE_REVOKED:
            device_id = int(row.subject)
            for digest, (_, identity) in list(self._devices.items()):
                if identity.device_id == device_id:
                    del self._devices[digest]
