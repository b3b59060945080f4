"""The audit log is one chain across every process that writes it; removing its newest records,
recomputing it without the key, or editing it anywhere is found, and every break is named."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid

import pytest
from sqlalchemy import text

from controlroom.hub.accounts import register_device
from controlroom.hub.auditchain import GENESIS, unkeyed_hash
from controlroom.hub.keys import key_file, key_variable
from controlroom.hub.writer import run_now
from tests.hubprocess import HubProcess


def controlroom(hub: HubProcess, *args: str) -> subprocess.CompletedProcess:
    """`controlroom admin ...` on this hub's store, as an operator would run it beside it."""
    return subprocess.run(
        [sys.executable, "-m", "controlroom.cli", "admin", *args,
         "--db", hub.db_url, "--data-dir", str(hub.data_dir)],
        capture_output=True, text=True, timeout=60, env=dict(os.environ, **hub.env),
    )  # fmt: skip


def unguarded(engine):
    """A connection of someone with the database owner's rights, the append-only guard off."""
    connection = engine.connect()
    connection.begin()
    if engine.dialect.name == "sqlite":
        connection.execute(text("DROP TRIGGER IF EXISTS audit_no_update"))
        connection.execute(text("DROP TRIGGER IF EXISTS audit_no_delete"))
    else:
        connection.execute(text("ALTER TABLE audit DISABLE TRIGGER audit_no_change"))
    return connection


def audited_reads(hub: HubProcess, count: int) -> None:
    supervisor = hub.user("supervisor")
    for _ in range(count):
        assert supervisor.get("/api/v1/snapshot").status_code == 200


def test_the_cli_and_several_hubs_writing_at_once_keep_one_unbroken_chain(fresh_hub, tmp_path):
    hubs = [fresh_hub]
    if fresh_hub.backend == "postgresql":
        shared = {key_variable("audit"): str(key_file("audit", fresh_hub.data_dir))}
        second = HubProcess(fresh_hub.db_url, tmp_path / "second", "postgresql", env=shared)
        second.start()
        hubs.append(second)
    stop = threading.Event()
    readers = [hub.user("dispatcher") for hub in hubs]

    def read(client) -> None:
        while not stop.is_set():
            assert client.get("/api/v1/snapshot").status_code == 200  # each read is audited

    def register_in_this_process() -> None:
        for n in range(10):
            job = register_device(f"RN{n}", "foot", False, None, "test", "test")
            run_now(fresh_hub.engine, job, fresh_hub.audit_chain)

    threads = [threading.Thread(target=read, args=(c,)) for c in readers]
    threads.append(threading.Thread(target=register_in_this_process))
    try:
        for thread in threads:
            thread.start()
        for n in range(2):
            made = controlroom(fresh_hub, "register-device", f"CLI{n}")
            assert made.returncode == 0, made.stderr
        threads[-1].join(60)
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
        for hub in hubs[1:]:
            hub.stop()
    with fresh_hub.engine.connect() as connection:
        forks = connection.execute(
            text("SELECT prev_hash FROM audit GROUP BY prev_hash HAVING COUNT(*) > 1")
        ).all()
    assert forks == []
    verified = controlroom(fresh_hub, "verify-audit")
    assert verified.returncode == 0, verified.stderr
    assert "audit log intact" in verified.stdout


def test_removing_the_newest_records_is_found(fresh_hub):
    audited_reads(fresh_hub, 5)
    with fresh_hub.engine.connect() as connection:
        newest = connection.execute(text("SELECT MAX(id) FROM audit")).scalar()
    fresh_hub.stop()
    with unguarded(fresh_hub.engine) as connection:
        connection.execute(text("DELETE FROM audit WHERE id > :n"), {"n": newest - 3})
        connection.commit()
    verified = controlroom(fresh_hub, "verify-audit")
    assert verified.returncode != 0
    assert f"record {newest}: is missing" in verified.stderr
    assert f"now ends at record {newest - 3}" in verified.stderr


def _recompute(connection, start_id: int, link) -> None:
    """Rewrite every hash from `start_id` on, as someone who knows only `link` would."""
    rows = connection.execute(text("SELECT * FROM audit ORDER BY id")).mappings().all()
    prev = GENESIS
    for row in rows:
        record = dict(row)
        if row["id"] >= start_id:
            digest = link(prev, record)
            connection.execute(
                text("UPDATE audit SET prev_hash = :p, hash = :h WHERE id = :id"),
                {"p": prev, "h": digest, "id": row["id"]},
            )
            prev = digest
        else:
            prev = row["hash"]


@pytest.mark.parametrize("start", ["middle", "first"])
def test_recomputing_the_chain_without_the_key_is_found(fresh_hub, start):
    audited_reads(fresh_hub, 6)
    fresh_hub.stop()
    with unguarded(fresh_hub.engine) as connection:
        ids = connection.execute(text("SELECT id FROM audit ORDER BY id")).scalars().all()
        victim = ids[len(ids) // 2] if start == "middle" else ids[0]
        connection.execute(
            text("UPDATE audit SET actor = 'user:nobody' WHERE id = :i"), {"i": victim}
        )
        _recompute(connection, victim, unkeyed_hash)
        connection.commit()
    verified = controlroom(fresh_hub, "verify-audit")
    assert verified.returncode != 0
    if start == "middle":
        assert f"records {victim}-{ids[-1]}" in verified.stderr
        assert "unkeyed hash after the keyed chain began" in verified.stderr
    else:  # the whole chain looks unkeyed: only the checkpoint outside the database knows
        assert f"record {ids[-1]}: differs from the record this hub wrote" in verified.stderr


def test_every_break_is_named_not_just_the_first(fresh_hub):
    audited_reads(fresh_hub, 8)
    fresh_hub.stop()
    with unguarded(fresh_hub.engine) as connection:
        ids = connection.execute(text("SELECT id FROM audit ORDER BY id")).scalars().all()
        edited, removed = ids[2], ids[-3]
        connection.execute(text("UPDATE audit SET reason = 'x' WHERE id = :i"), {"i": edited})
        connection.execute(text("DELETE FROM audit WHERE id = :i"), {"i": removed})
        connection.commit()
    verified = controlroom(fresh_hub, "verify-audit")
    assert verified.returncode != 0
    assert "2 breaks" in verified.stderr
    assert f"record {edited}: does not match its hash" in verified.stderr
    assert f"record {removed + 1}: does not follow the record before it" in verified.stderr
    fresh_hub.start()
    report = fresh_hub.user("supervisor").get("/api/v1/audit/verify").json()
    assert report["ok"] is False and report["first_bad_id"] == edited
    assert [b["first_id"] for b in report["breaks"]] == [edited, removed + 1]


def test_a_log_written_before_the_keyed_chain_still_verifies_and_is_counted_apart(fresh_hub):
    fresh_hub.stop()
    prev = GENESIS
    with fresh_hub.engine.begin() as connection:
        connection.execute(text("DELETE FROM hub_secrets WHERE name = 'audit_key_id'"))
        for n in range(4):  # as the hub wrote them before its chain was keyed
            record = {"at": 1.7e9 + n, "actor": "cli:root", "action": "user.create",
                      "target": f"user:u{n}", "detail": "{}", "client": "cli",
                      "reason": ""}  # fmt: skip
            digest = unkeyed_hash(prev, record)
            connection.execute(
                text(
                    "INSERT INTO audit (at, actor, action, target, detail, client, reason, "
                    "prev_hash, hash) VALUES (:at, :actor, :action, :target, :detail, :client, "
                    ":reason, :prev_hash, :hash)"
                ),
                dict(record, prev_hash=prev, hash=digest),
            )
            prev = digest
    key = key_file("audit", fresh_hub.data_dir)
    key.unlink()  # a store from before there was a key
    (fresh_hub.data_dir / "audit-checkpoint.json").unlink(missing_ok=True)
    before = controlroom(fresh_hub, "verify-audit")
    assert before.returncode == 0, before.stderr
    assert "0 in the keyed chain, 4 before it (unkeyed)" in before.stdout
    fresh_hub.start()
    audited_reads(fresh_hub, 2)
    verified = controlroom(fresh_hub, "verify-audit")
    assert verified.returncode == 0, verified.stderr
    assert "4 before it (unkeyed)" in verified.stdout
    # Keyed records without their key are not called intact, nor broken: they cannot be checked.
    key.rename(key.with_name("elsewhere.key"))
    unchecked = controlroom(fresh_hub, "verify-audit")
    assert unchecked.returncode == 3 and "cannot be checked here" in unchecked.stderr


def test_a_hub_given_another_key_than_its_chains_refuses_to_start(fresh_hub, tmp_path):
    audited_reads(fresh_hub, 1)
    fresh_hub.stop()
    fresh_hub.env[key_variable("audit")] = str(tmp_path / f"other-{uuid.uuid4().hex}.key")
    with pytest.raises(RuntimeError, match="not the one the database's audit chain"):
        fresh_hub.start(timeout=20)
    del fresh_hub.env[key_variable("audit")]
    fresh_hub.start()
