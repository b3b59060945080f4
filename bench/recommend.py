"""Recommendation benchmark: rank 2,500 units (spread over the force as the simulator spreads
patrols) for incidents at random places in the force area.

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
from controlroom.geo.streets import load_streets
from controlroom.recommend import Unit, recommend

STATUSES = ["available"] * 5 + ["committed_deployable", "en_route", "on_scene", "refreshment"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=2500)
    parser.add_argument("--incidents", type=int, default=500)
    args = parser.parse_args()
    rng, area, graph, now = random.Random(7), load_area(), load_streets(), time.time()
    units = []
    for i in range(args.units):
        lat, lon = area.pick_ward(rng).random_point(rng)
        units.append(
            Unit(
                f"U{i:04d}",
                rng.choice(STATUSES),
                rng.choice(["foot", "vehicle"]),
                lat,
                lon,
                now - rng.uniform(0, 300),
            )
        )
    places = [area.pick_ward(rng).random_point(rng) for _ in range(args.incidents)]
    times = []
    for lat, lon in places:
        start = time.perf_counter()
        recommend(units, lat, lon, now, 120.0, graph)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p99 = times[int(len(times) * 0.99) - 1]
    print(
        f"ranking {args.units} units ({args.incidents} incidents): "
        f"p50 {statistics.median(times):.2f} ms  p99 {p99:.2f} ms  max {times[-1]:.2f} ms"
        "  (goal <= 10 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
