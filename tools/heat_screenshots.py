"""Screenshots of the heat layer on the intelligence officer's desk, against a real hub: the
captures of a simulated shift (heatmap.png) and the police.uk street-level crimes of Stoke-on-
Trent imported with `controlroom admin import-crimes` (heatmap-crimes.png), each chosen from
the View menu as an analyst would.

    python tools/heat_screenshots.py docs/screenshots [--seconds 90]

The crime files are read from ../shared/data/police_uk/ (beside the checkout).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

from qasync import QEventLoop  # noqa: E402

from tests.hubprocess import PASSWORD, HubProcess  # noqa: E402
from tests.simprocess import start_sim, stop_sim  # noqa: E402
from tools.desk_screenshots import scratch_settings  # noqa: E402
from ui.app import DesktopApp, make_application  # noqa: E402

CRIMES = ROOT.parent / "shared" / "data" / "police_uk"
NORTH_STAFFS = (52.985, -2.12, 11.0)
STOKE = (53.015, -2.18, 13.0)


async def shoot(hub: HubProcess, out: Path, username: str) -> None:
    for layer, (lat, lon, zoom), name in (
        ("captures", NORTH_STAFFS, "heatmap.png"),
        ("crimes", STOKE, "heatmap-crimes.png"),
    ):
        desktop = DesktopApp(hub.url, (username, PASSWORD), store=scratch_settings(),
                             map_view=(lat, lon, zoom))  # fmt: skip
        window = await desktop.start()
        assert window is not None
        window.resize(1920, 1080)
        while not window.map_view.is_ready:
            await asyncio.sleep(0.1)
        await asyncio.sleep(4)  # the basemap drawn
        window.actions_by_name[f"heat_{layer}"].trigger()
        deadline = time.monotonic() + 60
        while window.heat.last is None and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(3)
        heat = window.heat.last
        print(f"{name}: {heat.total if heat else 'no'} {layer} in "
              f"{len(heat.cells) if heat else 0} cells", flush=True)  # fmt: skip
        window.grab().save(str(out / name))
        await desktop.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    ap.add_argument("--seconds", type=float, default=90.0, help="how long the shift plays")
    args = ap.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="cr-heat-shots-"))
    hub = HubProcess(f"sqlite:///{tmp / 'hub.db'}", tmp / "data")
    hub.start()
    hub.user("supervisor", "sim")
    hub.user("intelligence", "a.okafor")
    files = sorted(CRIMES.glob("*.csv"))
    command = ["admin", "import-crimes", *map(str, files), "--db", hub.db_url]
    subprocess.run([sys.executable, "-m", "controlroom.cli", *command,
                    "--data-dir", str(hub.data_dir)], check=True)  # fmt: skip
    sim = start_sim(hub, "sim", officers=120, speed=30, capture_rate=20)
    try:
        time.sleep(args.seconds)
        make_application()
        loop = QEventLoop()
        asyncio.set_event_loop(loop)
        loop.run_until_complete(shoot(hub, out, "a.okafor"))
    finally:
        stop_sim(sim)
        hub.stop()
        time.sleep(0.1)
    sys.stdout.flush()
    os._exit(0)  # no final collection under QtWebEngine


if __name__ == "__main__":
    main()
