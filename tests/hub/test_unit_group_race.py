"""A TAK client's group reaching the store through two writers at once (two hubs, or a client
reconnected to another hub while its old connection still speaks): the unit's team and role
change once, streamed and stored as one event, never twice."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from controlroom.hub.accounts import register_device
from controlroom.hub.auditchain import AuditChain
from controlroom.hub.dispatch import set_unit_group
from controlroom.hub.writer import run_now
from controlroom.store.engine import make_engine, migrate
from tests.conftest import BACKENDS
from tests.databases import fresh_database

ROUNDS = 25


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_group_change_sent_twice_at_once_is_one_event(backend, tmp_path):
    url, drop = fresh_database(backend, tmp_path)
    engine = make_engine(url, pool_size=4)
    try:
        migrate(engine)
        chain = AuditChain.open(engine, tmp_path)
        run_now(engine, register_device("TAK1", "vehicle", False, "ANDROID-1", "t", "t"), chain)
        with engine.connect() as connection:
            unit_id = connection.execute(
                text("SELECT id FROM units WHERE callsign = 'TAK1'")
            ).scalar_one()
        errors: list[BaseException] = []
        for round_ in range(ROUNDS):
            team = ("Cyan", "Magenta")[round_ % 2]
            gate = threading.Barrier(2)

            def send(team=team, gate=gate) -> None:
                gate.wait()
                try:
                    run_now(engine, set_unit_group(unit_id, "TAK1", team, "Team Member"), chain)
                except BaseException as exc:  # reported below, not lost in the thread
                    errors.append(exc)

            workers = [threading.Thread(target=send) for _ in range(2)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join(30)
        assert errors == []
        with engine.connect() as connection:
            teams = (
                connection.execute(
                    text("SELECT payload FROM events WHERE type = 'unit.group' ORDER BY seq")
                )
                .scalars()
                .all()
            )
            stored = connection.execute(
                text("SELECT team, role FROM units WHERE id = :u"), {"u": unit_id}
            ).one()
        # one event per change, alternating as the changes did
        assert len(teams) == ROUNDS
        assert [("Cyan" in t) for t in map(str, teams)] == [r % 2 == 0 for r in range(ROUNDS)]
        assert tuple(stored) == ("Magenta" if ROUNDS % 2 == 0 else "Cyan", "Team Member")
    finally:
        engine.dispose()
        drop()
