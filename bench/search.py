"""Search benchmark: words + a drawn area + 30 days, and the newest 50 matches of words, on
SQLite and on PostgreSQL, over a generated year of captures.

python bench/search.py [--captures 1000000] [--stores sqlite,postgresql] [--pg SERVER_URL]
                       [--queries 300] [--templates 50000] [--seed 1]

Each store is made fresh (SQLite in a temporary folder; on PostgreSQL a database of its own on
the server --pg or $CONTROLROOM_TEST_PG names, dropped afterwards), filled by
bench/_searchdata.py, and asked as a reader not cleared for code C asks (restricted captures
left out). A query's time is the store's work for the answer the API gives: the newest `limit`
matches and the total (counted up to 1,000); then again with the 50 capture documents read and
built. Words are drawn from the captures' own summaries, so common words come up as often as
they are written; areas are 2-10 km boxes round places people live; windows are 30 days
anywhere in the year.
Goals on 1,000,000 captures: words + area + 30 days <= 50 ms p95; newest 50 <= 5 ms p95.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._searchdata import filled, templates
from controlroom.geo.area import load_area
from controlroom.hub.search_reads import COUNT_CAP, SearchFilter, captures_by_id, search
from controlroom.search.words import parse_query, words_of
from controlroom.store.engine import make_engine

DAY = 86400.0


def log(*parts: object) -> None:
    print(*parts, flush=True)


def query_words(seed: int, count: int) -> list[str]:
    """Words of four letters or more from the summaries and texts officers write."""
    rng, words = random.Random(seed + 1), []
    for body, _ in templates(2000, seed):
        said = [w for w in words_of(body["summary"]) if len(w) >= 4 and w.isalpha()]
        words += said
    return [rng.choice(words) for _ in range(count)]


def area_queries(words: list[str], end: float, days: float, seed: int) -> list[SearchFilter]:
    rng, area = random.Random(seed + 2), load_area()
    made = []
    for word in words:
        lat, lon = area.pick_ward(rng).random_point(rng)
        half_km = rng.uniform(1, 5)
        dlat, dlon = half_km / 111.0, half_km / 67.0
        until = end - rng.uniform(0, days - 30) * DAY
        made.append(
            SearchFilter(
                parse_query(word),
                (lon - dlon, lat - dlat, lon + dlon, lat + dlat),
                until - 30 * DAY,
                until,
            )
        )
    return made


class Timings:
    """Per query: the search (the newest matches' ids and the total) and the whole answer
    (with the capture documents read and built)."""

    def __init__(self) -> None:
        self.search: list[float] = []
        self.cpu: list[float] = []  # this thread's CPU time for the search (SQLite's own work)
        self.answer: list[float] = []
        self.totals: list[int] = []


def timed(engine: Engine, filters: list[SearchFilter]) -> Timings:
    t = Timings()
    with engine.connect() as connection:
        for f in filters:
            started, started_cpu = time.perf_counter(), time.thread_time()
            found = search(connection, f)
            searched, searched_cpu = time.perf_counter(), time.thread_time()
            t.cpu.append((searched_cpu - started_cpu) * 1000)
            captures_by_id(connection, found.ids, f.cleared)
            t.search.append((searched - started) * 1000)
            t.answer.append((time.perf_counter() - started) * 1000)
            t.totals.append(found.total)
    return t


def p95(times: list[float]) -> float:
    return sorted(times)[max(0, int(len(times) * 0.95) - 1)]


def report(name: str, goal_ms: float, t: Timings) -> None:
    verdict = "meets" if p95(t.search) <= goal_ms else "MISSES"
    log(
        f"  {name} (goal <= {goal_ms:g} ms p95), over {len(t.search)} queries:\n"
        f"    search:     p50 {statistics.median(t.search):.2f} ms  p95 {p95(t.search):.2f} ms  "
        f"max {max(t.search):.1f} ms  ({verdict} the goal)\n"
        f"    search CPU: p50 {statistics.median(t.cpu):.2f} ms  p95 {p95(t.cpu):.2f} ms  "
        f"(this thread: all of SQLite's work, none of PostgreSQL's; others' load does not add)\n"
        f"    +documents: p50 {statistics.median(t.answer):.2f} ms  "
        f"p95 {p95(t.answer):.2f} ms  max {max(t.answer):.1f} ms\n"
        f"    matches: median {statistics.median(t.totals):.0f}, "
        f"{sum(n >= COUNT_CAP for n in t.totals)} at the count's cap of {COUNT_CAP}"
    )


def run_store(name: str, url: str, data_dir: Path, args) -> None:
    engine, end = filled(name, url, data_dir, args.captures, args.seed, args.days, args.templates)
    words = query_words(args.seed, args.queries)
    newest = [SearchFilter(parse_query(w)) for w in words]
    areas = area_queries(words, end, args.days, args.seed)
    timed(engine, newest[:30] + areas[:30])  # warm the caches as a working hub's are
    report("words + area + 30 days", 50, timed(engine, areas))
    report("newest 50 matches of words", 5, timed(engine, newest))
    engine.dispose()


def with_postgresql(server: str, fn: Callable[[str], None]) -> None:
    admin = make_engine(server, pool_size=1)
    name = f"bench_search_{uuid.uuid4().hex[:8]}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        fn(server.rsplit("/", 1)[0] + f"/{name}")
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", type=int, default=1_000_000)
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--pg", default=os.environ.get("CONTROLROOM_TEST_PG"))
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--templates", type=int, default=50_000)
    parser.add_argument("--days", type=float, default=365.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    log(f"search over {args.captures} captures in {args.days:g} days")
    each_store(
        args.stores, args.pg, "search", lambda store, url, tmp: run_store(store, url, tmp, args)
    )
    return 0


def each_store(stores: str, pg: str | None, name: str, run: Callable[[str, str, Path], None]):
    """`run(store, url, data_dir)` on a fresh store of each kind named (a SQLite file, or a
    database of its own on the PostgreSQL server `pg`), each in a temporary folder."""
    for store in stores.split(","):
        tmp = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        try:
            log(f"{store}:")
            if store == "sqlite":
                run(store, f"sqlite:///{tmp / f'{name}.db'}", tmp)
            elif pg:
                with_postgresql(pg, lambda url: run(store, url, tmp))  # noqa: B023
            else:
                log("  skipped: no PostgreSQL server (--pg or $CONTROLROOM_TEST_PG)")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
