"""Fresh, empty databases for tests and benchmarks: a SQLite file, or a new database on the
PostgreSQL server CONTROLROOM_TEST_PG names (dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text

PG_URL = os.environ.get("CONTROLROOM_TEST_PG")


def fresh_database(
    backend: str, tmp_path: Path, pg_url: str | None = None
) -> tuple[str, Callable[[], None]]:
    """A new, empty database; returns (url, drop)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'controlroom.db'}", lambda: None
    server = pg_url or PG_URL
    assert server, "CONTROLROOM_TEST_PG is not set"
    name = f"cr_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.rsplit("/", 1)[0] + f"/{name}"

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop
