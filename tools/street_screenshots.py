"""Screenshots of the street map in the dispatcher's desk, against a real hub with the simulator
playing a shift: the county, Hanley at street zoom with live units, and a recommendation with
the assigned units' routes drawn, each in the dark and the light theme (switched in place, as
the View menu does).

    python tools/street_screenshots.py [docs/screenshots] [--officers 400]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from qasync import QEventLoop

from tests.hubprocess import PASSWORD, HubProcess
from tests.simprocess import start_sim, stop_sim
from ui.app import DesktopApp, make_application
from ui.components.route_feed import RouteFeed
from ui.main_window import MainWindow

HANLEY = (53.0245, -2.1794, 16)
CALL = {
    "summary": "Burglary in progress, intruders still inside",
    "grade": "immediate",
    "lat": 53.0262,
    "lon": -2.1772,
    "location_text": "Piccadilly, Hanley",
    "thrive": {"threat": "ongoing"},
}
ASSIGNED = 3  # the first three recommended units are sent


async def page_value(window: MainWindow, expression: str):
    answer: asyncio.Future = asyncio.get_running_loop().create_future()
    window.map_view.evaluate(expression, lambda v: answer.done() or answer.set_result(v))
    return await asyncio.wait_for(answer, 30)


async def settled(window: MainWindow, timeout: float = 60.0) -> None:
    """Until the street map has drawn its tiles and placed its labels (bounded)."""
    deadline = time.monotonic() + timeout
    await asyncio.sleep(1.0)  # the view's move reaches the page
    while time.monotonic() < deadline:
        stats = await page_value(window, "crBasemap.stats()")
        if stats and stats.get("idle"):
            return
        await asyncio.sleep(0.5)
    print("the map had not settled; taking the picture anyway", flush=True)


async def routes_drawn(window: MainWindow, count: int, timeout: float = 60.0) -> int:
    feed = window.findChild(RouteFeed)
    deadline = time.monotonic() + timeout
    drawn = 0
    while time.monotonic() < deadline:
        drawn = sum(1 for r in feed.routes.values() if r["item"] is not None)
        if drawn >= count:
            break
        await asyncio.sleep(0.5)
    return drawn


async def both_themes(window: MainWindow, out: Path, name: str) -> None:
    for theme in ("dark", "light"):
        window.set_theme(theme)
        await settled(window)
        path = out / f"streets-{name}-{theme}.png"
        window.grab().save(str(path))
        print("saved", path, flush=True)


async def recommend_and_assign(window: MainWindow, dispatcher) -> None:
    incident = dispatcher.post("/api/v1/incidents", json=CALL).json()
    desk = window.desk
    deadline = time.monotonic() + 30
    while not desk.queue.select(incident["id"]) and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
    while desk.dispatch.recommendations.rowCount() < ASSIGNED and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
    rows = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(ASSIGNED):
        index = desk.dispatch.recommendations.index(row, 0)
        desk.dispatch.units_view.selectionModel().select(index, rows)
    desk.dispatch.assign_selected()
    print("routes drawn:", await routes_drawn(window, ASSIGNED), flush=True)


async def shoot(out: Path, hub: HubProcess) -> None:
    dispatcher = hub.user("dispatcher", "j.hollins")
    store = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    store.setValue("settings/theme", "dark")
    desktop = DesktopApp(hub.url, ("j.hollins", PASSWORD), store=store)
    window = await desktop.start()
    assert window is not None
    window.resize(1920, 1080)
    desk = window.desk
    window.resizeDocks([desk.queue, desk.units], [560, 400], Qt.Orientation.Horizontal)
    window.resizeDocks([desk.tasks], [170], Qt.Orientation.Vertical)
    await asyncio.sleep(30)  # the simulated shift gets going
    await both_themes(window, out, "county")  # as the map opens: on the whole force area
    window.map_view.focus(*HANLEY)
    await both_themes(window, out, "hanley")
    window.set_theme("dark")
    await recommend_and_assign(window, dispatcher)
    window.map_view.focus(CALL["lat"], CALL["lon"], 15)
    await both_themes(window, out, "route")
    await desktop.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--officers", type=int, default=400)
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="cr-shots-"))
    hub = HubProcess(f"sqlite:///{tmp / 'hub.db'}", tmp / "data")
    hub.start()
    hub.user("supervisor", "sim")
    sim = start_sim(hub, "sim", officers=args.officers, speed=1)
    try:
        make_application()
        loop = QEventLoop()
        asyncio.set_event_loop(loop)
        loop.run_until_complete(shoot(out, hub))
    finally:
        stop_sim(sim)
        hub.stop()
    sys.stdout.flush()
    os._exit(0)  # QtWebEngine may abort in the final collection


if __name__ == "__main__":
    main()
