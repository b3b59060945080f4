"""A hub killed in the middle of a batch leaves every change whole: its rows, its event and its
audit record together, or none of them; nothing acknowledged is lost, nothing is stored twice."""

from __future__ import annotations

import random
import subprocess
import sys

from controlroom.hub import faults
from tests.hub.crashload import crash_loop, problems


def test_crashes_mid_batch_leave_every_change_whole_and_nothing_acknowledged_lost(fresh_hub):
    hub = fresh_hub
    ledger = crash_loop(hub, crashes=4, rng=random.Random(10), env=faults.ENV)
    assert ledger.total_acknowledged() > 20, "the writers barely ran between crashes"
    assert problems(hub.engine, ledger) == []
    verify = subprocess.run(
        [sys.executable, "-m", "controlroom.cli", "admin", "verify-audit",
         "--db", hub.db_url, "--data-dir", str(hub.data_dir)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert verify.returncode == 0, verify.stdout + verify.stderr
