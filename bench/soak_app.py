"""Soak: the desktop app against a busy simulated shift, for as long as it takes to matter.

Starts a hub on a scratch SQLite store and the simulator (200 officers at 10 times real time by
default), then runs the app in this process, signed in as a supervisor, offscreen. Every minute
it prints the process's resident memory, Python's object count, open file handles, threads,
the reference count of True, and how many events the live state has applied; at the end the
growth after the warm-up against the goal (under 20 MB over 10 minutes).

    python bench/soak_app.py [--minutes 10] [--warmup 2] [--officers 200] [--speed 10]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from controlroom.demo import HubSubprocess, free_port, prepare_demo_user, start_simulator  # noqa: E402
from ui.app import DesktopApp, make_application  # noqa: E402

GOAL_MB = 20.0
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Sample:
    minute: float
    rss_mb: float
    page_mb: float  # the map page's renderer (QtWebEngine's own processes)
    objects: int
    handles: int
    threads: int
    true_refs: int
    events: int


def rss_mb(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE / 2**20
    except OSError:  # gone since it was listed
        return 0.0


def descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError):
                continue
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def sample(started: float, desktop: DesktopApp, others: set[int]) -> Sample:
    state = desktop.session.state if desktop.session else None
    page = [pid for pid in descendants(os.getpid()) if pid not in others]
    return Sample(
        (time.monotonic() - started) / 60,
        rss_mb(),
        sum(rss_mb(pid) for pid in page),
        len(gc.get_objects()),
        len(os.listdir("/proc/self/fd")),
        threading.active_count(),
        sys.getrefcount(True),
        state.applied if state else 0,
    )


def show(s: Sample) -> None:
    print(
        f"{s.minute:5.1f} min  RSS {s.rss_mb:6.1f} MB (page {s.page_mb:6.1f} MB)  "
        f"objects {s.objects:9,}  "
        f"handles {s.handles:4}  threads {s.threads:3}  refs(True) {s.true_refs:7,}  "
        f"events {s.events:9,}",
        flush=True,
    )


async def soak(desktop: DesktopApp, minutes: float, others: set[int]) -> list[Sample]:
    window = await desktop.start()
    if window is None:
        raise SystemExit("could not sign in")
    started, samples = time.monotonic(), []
    for minute in range(1, int(minutes) + 1):
        await asyncio.sleep(max(0.0, started + 60 * minute - time.monotonic()))
        samples.append(sample(started, desktop, others))
        show(samples[-1])
    await desktop.close()
    return samples


def report(samples: list[Sample], warmup: float) -> int:
    after = [s for s in samples if s.minute >= warmup]
    if len(after) < 2:
        print("too short to judge growth after the warm-up")
        return 1
    first, last = after[0], after[-1]
    growth = last.rss_mb - first.rss_mb
    span = last.minute - first.minute
    print(
        f"\nafter {warmup:.0f} min of warm-up, over {span:.1f} min: RSS {growth:+.1f} MB "
        f"(page {last.page_mb - first.page_mb:+.1f} MB), "
        f"objects {last.objects - first.objects:+,}, handles {last.handles - first.handles:+}, "
        f"refs(True) {last.true_refs - first.true_refs:+,}; {last.events - first.events:,} "
        f"events applied ({(last.events - first.events) / (span * 60):,.0f}/s)"
    )
    ok = growth < GOAL_MB * span / 10
    print(f"goal: under {GOAL_MB:.0f} MB per 10 min, no crash: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--speed", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        password = prepare_demo_user(data)
        hub = HubSubprocess(data, free_port())
        url = hub.start()
        sim = start_simulator(url, password, args.officers, args.speed, data)
        try:
            make_application()
            from qasync import QEventLoop

            loop = QEventLoop()
            asyncio.set_event_loop(loop)
            desktop = DesktopApp(url, ("demo", password), scratch_settings(data))
            total = args.minutes + args.warmup
            others = {hub.process.pid} if hub.process else set()
            others |= {sim.pid} if sim is not None else set()
            others |= {p for pid in others for p in descendants(pid)}
            samples = loop.run_until_complete(soak(desktop, total, others))
        finally:
            if sim is not None:
                sim.terminate()
            hub.stop()
        return report(samples, args.warmup)


def scratch_settings(data: Path):
    from PySide6.QtCore import QSettings

    return QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat)


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # as the app does: no final collection under QtWebEngine
