"""Time from `controlroom app` starting to a live map, against a real hub with N units.

Starts a hub on a scratch SQLite store, registers N units with a position each, then runs
`controlroom app --quit-after` (offscreen) a few times and reads the "live map N s after start"
line it prints: from the process's first import to the snapshot drawn on the map.

    python bench/app_start.py [--units 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from controlroom.hub.accounts import register_device  # noqa: E402
from controlroom.hub.writer import run_now  # noqa: E402
from tests.hubprocess import PASSWORD, HubProcess  # noqa: E402

LIVE = re.compile(r"live map ([\d.]+) s after start")


def seed(hub: HubProcess, units: int) -> str:
    username = hub.user("dispatcher").username
    now = datetime.now(UTC).isoformat()
    for i in range(units):
        job = register_device(f"B{i:04d}", "foot", False, None, "b", "b")
        made = run_now(hub.engine, job, hub.audit_chain)
        with httpx.Client(base_url=hub.url, timeout=20) as device:
            device.headers["Authorization"] = f"Bearer {made['token']}"
            lat, lon = 52.6 + (i % 50) * 0.01, -2.3 + (i // 50) * 0.01
            device.post(
                "/api/v1/device/pings", json={"pings": [{"lat": lat, "lon": lon, "at": now}]}
            )
    return username


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(f"sqlite:///{tmp}/bench.db", Path(tmp) / "data")
        hub.start()
        try:
            username = seed(hub, args.units)
            env = dict(
                os.environ,
                QT_QPA_PLATFORM="offscreen",
                CONTROLROOM_USERNAME=username,
                CONTROLROOM_PASSWORD=PASSWORD,
                XDG_CONFIG_HOME=str(Path(tmp) / "config"),
            )
            if os.geteuid() == 0:
                env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
            figures = []
            for _ in range(args.runs):
                command = [sys.executable, "-m", "controlroom.cli", "app", "--hub", hub.url]
                out = subprocess.run(
                    [*command, "--quit-after", "3"], env=env, capture_output=True, text=True
                )
                found = LIVE.search(out.stdout)
                if not found:
                    sys.exit("no live-map figure:\n" + out.stdout + out.stderr[-2000:])
                figures.append(float(found.group(1)))
        finally:
            hub.stop()
    print(
        f"{args.units} units: time to a live map {statistics.median(figures):.2f} s median "
        f"(runs: {', '.join(f'{f:.2f}' for f in figures)}); goal <= 3 s"
    )


if __name__ == "__main__":
    main()
