"""A hub named with --instance says so in its health (several hubs behind one load balancer);
a name that could garble a log line or a dashboard is refused before the hub starts."""

from __future__ import annotations

import subprocess

import httpx
import pytest

from controlroom.hub.child import hub_command
from tests.databases import fresh_database
from tests.hubprocess import HubProcess


def test_a_named_hub_gives_its_name_in_health(tmp_path):
    url, drop = fresh_database("sqlite", tmp_path)
    hub = HubProcess(url, tmp_path / "data", backend="sqlite", extra_args=("--instance", "north-1"))
    hub.start()
    try:
        health = httpx.get(f"{hub.url}/api/v1/health").json()
        assert health["instance"] == "north-1"
        assert health["ok"] is True
    finally:
        hub.stop()
        drop()


@pytest.mark.parametrize("name", ["", "a b", "\x1b[2J", "x" * 65, "hub\nok", "nörd", "<b>"])
def test_a_hostile_instance_name_is_refused_with_a_clear_error(name, tmp_path):
    done = subprocess.run(
        hub_command("--db", f"sqlite:///{tmp_path / 'x.db'}", "--data-dir", str(tmp_path / "data"),
                    "--port", "0", "--instance", name),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "instance name is 1 to 64 letters" in done.stderr
    assert not (tmp_path / "x.db").exists()  # refused before any store was opened
