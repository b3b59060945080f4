"""Engines for the store: SQLite (WAL) under a data directory by default, PostgreSQL by URL.

On SQLite the driver's own transaction handling is off and every transaction begins with an
explicit BEGIN (SQLAlchemy's recipe for pysqlite), so a SAVEPOINT nests inside its transaction
instead of committing on its own, and reads see one snapshot. A transaction that will write
(see `writing`) begins with BEGIN IMMEDIATE: it takes the write lock first, waiting up to the
busy timeout for another process's writer, so it never fails half-way on a lock it cannot get.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(db: str | None, data_dir: str | Path) -> str:
    if db:
        return db
    return f"sqlite:///{Path(data_dir).resolve() / 'controlroom.db'}"


# How long a writer waits for another process's write lock before the store counts as
# unavailable (the hub then answers 503 rather than keep a request waiting).
BUSY_TIMEOUT_MS = 3000
PG_CONNECT_TIMEOUT_S = 3
WRITES = "controlroom_writes"


def make_engine(url: str, *, pool_size: int = 8) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, pool_size=pool_size, max_overflow=16)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=16,
        pool_pre_ping=True,
        connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S},
    )


def writing(engine: Engine) -> Engine:
    """The same engine (same pool) for transactions that write: on SQLite they begin by taking
    the write lock (BEGIN IMMEDIATE)."""
    if engine.get_execution_options().get(WRITES):
        return engine
    return engine.execution_options(**{WRITES: True})


def _sqlite_begin(connection: Connection) -> None:
    writes = connection.get_execution_options().get(WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # The driver would BEGIN only before DML and never before a SAVEPOINT; `_sqlite_begin` does.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit is on disk before the hub acknowledges it (group commit pays for the fsync).
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema up to date (Alembic), as every hub start does."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with writing(engine).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def ensure_data_dir(data_dir: str | Path) -> Path:
    path = Path(data_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path
