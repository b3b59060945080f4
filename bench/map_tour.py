"""The pan/zoom part of bench/map.py: a tour of the map run in the page (bench/map_tour.js)
while the live units keep moving, with the time to a drawn basemap, frame times and memory."""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path

TOUR_JS = Path(__file__).with_name("map_tour.js")
HANLEY = (53.0245, -2.1794)


def steps(lat: float = HANLEY[0], lon: float = HANLEY[1]) -> list[dict]:
    """Street zoom over Hanley, pans across it, in to 18, out step by step to the county."""
    tour: list[dict] = [{"view": [lat, lon, 16], "phase": "street z16 first paint", "paint": "z16"}]
    for pan in ([500, 0], [0, 350], [-500, 0], [-500, 0], [0, -350], [0, -350], [500, 0], [500, 0]):
        tour.append({"pan": pan, "phase": "pan at z16"})
    tour += [{"zoom": 17, "phase": "zoom in 16-18"}, {"zoom": 18, "phase": "zoom in 16-18"}]
    for pan in ([400, 0], [0, 300], [-400, 0], [0, -300]):
        tour.append({"pan": pan, "phase": "pan at z18"})
    for zoom in range(17, 8, -1):
        tour.append({"zoom": zoom, "phase": "zoom out 18-9 (county)"})
    for pan in ([300, 0], [0, 200], [-300, 0], [0, -200]):
        tour.append({"pan": pan, "phase": "pan at z9"})
    return tour


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def spread(values: list[float]) -> str:
    if not values:
        return "n/a"
    return (
        f"p50 {statistics.median(values):.1f}  p95 {percentile(values, 95):.1f}"
        f"  max {max(values):.1f}"
    )


def inject(view) -> None:
    """Put crTour in the page (no result comes back: only JSON text may cross)."""
    view.page().runJavaScript(TOUR_JS.read_text(encoding="utf-8"), 0)


def pss_mb(pid: int) -> float:
    """Proportional set size (shared pages split between their users), MB; 0 if unreadable."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    """Our child processes and theirs (Qt WebEngine's renderer, GPU and zygote processes)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent]
        found += children
        frontier += children
    return found


def memory(heap_mb: float | None) -> str:
    engine = sum(pss_mb(p) for p in descendants(os.getpid()))
    parts = [f"web engine processes PSS {engine:.0f} MB", f"app PSS {pss_mb(os.getpid()):.0f} MB"]
    if heap_mb is not None:
        parts.append(f"page JS heap {heap_mb:.0f} MB")
    return ", ".join(parts)


def report(result: dict, batches: list[float], memory_text: str) -> None:
    print("pan/zoom tour (units moving at 1 Hz throughout):")
    for name, ms in result.get("paint", {}).items():
        print(f"  basemap drawn after the jump to {name}: {ms:.0f} ms")
    for phase, frames in result.get("phases", {}).items():
        over = sum(1 for f in frames if f > 50)
        print(f"  frame ms, {phase}: {spread(frames)}  ({len(frames)} frames, {over} over 50 ms)")
        long_tasks = result.get("longTasks", {}).get(phase, [])
        if long_tasks:
            print(f"    page tasks over 50 ms: {len(long_tasks)}, longest {max(long_tasks):.0f} ms")
    print(f"  JS ms per batch during the tour: {spread(batches)}")
    print(f"memory after the tour: {memory_text}")
    if result.get("error"):
        print(f"tour error: {result['error']}")


def start(view) -> None:
    view.evaluate(f"crTour.start({json.dumps(steps())})")
