"""A data set for the search benchmark: N captures over a year across the force area, written
as the hub writes them (the captures table and the search index's own rows and statements).

The simulator's capture builders write `templates` distinct captures (its people, vehicles,
streets, narratives and handling codes); each generated capture takes one of them with a new
id, a time spread evenly over `days` and a place anywhere people live in the force area (the
wards, weighted as the simulator weights them). Building every one of a million captures from
scratch takes the builders about four minutes; reusing 50,000 keeps the words' frequencies as
a shift's captures have them."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import orjson
from sqlalchemy import Engine, insert, text

from controlroom.geo.area import load_area
from controlroom.hub.accounts import register_device
from controlroom.hub.auditchain import AuditChain
from controlroom.hub.capture_fields import handling_code
from controlroom.hub.search_index import SHIFT, entry, first_doc, write_entries
from controlroom.hub.writer import run_now
from controlroom.search.words import capture_words
from controlroom.sim.captures import Context, build_capture, pick_kind
from controlroom.sim.population import Population
from controlroom.store.engine import make_engine, migrate
from controlroom.store.schema import Capture

CAPTURES = Capture.__table__
BATCH = 5000


def templates(count: int, seed: int) -> list[tuple[dict, str]]:
    """`count` captures as the simulator's officers write them, each with its index words."""
    rng, area = random.Random(seed), load_area()
    population = Population(random.Random(f"population:{seed}"))
    made = []
    for _ in range(count):
        kind = pick_kind(rng)
        kind = "note" if kind == "evidence" else kind  # no photo: the index holds no attachment
        lat, lon = area.pick_ward(rng).random_point(rng)
        ctx = Context(datetime.now(UTC), lat, lon, population, "B1", "PC Bench")
        body = build_capture(rng, kind, ctx).body
        made.append((body, capture_words(body["summary"], body["fields"])))
    return made


def generate(
    engine: Engine, data_dir: Path, count: int, seed: int = 1, days: float = 365.0,
    template_count: int = 50_000, progress: Callable[[int], None] = lambda n: None,
) -> float:  # fmt: skip
    """Fill a fresh store with `count` captures ending now; returns the newest capture's time."""
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM capture_search")).scalar() == 0
    chain = AuditChain.open(engine, data_dir)
    run_now(engine, register_device("BENCH1", "foot", False, None, "b", "b"), chain)
    unit_id, device_id = _ids(engine, "BENCH1")
    rng, area = random.Random(seed), load_area()
    pool = templates(min(count, template_count), seed)
    end = time.time()
    start, step = end - days * 86400, days * 86400 / count
    last_base, n = None, 0
    for first in range(0, count, BATCH):
        rows, entries = [], []
        for i in range(first, min(first + BATCH, count)):
            body, words = pool[i % len(pool)]
            at = start + i * step
            lat, lon = area.pick_ward(rng).random_point(rng)
            row = _row(body, uuid.UUID(int=rng.getrandbits(128), version=4), at, lat, lon)
            row.update(unit_id=unit_id, device_id=device_id)
            base = first_doc(at)
            n = n + 1 if base == last_base else 0
            last_base = base
            rows.append(row)
            entries.append(entry(row, base + n, words))
        with engine.begin() as connection:
            connection.execute(insert(CAPTURES), rows)
            write_entries(connection, entries)
        progress(first + len(rows))
    assert n < (1 << SHIFT)
    return end


def filled(
    name: str, url: str, data_dir: Path, count: int, seed: int, days: float, template_count: int
) -> tuple[Engine, float]:
    """A fresh store at `url` filled with `count` captures, its statistics gathered, saying how
    far it has got every 100,000; returns it and the newest capture's time."""
    engine = make_engine(url, pool_size=2)
    migrate(engine)
    started = time.monotonic()

    def progress(n: int) -> None:
        if n % 100_000 == 0 or n == count:
            print(f"  {name}: {n} captures stored and indexed "
                  f"({time.monotonic() - started:.0f} s)", flush=True)  # fmt: skip

    end = generate(engine, data_dir, count, seed, days, template_count, progress)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return engine, end


def _row(body: dict, capture_id: uuid.UUID, at: float, lat: float, lon: float) -> dict:
    return {
        "id": str(capture_id),
        "kind": body["kind"],
        "at": at,
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "summary": body["summary"],
        "fields": orjson.dumps(body["fields"]).decode(),
        "status": "new",
        "handling_code": handling_code(body["fields"]),
        "received_at": at,
        "updated_at": at,
    }


def _ids(engine: Engine, callsign: str) -> tuple[int, int]:
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT u.id, d.id FROM units u JOIN devices d ON d.unit_id = u.id "
                "WHERE u.callsign = :c"
            ),
            {"c": callsign},
        ).one()
