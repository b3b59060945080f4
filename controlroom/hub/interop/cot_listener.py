"""The Cursor-on-Target listener: TAK clients over TCP, or TLS with client certificates.

Each connection gets its own :class:`CotStreamDecoder` (XML or TAK protocol v1, decided by its
first bytes) and :class:`CotSession`, and is registered with the :class:`CotFanout` so it
receives our units. On TLS the client's certificate names the one device it may speak for
(its fingerprint registered with ``register-device --cert-fingerprint``, or its common name
as the device's external id); a certificate bound to no device is refused. Malformed,
truncated and oversized events are dropped and counted by the decoder; a connection that
sends no complete event for ``idle_timeout`` seconds (silent, or trickling bytes) is closed.
Nothing a client sends can stop the listener.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import ssl
import time
from collections import Counter

from controlroom.hub.context import Hub
from controlroom.hub.interop.cot_out import CotFanout
from controlroom.hub.interop.cot_session import CotSession
from controlroom.hub.interop.devices import ExternalDevices
from controlroom.hub.interop.pong import pong
from controlroom.hub.limits import LIMITS
from controlroom.interop.cot import CotStreamDecoder

log = logging.getLogger(__name__)
READ_BYTES = 256 * 1024
MAX_EVENT_BYTES = 1 << 20
HANDSHAKE_TIMEOUT_S = 10.0


def tls_context(cert: str, key: str, client_ca: str) -> ssl.SSLContext:
    """Server side of TLS that only admits clients holding a certificate from `client_ca`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    context.load_verify_locations(client_ca)
    context.verify_mode = ssl.CERT_REQUIRED
    return context


class CotListener:
    def __init__(
        self,
        hub: Hub,
        devices: ExternalDevices,
        fanout: CotFanout,
        idle_timeout: float = 120.0,
        max_event_bytes: int = MAX_EVENT_BYTES,
        max_connections: int = LIMITS.max_connections,
    ):
        self.hub = hub
        self.devices = devices
        self.fanout = fanout
        self.idle_timeout = idle_timeout
        self.max_event_bytes = max_event_bytes
        self.max_connections = max_connections
        self.counts: Counter = Counter()
        self.connections = 0
        self._seen: dict[int, dict[str, int]] = {}

    async def start(self, host: str, port: int, tls: ssl.SSLContext | None = None):
        extra = {"ssl_handshake_timeout": HANDSHAKE_TIMEOUT_S} if tls else {}
        return await asyncio.start_server(
            self._serve, host, port, ssl=tls, limit=READ_BYTES, **extra
        )

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername") or ("?",)
        client = f"cot:{peer[0]}"
        if self.connections >= self.max_connections:
            self.counts["refused_at_cap"] += 1
            writer.transport.abort()
            return
        only_uid = None
        certificate = writer.get_extra_info("ssl_object")
        if certificate is not None:
            only_uid = await self._certificate_uid(certificate)
            if only_uid is None:
                self.counts["unbound_certificate"] += 1
                log.warning("CoT TLS client %s: its certificate is bound to no device", client)
                writer.transport.abort()
                return
        session = CotSession(self.hub, self.devices, client, self.counts, only_uid)
        decoder = CotStreamDecoder(self.max_event_bytes)
        out = self.fanout.attach(writer, session.own)
        self.connections += 1
        self.counts["connections"] += 1
        try:
            await self._read(reader, decoder, session, out)
        except TimeoutError:
            self.counts["timed_out"] += 1
        except (ConnectionError, ssl.SSLError, OSError) as exc:
            log.debug("CoT connection from %s ended: %r", client, exc)
        except Exception:
            log.exception("CoT connection from %s failed", client)
        finally:
            self.connections -= 1
            self.fanout.detach(out)
            self._account(decoder)
            self._seen.pop(id(decoder), None)
            writer.close()

    async def _certificate_uid(self, tls: ssl.SSLObject) -> str | None:
        """The uid this client's certificate may speak for (see ExternalDevices.bound_uid)."""
        der = tls.getpeercert(binary_form=True)
        if not der:
            return None
        fingerprint = hashlib.sha256(der).hexdigest()
        return await self.devices.bound_uid(fingerprint, _common_name(tls.getpeercert() or {}))

    async def _read(self, reader, decoder: CotStreamDecoder, session: CotSession, out) -> None:
        last_event = time.monotonic()
        while True:
            data = await asyncio.wait_for(reader.read(READ_BYTES), self.idle_timeout)
            if not data:
                return
            events = decoder.feed(data)
            self._account(decoder)
            if decoder.protocol and decoder.protocol != out.protocol:
                self.fanout.speaks(out, decoder.protocol)
            if events:
                last_event = time.monotonic()
                await session.apply(events)
                if session.pings:
                    session.pings = 0
                    out.writer.write(pong(out.protocol))
            elif time.monotonic() - last_event > self.idle_timeout:
                self.counts["timed_out"] += 1
                return

    def _account(self, decoder: CotStreamDecoder) -> None:
        """Add what the decoder has counted since the last call (it keeps running totals)."""
        stats = decoder.stats
        seen = self._seen.setdefault(id(decoder), {})
        for name in ("malformed", "oversized", "truncated", "junk_bytes"):
            value = getattr(stats, name)
            self.counts[name] += value - seen.get(name, 0)
            seen[name] = value


def _common_name(certificate: dict) -> str | None:
    """The subject's commonName of a certificate as `SSLObject.getpeercert()` gives it."""
    for part in certificate.get("subject", ()):
        for name, value in part:
            if name == "commonName":
                return value
    return None
