"""Running the hub under uvicorn, logging one line once it accepts requests."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from pathlib import Path

import uvicorn

from controlroom.hub.app import create_app
from controlroom.hub.connguard import Deadlines, guarded
from controlroom.hub.interop import listeners as interop
from controlroom.hub.limits import LIMITS
from controlroom.store.engine import database_url, ensure_data_dir, make_engine, migrate

log = logging.getLogger("controlroom.hub")


def serve(args) -> int:
    data_dir = ensure_data_dir(args.data_dir)
    url = database_url(args.db, data_dir)
    engine = make_engine(url)
    migrate(engine)
    app = create_app(
        engine,
        Path(data_dir),
        keepalive_s=args.keepalive,
        stale_after_s=args.stale_after,
        preload_geo=not args.lazy_geo,
        sweep_every_s=args.attachment_sweep,
        require_reason=args.require_reason,
    )
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        loop="none",
        http=guarded(Deadlines.from_args(args), app.hub.connection_counts),
        timeout_keep_alive=LIMITS.keep_alive_s,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=3,
    )
    server = uvicorn.Server(config)
    store = engine.url.render_as_string(hide_password=True)
    with asyncio.Runner(loop_factory=_loop_factory()) as runner:
        return runner.run(_serve(server, store, app.hub, args))


def _loop_factory():
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


async def _serve(server: uvicorn.Server, store: str, hub, args) -> int:
    listeners = None

    async def announce():
        nonlocal listeners
        while not server.started:
            await asyncio.sleep(0.02)
        if interop.wanted(args):
            try:
                listeners = await interop.start(hub, args)
            except Exception:
                log.exception("interop listeners failed to start")
                server.should_exit = True
                return
        host, port = server.servers[0].sockets[0].getsockname()[:2]
        hub.instance = args.instance or f"{socket.gethostname()}:{port}/{os.getpid()}"
        log.info("hub ready on http://%s:%d (store %s)", host, port, store)

    announcer = asyncio.ensure_future(announce())
    try:
        await server.serve()
    finally:
        announcer.cancel()
        if listeners is not None:
            await listeners.stop()
    return 0
