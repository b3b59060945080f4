"""Crash loop: kill a hub mid-batch again and again while clients write captures, incidents,
tasks and messages, then check that every stored change has its event and audit record, that
nothing acknowledged is missing and nothing is stored twice, and that the audit chain verifies.

    python bench/crash_loop.py [--crashes 20] [--pg postgresql+psycopg://...] [--seed 1]

Half the crashes are a fault point killing the hub inside its writer (after the rows, after
the events and audit records, after the commit), half a kill -9 from outside at a random moment.
Runs on SQLite, and on PostgreSQL as well when --pg (or CONTROLROOM_TEST_PG) names a server
whose databases it may create. Prints one line of figures per store.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from bench._stores import hub_on
from controlroom.hub import faults
from tests.hub.crashload import KINDS, crash_loop, problems


def run(store: str, crashes: int, seed: int, pg: str | None) -> bool:
    started = time.monotonic()
    with hub_on(store, pg, "controlroom-crash-") as (hub, url):
        ledger = crash_loop(hub, crashes, random.Random(seed), external_kills=True, env=faults.ENV)
        found = problems(hub.engine, ledger)
        verify = subprocess.run(
            [sys.executable, "-m", "controlroom.cli", "admin", "verify-audit", "--db", url,
             "--data-dir", str(hub.data_dir)], capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    sent = sum(len(ledger.sent[k]) for k in KINDS)
    acknowledged = {k: len(ledger.acknowledged[k]) for k in KINDS}
    print(
        f"{store:10} {crashes} crashes in {time.monotonic() - started:5.1f} s: {sent} changes "
        f"sent, acknowledged {acknowledged}; problems {len(found)}; "
        f"verify-audit exit {verify.returncode} ({(verify.stdout or verify.stderr).strip()})"
    )
    for problem in found[:20]:
        print(f"    {problem}")
    return not found and verify.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--crashes", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg", default=os.environ.get("CONTROLROOM_TEST_PG"))
    args = parser.parse_args()
    stores = ["sqlite"] + (["postgresql"] if args.pg else [])
    results = [run(store, args.crashes, args.seed, args.pg) for store in stores]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
