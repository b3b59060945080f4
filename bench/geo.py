"""Geography benchmark: gazetteer search over a realistic query set (what call handlers type,
keystroke by keystroke, with slips and abbreviations), reverse geocoding, loading the road
networks, and routes between random places of the force area by car and on foot.

    python bench/geo.py [--routes 300] [--rounds 5]
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from controlroom.geo.area import load_area
from controlroom.geo.gazetteer import load_gazetteer, search
from controlroom.geo.reverse import reverse
from controlroom.geo.roads import load_roads
from controlroom.geo.routing import router

TYPED = [
    "Leek Rd, Hanley",
    "royal stoke",
    "12 Hartshill Road",
    "Hanley",
    "Piccadilly",
    "Market Square",
    "Royal Stoke University Hospital",
    "stoke station",
    "Hanley bus station",
    "hanley police station",
    "Picadilly hanley",
    "Hartshil Rd",
    "london road newcastle",
    "London Road",
    "Queensway",
    "A500",
    "Stafford",
    "St Georges Hospital",
    "queens hospital burton",
    "Tunstall park",
    "Burslem",
    "Longton bus station",
    "Bucknall New Road",
    "Victoria Road Fenton",
    "Church Street",
    "High Street Tunstall",
    "Wolstanton",
    "Trentham Gardens",
    "Stoke-on-Trent College",
    "Newcastle Road",
    "350 Hartshill Road",
    "Lichfield Cathedral",
    "Tamworth",
    "Cannock Chase",
    "Uttoxeter racecourse",
    "Leek",
    "Kidsgrove station",
    "Hednesford Road",
    "Bentilee",
    "Meir",
]


def _keystrokes(text: str) -> list[str]:
    """What a completer is asked as the text is typed (from the third character)."""
    return [text[:n] for n in range(3, len(text) + 1)]


def _percentiles(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    p99 = times[max(0, int(len(times) * 0.99) - 1)]
    p50 = statistics.median(times)
    return f"p50 {p50:.2f} ms  p95 {p95:.2f} ms  p99 {p99:.2f} ms  max {times[-1]:.2f} ms"


def _timed(work, items) -> list[float]:
    times = []
    for item in items:
        start = time.perf_counter()
        work(item)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--routes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    load_gazetteer()
    print(f"gazetteer loaded in {time.perf_counter() - started:.2f} s")
    whole = TYPED * args.rounds
    print(f"search, whole queries ({len(whole)}): {_percentiles(_timed(search, whole))}")
    typing = [k for text in TYPED for k in _keystrokes(text)] * args.rounds
    print(f"search, keystroke by keystroke ({len(typing)}): {_percentiles(_timed(search, typing))}")
    print("goal: search p95 <= 20 ms")

    started = time.perf_counter()
    load_roads()
    loaded = time.perf_counter() - started
    roads = router()
    for mode in ("vehicle", "foot"):
        roads.network(mode)
    print(
        f"road graph loaded in {loaded:.2f} s; vehicle and foot networks ready "
        f"{time.perf_counter() - started:.2f} s after start"
    )
    rng, area = random.Random(11), load_area()
    points = [area.pick_ward(rng).random_point(rng) for _ in range(args.routes * 2)]
    reverse(*points[0])
    print(
        f"reverse geocoding ({len(points)}): {_percentiles(_timed(lambda p: reverse(*p), points))}"
    )
    pairs = list(zip(points[::2], points[1::2], strict=True))
    town = [(a, b) for a, b in pairs if _km(a, b) < 8]
    for mode in ("vehicle", "foot"):
        county = _timed(lambda ab, mode=mode: roads.route(ab[0], ab[1], mode), pairs)
        print(f"route by {mode}, anywhere to anywhere ({len(pairs)}): {_percentiles(county)}")
        local = _timed(lambda ab, mode=mode: roads.route(ab[0], ab[1], mode), town)
        print(f"route by {mode}, under 8 km ({len(town)}): {_percentiles(local)}")
    compiled_or_not(roads)
    return 0


def _python_dijkstra(matrix, seeds: list[tuple[int, float]], limit: float) -> int:
    """The same search in pure Python (heapq), to show what the compiled one saves."""
    indptr, heads, costs = matrix.indptr.tolist(), matrix.indices.tolist(), matrix.data.tolist()
    settled: dict[int, float] = {}
    best = dict(seeds)
    heap = [(c, n) for n, c in seeds]
    heapq.heapify(heap)
    while heap:
        d, node = heapq.heappop(heap)
        if node in settled:
            continue
        if d > limit:
            break
        settled[node] = d
        for j in range(indptr[node], indptr[node + 1]):
            if d + costs[j] < best.get(heads[j], math.inf):
                best[heads[j]] = d + costs[j]
                heapq.heappush(heap, (d + costs[j], heads[j]))
    return len(settled)


def compiled_or_not(roads) -> None:
    net = roads.network("vehicle")
    target = net.snap(53.0245, -2.1794)  # Hanley
    seeds = [(int(net.graph.edge_u[target.edge]), 0.0), (int(net.graph.edge_v[target.edge]), 0.0)]
    for limit in (300.0, math.inf):
        start = time.thread_time()
        search = net.search_to(target, limit)
        compiled = (time.thread_time() - start) * 1000
        start = time.thread_time()
        settled = _python_dijkstra(net.backward.matrix, seeds, limit)
        python = (time.thread_time() - start) * 1000
        within = "the whole network" if math.isinf(limit) else f"within {limit:.0f} s of Hanley"
        print(
            f"Dijkstra by car {within} ({settled:,} nodes, {int(np.isfinite(search.cost).sum()):,} "
            f"reached): scipy {compiled:.1f} ms, pure Python {python:.1f} ms (CPU)"
        )


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return ((a[0] - b[0]) ** 2 + ((a[1] - b[1]) * 0.6) ** 2) ** 0.5 * 111.2


if __name__ == "__main__":
    sys.exit(main())
