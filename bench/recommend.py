"""Recommendation benchmark: rank 2,500 units (spread over the force as the simulator spreads
patrols) for incidents at random places in the force area, along the road network (one search
per travel mode from the incident over the reversed network).

    python bench/recommend.py [--units 2500] [--incidents 500]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from controlroom.geo.area import load_area
from controlroom.geo.routing import router
from controlroom.recommend import Unit, recommend

STATUSES = ["available"] * 5 + ["committed_deployable", "en_route", "on_scene", "refreshment"]


def force(rng: random.Random, count: int, now: float) -> list[Unit]:
    area = load_area()
    units = []
    for i in range(count):
        lat, lon = area.pick_ward(rng).random_point(rng)
        status, mode = rng.choice(STATUSES), rng.choice(["foot", "vehicle"])
        units.append(Unit(f"U{i:04d}", status, mode, lat, lon, now - rng.uniform(0, 300)))
    return units


def figures(label: str, times: list[float], cpu: list[float]) -> None:
    """Wall-clock percentiles, and the CPU time of this thread (which others' load on a shared
    machine does not inflate)."""
    times, cpu = sorted(times), sorted(cpu)
    p99 = times[max(0, int(len(times) * 0.99) - 1)]
    cpu99 = cpu[max(0, int(len(cpu) * 0.99) - 1)]
    print(
        f"{label}: p50 {statistics.median(times):.2f} ms  p99 {p99:.2f} ms  "
        f"max {times[-1]:.2f} ms  (CPU p50 {statistics.median(cpu):.2f} ms  p99 {cpu99:.2f} ms)"
    )


def timed(rank, places) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for lat, lon in places:
        start, start_cpu = time.perf_counter(), time.thread_time()
        rank(lat, lon)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=2500)
    parser.add_argument("--incidents", type=int, default=500)
    args = parser.parse_args()
    rng, area, now = random.Random(7), load_area(), time.time()
    started = time.perf_counter()
    roads = router()
    roads.network("vehicle"), roads.network("foot")
    print(f"road networks ready in {time.perf_counter() - started:.2f} s")
    units = force(rng, args.units, now)
    places = [area.pick_ward(rng).random_point(rng) for _ in range(args.incidents)]
    new = timed(lambda lat, lon: recommend(units, lat, lon, now, 120.0, roads), places)
    figures(f"ranking {args.units} units by road ETA ({args.incidents} incidents)", *new)
    print("goal: new p99 <= 20 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
