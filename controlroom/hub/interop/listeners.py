"""Starting the interop listeners the command line asked for, on the hub's own loop."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import uvicorn

from controlroom.hub.connguard import Deadlines, guarded
from controlroom.hub.context import Hub
from controlroom.hub.interop.cot_listener import CotListener, tls_context
from controlroom.hub.interop.cot_out import CotFanout
from controlroom.hub.interop.devices import ExternalDevices
from controlroom.hub.interop.osmand import OsmAndApp

log = logging.getLogger("controlroom.hub")


@dataclass
class Listeners:
    servers: list = field(default_factory=list)  # asyncio servers
    osmand: uvicorn.Server | None = None
    cot: CotListener | None = None

    async def stop(self) -> None:
        for server in self.servers:
            server.close()
        if self.osmand is not None:
            await self.osmand.shutdown()
        if self.cot is not None:
            log.info("CoT listener totals: %s", dict(sorted(self.cot.counts.items())))


def wanted(args) -> bool:
    return any(getattr(args, name, None) is not None for name in _PORT_FLAGS)


_PORT_FLAGS = ("osmand_port", "cot_port", "cot_tls_port")


async def start(hub: Hub, args) -> Listeners:
    listeners = Listeners()
    devices = ExternalDevices(hub, accept_unknown=args.accept_unknown_devices)
    if args.osmand_port is not None:
        app = OsmAndApp(hub, devices)
        hub.interop_counts["osmand"] = app.counts
        listeners.osmand = await _start_osmand(app, args)
    if args.cot_port is not None or args.cot_tls_port is not None:
        cot = CotListener(hub, devices, CotFanout(hub), idle_timeout=args.cot_idle_timeout)
        listeners.cot = cot
        hub.interop_counts["cot"] = cot.counts
        if args.cot_port is not None:
            server = await cot.start(args.host, args.cot_port)
            listeners.servers.append(server)
            log.info("CoT listening on tcp://%s:%d", *_address(server))
        if args.cot_tls_port is not None:
            context = tls_context(args.tls_cert, args.tls_key, args.client_ca)
            server = await cot.start(args.host, args.cot_tls_port, context)
            listeners.servers.append(server)
            log.info("CoT listening on tls://%s:%d", *_address(server))
    return listeners


async def _start_osmand(app: OsmAndApp, args) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.osmand_port,
        loop="none",
        http=guarded(Deadlines.from_args(args), app.counts),
        lifespan="off",
        log_level="warning",
        access_log=False,
    )
    config.load()
    server = uvicorn.Server(config)
    server.lifespan = config.lifespan_class(config)  # what Server.serve() would set up
    await server.startup()
    log.info("OsmAnd listening on http://%s:%d", *_address(server.servers[0]))
    return server


def _address(server) -> tuple[str, int]:
    return server.sockets[0].getsockname()[:2]
