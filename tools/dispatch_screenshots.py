"""Screenshots of the dispatcher's desk against a real hub with the simulator playing a shift:
the incident queue with a recommendation on the map, and an active emergency.

    python tools/dispatch_screenshots.py docs/screenshots
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from qasync import QEventLoop

from tests.hubprocess import PASSWORD, HubProcess
from tests.simprocess import start_sim, stop_sim
from ui.app import DesktopApp, make_application

INCIDENTS = [
    ("Burglary in progress, offenders on premises", "immediate", 53.0262, -2.1772, "Piccadilly"),
    ("Road traffic collision, two vehicles, injuries", "immediate", 53.0030, -2.1830, "A500"),
    ("Shoplifter detained by store security", "priority", 53.0405, -2.1990, "Market Square"),
    ("Concern for welfare, elderly male not seen", "priority", 53.0110, -2.2280, "Hartshill Rd"),
    ("Criminal damage to vehicle overnight", "scheduled", 53.0180, -2.1600, "Leek Road"),
]


async def shoot(out: Path, hub: HubProcess) -> None:
    dispatcher = hub.user("dispatcher", "j.hollins")
    desktop = DesktopApp(
        hub.url,
        ("j.hollins", PASSWORD),
        store=QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat),
    )
    window = await desktop.start()
    window.resize(1920, 1080)
    window.resizeDocks([window.desk.queue], [640], Qt.Orientation.Horizontal)
    await asyncio.sleep(20)  # the simulated shift gets going
    made = []
    for summary, grade, lat, lon, where in INCIDENTS:
        body = {"summary": summary, "grade": grade, "lat": lat, "lon": lon, "location_text": where}
        body["thrive"] = {"threat": "ongoing" if grade == "immediate" else ""}
        made.append(dispatcher.post("/api/v1/incidents", json=body).json())
    await asyncio.sleep(3)
    window.desk.queue.select(made[0]["id"])
    await asyncio.sleep(4)
    window.desk.dispatch.assign_selected()
    await asyncio.sleep(2)
    window.desk.queue.select(made[1]["id"])
    await asyncio.sleep(5)
    window.grab().save(str(out / "dispatch-queue.png"))
    unit = next(iter(u for u in window.session.state.units.values() if u.lat is not None))
    device = hub.device(unit.callsign)  # a fresh token for that officer's device
    device.post("/api/v1/device/emergency", json={"lat": unit.lat, "lon": unit.lon})
    await asyncio.sleep(6)
    window.grab().save(str(out / "dispatch-emergency.png"))
    window.alarm.window.grab().save(str(out / "dispatch-alarm-window.png"))
    print("screenshots saved in", out, flush=True)
    await desktop.close()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="cr-shots-"))
    hub = HubProcess(f"sqlite:///{tmp / 'hub.db'}", tmp / "data")
    hub.start()
    hub.user("supervisor", "sim")
    sim = start_sim(hub, "sim", officers=60, speed=5)
    try:
        make_application()
        loop = QEventLoop()
        asyncio.set_event_loop(loop)
        loop.run_until_complete(shoot(out, hub))
    finally:
        stop_sim(sim)
        hub.stop()
        time.sleep(0.1)
    sys.stdout.flush()
    os._exit(0)  # PySide6 6.12 + QtWebEngine may abort in the final collection


if __name__ == "__main__":
    main()
