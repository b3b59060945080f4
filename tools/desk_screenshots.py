"""Screenshots of each role's desk against a real hub with the simulator playing a shift: the
dispatcher's message log with an officer's message from a device and a GeoChat from a TAK
client (one read, one not, and a reply), and the intelligence officer's desk (the sergeant's,
with a briefing open: tools/briefing_screenshots.py).

    python tools/desk_screenshots.py docs/screenshots
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

from PySide6.QtCore import QSettings
from qasync import QEventLoop

from tests.hubprocess import PASSWORD, HubProcess
from tests.interop.takclient import TakClient, config, geochat
from tests.simprocess import start_sim, stop_sim
from ui.app import DesktopApp, make_application


def scratch_settings() -> QSettings:
    """Settings of a run's own, so a screenshot never sees (or changes) a user's."""
    return QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)


async def open_signed_in(hub: HubProcess, username: str) -> DesktopApp:
    """The app signed in as ``username``, at the size the screenshots are taken."""
    desktop = DesktopApp(hub.url, (username, PASSWORD), store=scratch_settings())
    window = await desktop.start()
    assert window is not None
    window.resize(1920, 1080)
    return desktop


async def messages(out: Path, hub: HubProcess) -> None:
    hub.user("dispatcher", "j.hollins")
    device = hub.device("PC4471")
    hub.device("CYAN7", external_id="ANDROID-5f3a9d1c2b7e")
    desktop = await open_signed_in(hub, "j.hollins")
    window = desktop.window
    assert window is not None
    await asyncio.sleep(15)  # the simulated shift gets going
    said = device.post(
        "/api/v1/device/messages",
        json={"text": "Male detained outside the Co-op, Piccadilly. Need a van please."},
    ).json()
    tak = await TakClient(config(f"tcp://127.0.0.1:{hub.cot_ports['tcp']}")).connect()
    await tak.send(
        geochat(
            "ANDROID-5f3a9d1c2b7e",
            "CYAN7",
            "Suspect on foot heading north up Leek Road, grey hoodie",
        )
    )
    await asyncio.sleep(2)
    dock = window.desk.messages
    dock.show()
    dock.raise_()
    dock.table.select_key(said["id"])  # read by this dispatcher; the GeoChat stays unread
    dock.reply_box.setText("Van on its way, ETA 6 minutes")
    dock.reply()
    await asyncio.sleep(3)
    window.grab().save(str(out / "messages.png"))
    await tak.close()
    await desktop.close()


async def desks(out: Path, hub: HubProcess) -> None:
    for role, name in (("intelligence", "a.okafor"),):
        hub.user(role, name)
        desktop = await open_signed_in(hub, name)
        await asyncio.sleep(8)
        window = desktop.window
        assert window is not None
        if role == "intelligence":  # a queue with some captures in it, and the first one open
            queue = window.desk.queue
            for _ in range(60):
                if queue.table.proxy.rowCount() >= 4:
                    break
                await asyncio.sleep(1)
            queue.table.view.selectRow(0)
            await asyncio.sleep(2)
        window.grab().save(str(out / f"desk-{role}.png"))
        await desktop.close()
    print("screenshots saved in", out, flush=True)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="cr-shots-"))
    hub = HubProcess(f"sqlite:///{tmp / 'hub.db'}", tmp / "data", extra_args=("--cot-port", "0"))
    hub.start()
    hub.user("supervisor", "sim")
    sim = start_sim(hub, "sim", officers=60, speed=5)
    try:
        make_application()
        loop = QEventLoop()
        asyncio.set_event_loop(loop)
        loop.run_until_complete(messages(out, hub))
        loop.run_until_complete(desks(out, hub))
    finally:
        stop_sim(sim)
        hub.stop()
        time.sleep(0.1)
    sys.stdout.flush()
    os._exit(0)  # no final collection under QtWebEngine


if __name__ == "__main__":
    main()
