"""The hub as one ASGI application."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine

from controlroom.contract.openapi import components
from controlroom.hub import errors
from controlroom.hub.bodylimit import BodyLimit
from controlroom.hub.context import SWEEP_EVERY_S, Hub
from controlroom.hub.ingest import PingFastPath
from controlroom.hub.routes import (
    admin,
    alerts,
    auth,
    briefings,
    context,
    control,
    device,
    dispatch,
    entities,
    evidence,
    geo,
    heat,
    messages,
    review,
    search,
)

log = logging.getLogger(__name__)
LAG_READ_S = 1.0  # health waits no longer than this for the store to say how far behind it is


def create_app(
    engine: Engine,
    data_dir: Path,
    keepalive_s: float = 15.0,
    stale_after_s: float = 120.0,
    sweep_every_s: float = SWEEP_EVERY_S,
    preload_geo: bool = False,
    require_reason: frozenset[str] = frozenset(),
) -> PingFastPath:
    hub = Hub(engine, data_dir, keepalive_s, stale_after_s, sweep_every_s, require_reason)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        hub.start()
        if preload_geo:  # in a worker thread: requests are served meanwhile
            asyncio.get_running_loop().run_in_executor(None, geo.prepare)
        try:
            yield
        finally:
            await hub.stop()

    app = FastAPI(
        title="Control Room hub",
        version="1",
        description="Devices report positions and captures; control-room workstations read a "
        "snapshot and then the live event stream.",
        lifespan=lifespan,
    )
    app.state.hub = hub
    errors.install(app)
    # search first: its /captures/export must not be read as a capture's id
    for module in (
        auth, device, search, control, review, evidence, dispatch, alerts, messages,
        entities, admin, geo, heat, context, briefings,
    ):  # fmt: skip
        app.include_router(module.router)
    _describe_contract(app)

    @app.get("/api/v1/health", tags=["health"], summary="Liveness, the writer, stream position")
    async def health() -> dict:
        interop = {name: dict(counts) for name, counts in hub.interop_counts.items()}
        try:
            log_lag: dict | None = await asyncio.wait_for(
                asyncio.to_thread(hub.broadcaster.lag), LAG_READ_S
            )
        except Exception as exc:  # the store is down: health still answers, and says so
            log.warning("health could not read the event log: %s", exc)
            log_lag = None
        listener = hub.commit_listener
        return {
            "ok": True,
            "seq": hub.broadcaster.last_seq,
            "writer": hub.writer.health(),
            "linker": hub.linker.health(),
            "interop": interop,
            "streams": {
                "open": hub.broadcaster.streams,
                "ended_behind": hub.broadcaster.dropped_behind,
            },
            "connections": dict(hub.connection_counts),
            "instance": hub.instance,
            "log": log_lag,
            "listening": None if listener is None else listener.connected,
        }

    app.add_middleware(BodyLimit)
    return PingFastPath(app, hub)


def _describe_contract(app: FastAPI) -> None:
    """/openapi.json with the contract's schemas, generated from the same structs that decode."""
    framework_openapi = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = framework_openapi()
            schema.setdefault("components", {}).setdefault("schemas", {}).update(components())
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
