"""Map benchmark: N units (default 5,000) all moving at 1 Hz on the live map, over a basemap
(default: the street map), then a pan/zoom tour while they keep moving.

Prints the JS time per update batch (measured in the page with performance.now(), drawing
included), the Python time per batch (building the diff, merging it, serialising it), the
seconds from start to a live map (page ready and the first batch drawn) and to a drawn basemap,
then for the tour (bench/map_tour.py: Hanley at zoom 16, pans, in to 18, out step by step to the
county, pans there): the time to a drawn street view after the jump, frame intervals per phase
(p50/p95/max, frames over 50 ms, page tasks over 50 ms), JS per batch meanwhile, and memory
(web engine processes' PSS, the app's, the page's JS heap). Goals: <= 16 ms JS per batch, no
frame over 50 ms, <= 3 s to a live map.

    python bench/map.py [--units 5000] [--seconds 20] [--basemap outline|FILE.mbtiles] [--no-tour]
    python bench/map.py --screenshot ../notes/map.png --units 400 --captures 250

Uses resources/geodata/ when present, else a stand-in derived from ../shared/data (if there).

Measured 2026-11-30 on a quiet 2-core machine (offscreen, software GL; 1600x1000 view; whole
force in view; outline basemap), 5,000 units, 20 batches, two runs, with plain moves sent as
one flat list: JS ms per batch p50 6.1-8.5, p95 10.1-12.7, max 12.8; Python ms per batch p50
7.6-8.1 (incl. simulating the movement); live map 0.68-0.83 s (page ready 0.62-0.77 s).
Street map figures (a loaded machine): README.md, "The street map".
"""

from __future__ import annotations

import time

T0 = time.perf_counter()  # "start" is before Qt is even imported

import argparse  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

import map_tour  # noqa: E402
from PySide6 import QtWebEngineWidgets  # noqa: E402,F401  (before the QApplication)

from maps.schemes import register_schemes  # noqa: E402

TOWNS = [  # (lat, lon, weight, spread in degrees): the demo area's towns
    (53.018, -2.180, 10, 0.035),
    (53.012, -2.228, 4, 0.02),
    (52.806, -2.117, 5, 0.025),
    (52.803, -1.640, 5, 0.025),
    (52.690, -2.031, 4, 0.025),
    (52.683, -1.826, 3, 0.02),
    (52.634, -1.695, 4, 0.02),
    (53.105, -2.024, 2, 0.015),
    (52.898, -1.865, 1.5, 0.012),
    (52.903, -2.147, 1.5, 0.012),
    (52.760, -1.937, 1.5, 0.012),
    (53.087, -2.245, 1.5, 0.012),
    (53.117, -2.170, 1.2, 0.01),
    (52.985, -1.990, 1, 0.01),
    (52.65, -2.10, 1, 0.04),
]
STATUSES = (
    ["available"] * 5
    + ["assigned"] * 2
    + ["en_route"] * 2
    + ["on_scene"] * 2
    + [
        "unavailable",
        "off_duty",
    ]
)
KINDS = ["stop_search", "intelligence", "incident_report", "witness_statement",
         "vehicle_check", "person_check", "evidence", "note"]  # fmt: skip


def place(rnd: random.Random) -> tuple[float, float]:
    lat, lon, _, spread = rnd.choices(TOWNS, weights=[t[2] for t in TOWNS])[0]
    return lat + rnd.gauss(0, spread), lon + rnd.gauss(0, spread * 1.6)


def make_units(n: int, rnd: random.Random) -> list[dict]:
    units = []
    for i in range(n):
        lat, lon = place(rnd)
        units.append({"callsign": f"{'ABCDEFGHKL'[i % 10]}{i // 10:03d}", "lat": lat, "lon": lon,
                      "status": rnd.choice(STATUSES), "stale": rnd.random() < 0.05,
                      "heading_deg": rnd.uniform(0, 360)})  # fmt: skip
    return units


def step(units: list[dict], rnd: random.Random) -> dict:
    """One second of movement for every unit (about 10 m/s), a few status changes."""
    upserts = []
    for u in units:
        h = math.radians(u["heading_deg"] + rnd.uniform(-20, 20))
        u["heading_deg"] = math.degrees(h) % 360
        u["lat"] += 0.00009 * math.cos(h)
        u["lon"] += 0.00015 * math.sin(h)
        item = {"callsign": u["callsign"], "lat": u["lat"], "lon": u["lon"],
                "heading_deg": round(u["heading_deg"])}  # fmt: skip
        if rnd.random() < 0.01:
            item["status"] = u["status"] = rnd.choice(STATUSES)
        upserts.append(item)
    return {"units": {"upsert": upserts}}


def geodata_dir() -> Path:
    bundled = ROOT / "resources" / "geodata"
    if bundled.is_dir() and any(bundled.iterdir()):
        return bundled
    from dev_geodata import write_dev_geodata

    scratch = Path(tempfile.mkdtemp(prefix="controlroom-geodata-"))
    write_dev_geodata(scratch)
    return scratch


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--units", type=int, default=5000)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--screenshot", type=Path, help="save a PNG of the map and exit")
    ap.add_argument("--captures", type=int, default=250)
    ap.add_argument("--basemap", default="", help="as the basemap setting (default: streets)")
    ap.add_argument("--theme", default="dark", choices=["dark", "light"])
    ap.add_argument("--no-tour", action="store_true", help="skip the pan/zoom tour")
    args = ap.parse_args()

    register_schemes()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from maps.page import MapSettings
    from maps.view import MapView

    attribution = "Contains OS data © Crown copyright and database right; ONS (OGL v3)"
    settings = MapSettings(
        basemap=args.basemap, geodata_dir=geodata_dir(), attribution=attribution, theme=args.theme
    )
    view = MapView(settings)
    view.resize(1600, 1000)
    view.show()
    rnd = random.Random(7)
    units = make_units(args.units, rnd)
    js_ms: list[float] = []
    tour_js_ms: list[float] = []
    py_ms: list[float] = []
    marks: dict[str, float] = {}
    parts: list[tuple[float, float]] = []
    touring: dict = {}

    def on_ready() -> None:
        marks.setdefault("ready", time.perf_counter() - T0)
        map_tour.inject(view)
        poll_painted()

    def poll_painted() -> None:
        def answer(idle) -> None:
            if idle:
                marks["painted"] = time.perf_counter() - T0
            else:
                QTimer.singleShot(50, poll_painted)

        view.evaluate("crTour.idle()", answer)

    def tick() -> None:
        t = time.perf_counter()
        view.apply_diff(step(units, rnd))
        py_ms.append((time.perf_counter() - t) * 1000)

    def on_batch(report: dict) -> None:
        if "live" not in marks:
            marks["live"] = time.perf_counter() - T0
            marks["first_batch_ms"] = report["ms"]
            if args.screenshot:
                QTimer.singleShot(1500, screenshot)
            else:
                ticker.start()
            return
        if touring:
            tour_js_ms.append(report["ms"])
            return
        js_ms.append(report["ms"])
        parts.append((report.get("parseMs", 0), report.get("drawMs", 0)))
        py_ms[-1] += view.last_send_ms  # serialising and handing the batch to the page
        if len(js_ms) >= args.seconds:
            if args.no_tour:
                ticker.stop()
                app.quit()
            else:
                touring["started"] = time.perf_counter()
                map_tour.start(view)
                QTimer.singleShot(1000, poll_tour)

    def poll_tour() -> None:
        def answer(result) -> None:
            if not result or not result.get("done"):
                QTimer.singleShot(500, poll_tour)
                return
            touring["result"] = result
            ticker.stop()
            view.evaluate(
                "performance.memory ? performance.memory.usedJSHeapSize / 1048576 : null",
                measured,
            )

        def measured(heap) -> None:  # while the page's processes are still there
            touring["memory"] = map_tour.memory(heap)
            app.quit()

        view.evaluate("crTour.result()", answer)

    def screenshot() -> None:
        args.screenshot.parent.mkdir(parents=True, exist_ok=True)
        view.grab().save(str(args.screenshot))
        print(f"screenshot: {args.screenshot}")
        app.quit()

    view.bridge.page_ready.connect(on_ready)
    ticker = QTimer(interval=1000)
    ticker.timeout.connect(tick)
    view.batch_applied.connect(on_batch)
    first: dict = {"units": {"upsert": units}}
    if args.screenshot:
        first.update(demo_extras(units, args.captures, rnd))
    view.apply_diff(first)
    view.load_map()
    app.exec()

    if args.screenshot:
        return
    print(f"basemap: {settings.basemap_kind} ({args.theme}); {disk(settings)}")
    print(f"units: {args.units}, batches: {len(js_ms)} (1 Hz, all move; whole force in view)")
    print(f"page ready: {marks['ready']:.2f} s; live map (first batch drawn): {marks['live']:.2f} s"
          f" (first batch {marks['first_batch_ms']:.1f} ms JS)")  # fmt: skip
    if "painted" in marks:
        print(
            f"basemap drawn (tiles and labels, whole force): {marks['painted']:.2f} s"
            f" ({marks['painted'] - marks['ready']:.2f} s after the page was ready)"
        )
    parse, draw = [p for p, _ in parts], [d for _, d in parts]
    for name, values in (
        ("JS ms per batch", js_ms),
        ("  of which JSON.parse", parse),
        ("  of which drawing", draw),
        ("Python ms per batch", py_ms),
    ):
        print(f"{name}: {map_tour.spread(values)}")
    if "result" in touring:
        map_tour.report(touring["result"], tour_js_ms, touring["memory"])


def disk(settings) -> str:
    if settings.basemap_kind == "streets":
        path = settings.street_tiles
    elif settings.basemap_kind == "mbtiles":
        path = Path(settings.basemap)
    else:
        return "no tile file"
    return f"{path.name} {path.stat().st_size / 1e6:.1f} MB on disk"


def demo_extras(units: list[dict], n_captures: int, rnd: random.Random) -> dict:
    """Captures, an emergency, a selected unit with its track: for the screenshot."""
    captures = []
    for i in range(n_captures):
        lat, lon = place(rnd)
        captures.append({"id": f"cap-{i}", "kind": rnd.choice(KINDS), "lat": lat, "lon": lon,
                         "summary": "", "callsign": rnd.choice(units)["callsign"],
                         "at": "2024-05-01T10:00:00Z"})  # fmt: skip
    units[3].update(status="emergency", stale=False)
    chosen = next(u for u in units if u["status"] == "en_route" and not u["stale"])
    points, lat, lon = [], chosen["lat"], chosen["lon"]
    for k in range(90):
        points.append([lat, lon])
        lat -= 0.0006 + 0.0004 * math.sin(k / 6)
        lon -= 0.0011 * math.cos(k / 9)
    return {
        "captures": {"upsert": captures},
        "track": {"callsign": chosen["callsign"], "points": points[::-1]},
        "select": {"kind": "unit", "id": chosen["callsign"]},
    }


if __name__ == "__main__":
    main()
