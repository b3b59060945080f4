"""Search and records on the dispatcher's and the sergeant's desks against a real hub: words
and an area dragged on the map find the captures, pinned there, newest first; the one chosen
opens in the desk's capture dock with the people it mentions, and a person's page opens from
there, from a search by name and from a capture clicked on the map. Neither role is cleared for
handling code C: the restricted capture is neither found nor listed on the page, and neither
desk offers merge or split (the hub would refuse them)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from tests.hub.entity_helpers import letters, linked, of_kind
from tests.ui.conftest import page_value, run, until
from tests.ui.intel_helpers import HANLEY, IN_LONGTON, drag_rectangle, map_shows, send
from tests.ui.test_live_app import open_app


async def marker_drawn(view, capture_id: str) -> None:
    script = f"crLive.captureMarker({capture_id!r}) ? true : false"
    for _ in range(200):
        if await page_value(view.evaluate, script):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"capture {capture_id} not drawn on the map")


@pytest.mark.parametrize("role", ["dispatcher", "sergeant"])
def test_a_desk_searches_and_opens_records_without_code_c(hub, qtbot, qloop, settings_store, role):
    user, analyst, device = hub.user(role), hub.user("intelligence"), hub.device()
    word = f"Heron{uuid.uuid4().hex[:6]}"
    surname, n = f"Boulton{letters()}", uuid.uuid4().int  # a man and a birthday of its own
    person = {"name": f"Dean {surname}", "dob": f"19{50 + n % 45}-0{1 + n % 9}-2{n % 8}"}
    stop = send(device, f"{word} stop search of {surname}", ago_s=600, kind="stop_search",
                person=person)  # fmt: skip
    longton = send(device, f"{word} seen near the bus station", IN_LONGTON, ago_s=300)
    secret = send(device, f"{word} informant on {surname}", ago_s=60, kind="intelligence",
                  person=person, handling_code="C")  # fmt: skip
    record = of_kind(linked(analyst, stop), "person")[0]["id"]
    assert of_kind(linked(analyst, secret), "person")[0]["id"] == record  # one man, two captures

    async def scenario():
        desktop = await open_app(hub, user.username, settings_store)
        desk, view = desktop.window.desk, desktop.window.map_view
        search, detail, page = desk.lookup.search, desk.detail, desk.lookup.entity
        together = desktop.window.tabifiedDockWidgets(detail)
        assert search not in together and page not in together  # each beside the capture
        answers = []
        search.searched.connect(answers.append)
        desk.actions["search"].trigger()
        assert search.isVisible() and search.words.hasFocus()
        search.words.setText(word)
        search.words.returnPressed.emit()
        await until(lambda: answers, what="the search answered")
        assert [c.id for c in answers[-1].captures] == [longton, stop]  # no code C
        assert answers[-1].total == 2
        await map_shows(view, "found", 2)

        search.draw.click()
        await until(lambda: True)
        await drag_rectangle(view, *HANLEY)
        await until(lambda: len(answers) == 2, what="searched again in the area")
        assert [c.id for c in answers[-1].captures] == [stop]  # Longton is outside

        # chosen: read in the capture dock, with the person it mentions
        search.table.selectRow(0)
        await until(lambda: record in detail.mentions.ids(), what="the capture's people")
        assert word in detail.heading.text()
        mentions = detail.mentions.list
        mentions.setCurrentRow(detail.mentions.ids().index(record))
        QTest.keyClick(mentions, Qt.Key.Key_Return)
        await until(lambda: page.page is not None and page.page.id == record, what="the page")
        assert page.page.captures == [stop]  # the informant's report is withheld
        shown = page.browser.toPlainText()
        assert f"stop search of {surname}" in shown and "informant" not in shown
        buttons = {b.objectName() for b in page.findChildren(QPushButton)}
        assert not buttons & {"entityMerge", "entitySplit"}  # the hub refuses these roles

        # found by name from the record's own search
        page.words.setText(surname)
        page.find_records()
        await until(lambda: page.results.count() > 0, what="the records found")
        assert page.page.id == record

        # a capture clicked on the map opens in the capture dock, and its record from there
        search.set_area("")
        detail.mentions.clear_links()
        await marker_drawn(view, longton)
        view.evaluate(f"crLive.captureMarker({longton!r}).fire('click') && true")
        await until(lambda: detail.capture_id == longton, what="the clicked capture")
        view.evaluate(f"crLive.captureMarker({stop!r}).fire('click') && true")
        await until(lambda: record in detail.mentions.ids(), what="the clicked capture's people")
        await desktop.close()

    run(qtbot, scenario())
