"""Screenshots of the intelligence desk's search, a record's page and the suggestion queue,
against a real hub with the simulator playing a shift (its officers write the same people and
vehicles the ways people do, so records link across captures and some wait for review).

    python tools/intel_screenshots.py docs/screenshots
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from qasync import QEventLoop

from tests.hubprocess import HubProcess
from tests.simprocess import start_sim, stop_sim
from tools.desk_screenshots import open_signed_in
from ui.app import make_application

ANALYST = "a.okafor"
COMMON = {"vehicle", "check", "person", "search", "incident", "report", "with", "from", "near"}


async def _until(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError("the shift did not produce what the screenshots need")
        await asyncio.sleep(0.2)


def often_written(state) -> str:
    """A word the shift's officers wrote most often in their summaries."""
    words = Counter(
        w
        for c in state.captures.values()
        for w in set(re.findall(r"[a-z]{4,}", c.summary.lower()))
        if w not in COMMON
    )
    return words.most_common(1)[0][0]


def drag_around(lat: float, lon: float) -> str:
    """The page's script for a rectangle dragged about a point, as a mouse would."""
    south, west, north, east = lat - 0.05, lon - 0.08, lat + 0.05, lon + 0.08
    return (
        "(function(){var m=crLive.map();"
        f"m.fire('mousedown',{{latlng:L.latLng({south},{west})}});"
        f"m.fire('mousemove',{{latlng:L.latLng({north},{east})}});"
        f"m.fire('mouseup',{{latlng:L.latLng({north},{east})}});"
        "return 1})()"
    )


def most_seen_person(state) -> int:
    counts = Counter(
        link.id for links in state.links.values() for link in links if link.kind == "person"
    )
    return counts.most_common(1)[0][0]


async def search(out: Path, desktop) -> None:
    window, state = desktop.window, desktop.session.state
    desk = window.desk
    dock = desk.intel.search
    word = often_written(state)
    having = [c for c in state.captures.values() if word in c.summary.lower()]
    lat = sorted(c.lat for c in having)[len(having) // 2]
    lon = sorted(c.lon for c in having)[len(having) // 2]
    dock.show()
    dock.raise_()
    window.resizeDocks([dock], [860], Qt.Orientation.Horizontal)
    dock.words.setText(word)
    dock.window_.setCurrentIndex(0)  # the last 24 hours
    answers: list = []
    dock.searched.connect(answers.append)
    dock.draw_area()
    await asyncio.sleep(0.5)
    window.map_view.evaluate(drag_around(lat, lon))
    await _until(lambda: bool(answers))
    dock.table.selectRow(0)
    await _until(lambda: desk.record.capture is not None)
    await asyncio.sleep(2.5)
    window.grab().save(str(out / "intel-search.png"))


async def entity_page(out: Path, desktop) -> None:
    window, state = desktop.window, desktop.session.state
    desk = window.desk
    page = desk.intel.entity
    page.open_entity(most_seen_person(state))
    await _until(lambda: page.page is not None)
    window.resizeDocks([desk.record, page], [330, 720], Qt.Orientation.Vertical)
    window.resizeDocks([page], [760], Qt.Orientation.Horizontal)
    await asyncio.sleep(2.5)
    window.grab().save(str(out / "entity-page.png"))


async def suggestions(out: Path, desktop) -> None:
    window, state = desktop.window, desktop.session.state
    dock = window.desk.intel.suggestions
    await _until(lambda: len(state.suggestions) >= 4, timeout=240)
    dock.focus_queue()
    window.resizeDocks([dock], [860], Qt.Orientation.Horizontal)
    dock.table.selectRow(0)
    dock.open_record()
    await asyncio.sleep(2.5)
    window.grab().save(str(out / "suggestions.png"))


async def analyst(out: Path, hub: HubProcess) -> None:
    desktop = await open_signed_in(hub, ANALYST)
    state = desktop.session.state
    await _until(lambda: len(state.captures) >= 80 and len(state.links) >= 60, timeout=240)
    await search(out, desktop)
    await entity_page(out, desktop)
    await suggestions(out, desktop)
    await desktop.close()
    print("screenshots saved in", out, flush=True)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="cr-intel-shots-"))
    hub = HubProcess(f"sqlite:///{tmp / 'hub.db'}", tmp / "data")
    hub.start()
    hub.user("supervisor", "sim")
    hub.user("intelligence", ANALYST)
    sim = start_sim(hub, "sim", officers=40, speed=30, capture_rate=40.0, seed=7)

    async def take_them_all() -> None:
        failed = 0
        try:
            await analyst(out, hub)
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
