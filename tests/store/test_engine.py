"""The store's transactions: a batch is one transaction on SQLite as on PostgreSQL (a released
savepoint is not committed on its own), writers take SQLite's write lock when they begin, and
migrations and the connection settings still hold."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from controlroom.store.engine import MIGRATIONS, make_engine, migrate, writing


def count(engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar()


def test_a_released_savepoint_commits_nothing_until_its_transaction_does(store):
    seen_inside = []
    with writing(store).connect() as connection, connection.begin():
        savepoint = connection.begin_nested()
        connection.execute(text("INSERT INTO hub_secrets (name, value) VALUES ('a', 'b')"))
        savepoint.commit()
        seen_inside.append(count(store, "hub_secrets WHERE name = 'a'"))
        connection.rollback()
    assert seen_inside == [0]  # another connection saw nothing while the batch was open
    assert count(store, "hub_secrets WHERE name = 'a'") == 0  # and its rollback took it all


def test_a_read_transaction_sees_one_snapshot(store):
    with store.connect() as reader, reader.begin():
        before = reader.execute(text("SELECT COUNT(*) FROM hub_secrets")).scalar()
        with writing(store).begin() as writer:
            writer.execute(text("INSERT INTO hub_secrets (name, value) VALUES ('c', 'd')"))
        if store.dialect.name == "postgresql":
            reader.execute(text("SELECT 1"))  # READ COMMITTED: PostgreSQL reads anew per statement
        else:
            assert reader.execute(text("SELECT COUNT(*) FROM hub_secrets")).scalar() == before
    assert count(store, "hub_secrets") == before + 1


def test_sqlite_connections_are_set_up_for_durability(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    migrate(engine)
    with engine.connect() as connection:
        settings = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert settings["journal_mode"] == "wal"
    assert settings["synchronous"] == 2  # FULL
    assert settings["foreign_keys"] == 1
    assert settings["busy_timeout"] > 0


def test_a_sqlite_writer_holds_the_write_lock_from_its_first_read(tmp_path):
    """A writer that reads and then writes cannot find its snapshot overtaken half-way ("database
    is locked" at its first write): the write lock is its from BEGIN, and others wait."""
    path = tmp_path / "c.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    with writing(engine).connect() as connection, connection.begin():
        before = connection.execute(text("SELECT COUNT(*) FROM hub_secrets")).scalar()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO hub_secrets (name, value) VALUES ('other', 'x')")
        connection.execute(text("INSERT INTO hub_secrets (name, value) VALUES ('mine', 'y')"))
    other.close()
    assert count(engine, "hub_secrets") == before + 1


def test_migrations_run_from_an_older_revision_to_the_newest(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with writing(engine).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.execute(
            text("INSERT INTO units (callsign, mode, status, verified, created_at) "
                 "VALUES ('OLD1', 'foot', 'available', 1, 0)")
        )  # fmt: skip
    migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT callsign FROM units")).scalars().all() == ["OLD1"]
        assert connection.execute(text("SELECT COUNT(*) FROM messages")).scalar() == 0
