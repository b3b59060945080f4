"""Briefing assembly benchmark: the time to propose a sergeant's pack (for a district and for a
drawn box) and to work out the changes to offer a published pack, on SQLite and PostgreSQL,
over a store holding a realistic amount of what a force captures.

python bench/briefing_assembly.py [--captures 150000] [--days 90] [--incidents-per-day 60]
                                  [--stores sqlite,postgresql] [--pg SERVER_URL] [--runs 30]

The store is filled by bench/_searchdata.py (the simulator's captures across the force area,
with the search index) and bench/_briefingdata.py (their mentions linked into records, 40% of
the intelligence graded, the incidents raised, a team of 8 units with open tasks). A pack is
proposed for a 10-hour shift that starts an hour before the newest capture, with a lookback of
3 days, as the hub proposes it (a reader not cleared for C). Goal: a pack in <= 1 s p95.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._briefingdata import (
    grade_intelligence,
    link_everything,
    raise_incidents,
    team_with_tasks,
)
from bench._searchdata import filled
from bench.search import each_store, p95
from controlroom.contract.briefings import Briefing, BriefingArea
from controlroom.hub.briefing_offers import offers
from controlroom.hub.briefing_proposal import propose
from controlroom.timeutil import to_iso

T = TypeVar("T")
HOUR = 3600.0
GOAL_MS = 1000.0
AREAS = {
    "district Stoke-on-Trent": BriefingArea(district="Stoke-on-Trent"),
    "district Stafford": BriefingArea(district="Stafford"),
    "box 6 x 5 km round Hanley": BriefingArea(bbox=[-2.225, 53.0, -2.135, 53.045]),
}


def log(*parts: object) -> None:
    print(*parts, flush=True)


def fill(name: str, url: str, data_dir: Path, args) -> tuple[Engine, float, list[str]]:
    engine, end = filled(name, url, data_dir, args.captures, 1, args.days, args.templates)
    started = time.monotonic()
    linked = link_everything(engine)
    graded = grade_intelligence(engine, 2)
    incidents = raise_incidents(engine, end, args.days, args.incidents_per_day, 3)
    callsigns = team_with_tasks(engine, data_dir, 8, end)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))  # as a working store's statistics are kept
    log(f"  {name}: {linked} mentions linked, {graded} reports graded, {incidents} incidents "
        f"({time.monotonic() - started:.0f} s)")  # fmt: skip
    return engine, end, callsigns


@dataclass
class Times:
    wall: list[float] = field(default_factory=list)  # ms
    cpu: list[float] = field(default_factory=list)  # ms of this process's CPU (not the server's)


def timed(runs: int, fn: Callable[[], T]) -> tuple[Times, T]:
    last = fn()  # warm the caches (and the geography) as a working hub's are
    times = Times()
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        last = fn()
        times.wall.append((time.perf_counter() - started) * 1000)
        times.cpu.append((time.process_time() - cpu) * 1000)
    return times, last


def line(what: str, times: Times, extra: str = "") -> None:
    wall = times.wall
    verdict = "meets" if p95(wall) <= GOAL_MS else "MISSES"
    log(f"    {what}: p50 {statistics.median(wall):.0f} ms  p95 {p95(wall):.0f} ms  "
        f"max {max(wall):.0f} ms ({verdict} the {GOAL_MS:g} ms goal); CPU of this process "
        f"p50 {statistics.median(times.cpu):.0f} ms{extra}")  # fmt: skip


def run_store(name: str, url: str, data_dir: Path, args) -> None:
    engine, end, callsigns = fill(name, url, data_dir, args)
    start, finish = end - HOUR, end + 9 * HOUR
    shift = (datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(finish, UTC))
    for label, area in AREAS.items():
        with engine.connect() as connection:

            def proposed(area=area, connection=connection):
                return propose(connection, area, *shift, callsigns, callsigns)

            times, items = timed(args.runs, proposed)
            kinds = _count(items)
            line(f"propose, {label}", times, f"\n      {len(items)} items: {kinds}")
            pack = Briefing(
                id=1, title="bench", area=area, shift_start=to_iso(start) or "",
                shift_end=to_iso(finish) or "", team=callsigns, callsigns=callsigns,
                version=1, state="published", items=items, created_at=to_iso(start) or "",
                published_at=to_iso(start) or "",
            )  # fmt: skip

            def offered(pack=pack, connection=connection):
                return offers(connection, pack, pack.items)

            times, found = timed(args.runs, offered)
            line(f"offers, {label}", times, f" ({len(found)} offered)")
    engine.dispose()


def _count(items) -> str:
    kinds: dict[str, int] = {}
    for item in items:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", type=int, default=150_000)
    parser.add_argument("--days", type=float, default=90.0)
    parser.add_argument("--templates", type=int, default=20_000)
    parser.add_argument("--incidents-per-day", type=int, default=60)
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--pg", default=os.environ.get("CONTROLROOM_TEST_PG"))
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    log(f"briefing assembly over {args.captures} captures and "
        f"{args.incidents_per_day * args.days:.0f} incidents in {args.days:g} days")  # fmt: skip
    each_store(
        args.stores, args.pg, "briefing", lambda store, url, tmp: run_store(store, url, tmp, args)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
