"""Store outage: how fast writes are refused while the store is away, and how soon the hub
stores changes again once it is back (no restart).

    python bench/outage.py [--writes 8] [--rounds 3]

SQLite: another process holds the write lock (BEGIN IMMEDIATE), then lets go. PostgreSQL: a
throwaway cluster of its own (needs the PostgreSQL binaries) is stopped, then started. Prints,
per store, the answers and their times while away and the time from the store's return to the
first stored change. The promise: 503 within 10 s, served again within 10 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hub.outage import (
    SqliteWriteLock,
    attempts_at_once,
    seconds_until_stored,
    sqlite_path,
    stored_summaries,
)
from tests.hubprocess import HubProcess
from tests.pgcluster import PgCluster


def measure(hub: HubProcess, away, back, writes: int, rounds: int) -> None:
    dispatcher = hub.user("dispatcher")
    answers, times, recoveries, leaked = Counter(), [], [], 0
    for _ in range(rounds):
        away()
        tried = attempts_at_once(dispatcher, writes)
        back()
        recovery, stored = seconds_until_stored(dispatcher)
        recoveries.append(recovery if stored.status == 201 else float("inf"))
        answers.update(one.status for one in tried)
        times += [one.seconds for one in tried]
        leaked += len(stored_summaries(hub.engine, [one.summary for one in tried]))
    print(
        f"{hub.backend:10} while away: answers {dict(answers)}, in {min(times):.2f}-"
        f"{max(times):.2f} s (median {statistics.median(times):.2f} s); refused but stored: "
        f"{leaked}; served again {min(recoveries):.2f}-{max(recoveries):.2f} s after the "
        f"store came back ({rounds} rounds of {writes} writes at once)"
    )


def sqlite(writes: int, rounds: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="controlroom-outage-"))
    url = f"sqlite:///{workdir / 'controlroom.db'}"
    hub = HubProcess(url, workdir / "data")
    hub.start()
    lock: list[SqliteWriteLock] = []
    try:
        measure(
            hub,
            lambda: lock.append(SqliteWriteLock(sqlite_path(url)).__enter__()),
            lambda: lock.pop().release(),
            writes,
            rounds,
        )
    finally:
        hub.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def postgresql(writes: int, rounds: int) -> None:
    reason = PgCluster.unavailable()
    if reason:
        print(f"postgresql skipped: {reason}")
        return
    cluster = PgCluster()
    workdir = Path(tempfile.mkdtemp(prefix="controlroom-outage-"))
    try:
        cluster.init()
        cluster.start()
        hub = HubProcess(cluster.url, workdir / "data", backend="postgresql")
        hub.start()

        def away() -> None:
            hub.engine.dispose()
            cluster.stop()

        try:
            measure(hub, away, cluster.start, writes, rounds)
        finally:
            hub.stop()
    finally:
        cluster.remove()
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writes", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sqlite(args.writes, args.rounds)
    postgresql(args.writes, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
