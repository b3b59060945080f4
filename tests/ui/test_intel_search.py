"""Search on the intelligence desk against a real hub: words, kind and a window, then an area
dragged on the map; the newest first with the total; the result chosen opens as a record; the
export writes exactly the captures found. A dispatcher, not cleared for handling code C, finds
the same words without the restricted capture."""

from __future__ import annotations

import csv
import io
import json
import uuid

from PySide6.QtCore import QTimer

from tests.ui.conftest import run, until
from tests.ui.intel_helpers import (
    HANLEY,
    IN_LONGTON,
    answer_save_dialog,
    drag_rectangle,
    map_shows,
    send,
)
from tests.ui.test_live_app import open_app
from ui.components.search_dock import SearchDock


def test_words_and_a_drawn_area_find_the_captures_and_the_export_holds_them(
    hub, qtbot, qloop, settings_store, tmp_path
):
    analyst, device = hub.user("intelligence"), hub.device()
    word = f"Kestrel{uuid.uuid4().hex[:6]}"
    oldest = send(device, f"{word} seen on the market", ago_s=600)
    longton = send(device, f"{word} again near the bus station", IN_LONGTON, ago_s=300)
    newest = send(device, f"{word} by the shops", ago_s=60)
    secret = send(device, f"{word} informant meeting", ago_s=30, handling_code="C")
    send(device, "Nothing of note on the market", ago_s=20)

    async def scenario():
        desktop = await open_app(hub, analyst.username, settings_store)
        desk = desktop.window.desk
        search, view = desk.intel.search, desktop.window.map_view
        answers = []
        search.searched.connect(answers.append)
        desk.actions["search"].trigger()
        search.words.setText(word)
        search.words.returnPressed.emit()
        await until(lambda: answers, what="the search answered")
        found = answers[-1]
        assert found.total == 4 and not found.more  # an analyst is cleared for code C
        ids = [search.model.capture(r).id for r in range(search.model.rowCount())]
        assert ids == [secret, newest, longton, oldest]  # newest first
        assert search.summary.text().startswith("4 captures match, newest first")
        await map_shows(view, "found", 4)

        # an area dragged around Hanley: the bus station in Longton is left out
        search.draw.click()
        await until(lambda: True)  # the page has the call to start drawing queued first
        drawn = await drag_rectangle(view, *HANLEY)
        await until(lambda: len(answers) == 2, what="searched again in the area")
        assert drawn["area"] is not None and search.bbox.startswith("-2.185")
        assert [c.id for c in answers[-1].captures] == [secret, newest, oldest]
        assert search.area.text().startswith("an area")

        # chosen: read as a record, pinned on the map
        search.table.selectRow(1)
        record = desk.record
        await until(lambda: record.capture is not None and record.capture.id == newest)
        assert word in record.browser.toPlainText()

        # exported as CSV through the dialog: exactly the captures found
        target = tmp_path / "found"
        QTimer.singleShot(200, lambda: answer_save_dialog(str(target), "CSV (*.csv)"))
        written = []
        search.exported.connect(written.append)
        QTimer.singleShot(0, search.export)
        await until(lambda: written, what="exported")
        assert written == [str(tmp_path / "found.csv")]
        rows = list(csv.DictReader(io.StringIO((tmp_path / "found.csv").read_text())))
        assert len(rows) == answers[-1].total == 3
        assert {r["id"] for r in rows} == {secret, newest, oldest}
        search.export_to(tmp_path / "found.geojson", "geojson")
        await until(lambda: len(written) == 2, what="exported as GeoJSON")
        features = json.loads((tmp_path / "found.geojson").read_text())["features"]
        assert len(features) == 3
        await desktop.close()

    run(qtbot, scenario())


def test_a_dispatcher_searches_without_the_code_c_capture(hub, qtbot, qloop, settings_store):
    dispatcher, device = hub.user("dispatcher"), hub.device()
    word = f"Merlin{uuid.uuid4().hex[:6]}"
    open_one = send(device, f"{word} outside the pub", ago_s=90)
    send(device, f"{word} informant says", ago_s=30, handling_code="C")

    async def scenario():
        desktop = await open_app(hub, dispatcher.username, settings_store)
        window = desktop.window
        search = SearchDock(desktop.session.client, window.desk.ws.tasks, window.map_view, window)
        answers, failures = [], []
        search.searched.connect(answers.append)
        search.failed.connect(failures.append)
        search.words.setText(word)
        search.search()
        await until(lambda: answers, what="the search answered")
        assert [c.id for c in answers[-1].captures] == [open_one] and answers[-1].total == 1
        search.words.setText('"')  # no word to search for: the hub's 422 is said, not raised
        search.search()
        await until(lambda: failures, what="the refusal shown")
        assert search.summary.text().startswith("Not searched:")
        assert search.model.rowCount() == 1  # what was found stays
        await desktop.close()

    run(qtbot, scenario())
