"""A hub of a benchmark's own on a fresh store (a SQLite file, or a new database on a
PostgreSQL server), removed with its data directory afterwards."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.databases import fresh_database
from tests.hubprocess import HubProcess


@contextmanager
def hub_on(store: str, pg: str | None, prefix: str) -> Iterator[tuple[HubProcess, str]]:
    """A started hub on `store` and its database URL."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    url, drop = fresh_database(store, workdir, pg)
    hub = HubProcess(url, workdir / "data", backend=store)
    try:
        hub.start()
        yield hub, url
    finally:
        hub.stop()
        if hub._engine is not None:
            hub._engine.dispose()
        drop()
        shutil.rmtree(workdir, ignore_errors=True)
