"""Screenshots of search on the dispatcher's and the sergeant's desks, against a real hub with the
simulator playing a shift: words and an area dragged on the map, the results pinned, the capture
chosen read in the desk's capture dock with the people it mentions, and a person's record open.

    python tools/desk_search_screenshots.py docs/screenshots
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from qasync import QEventLoop

from tests.hubprocess import HubProcess
from tests.simprocess import start_sim, stop_sim
from tools.desk_screenshots import open_signed_in
from tools.intel_screenshots import _until, drag_around, often_written
from ui.app import make_application

PEOPLE = {"dispatcher": "j.hollins", "sergeant": "s.mbeki"}


async def searched(out: Path, hub: HubProcess, role: str) -> None:
    desktop = await open_signed_in(hub, PEOPLE[role])
    window, state = desktop.window, desktop.session.state
    await _until(lambda: len(state.captures) >= 80 and len(state.links) >= 60, timeout=240)
    desk = window.desk
    dock, detail, page = desk.lookup.search, desk.detail, desk.lookup.entity
    word = often_written(state)
    having = [c for c in state.captures.values() if word in c.summary.lower()]
    lat = sorted(c.lat for c in having)[len(having) // 2]
    lon = sorted(c.lon for c in having)[len(having) // 2]
    dock.focus_words()
    dock.words.setText(word)
    dock.window_.setCurrentIndex(0)  # the last 24 hours
    answers: list = []
    dock.searched.connect(answers.append)
    dock.draw_area()
    await asyncio.sleep(0.5)
    window.map_view.evaluate(drag_around(lat, lon))
    await _until(lambda: bool(answers))
    for row in range(min(dock.model.rowCount(), 20)):  # the newest that mentions someone
        dock.table.selectRow(row)
        for _ in range(15):  # its read, then what it mentions
            await asyncio.sleep(0.2)
            if detail.mentions.ids():
                break
        if detail.mentions.ids():
            break
    window.resizeDocks([dock], [620], Qt.Orientation.Horizontal)
    await asyncio.sleep(2.5)
    window.grab().save(str(out / f"{role}-search.png"))  # before a record covers the search
    if detail.mentions.ids():
        page.open_entity(detail.mentions.ids()[0])
        await _until(lambda: page.page is not None)
    await asyncio.sleep(2.5)
    window.grab().save(str(out / f"{role}-record.png"))
    await desktop.close()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="cr-desk-search-shots-"))
    hub = HubProcess(f"sqlite:///{tmp / 'hub.db'}", tmp / "data")
    hub.start()
    hub.user("supervisor", "sim")
    for role, username in PEOPLE.items():
        hub.user(role, username)
    sim = start_sim(hub, "sim", officers=40, speed=30, capture_rate=40.0, seed=7)

    async def take_them_all() -> None:
        failed = 0
        try:
            for role in PEOPLE:
                await searched(out, hub, role)
            print("screenshots saved in", out, flush=True)
        except Exception:
            traceback.print_exc()
            failed = 1
        finally:
            stop_sim(sim)
            hub.stop()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(failed)  # inside the loop: see tools/review_screenshots.py

    make_application()
    loop = QEventLoop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(take_them_all())


if __name__ == "__main__":
    main()
