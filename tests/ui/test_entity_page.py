"""A record's page on the intelligence desk against a real hub: opened from the people a
capture mentions, it lists every capture that mentions the person with its grade and handling
code, pins where they were seen, and leads to the vehicle they drive; a registration mark
typed however it was written finds the vehicle. A dispatcher, not cleared for handling code C,
sees the same person without the restricted capture, and a record held only in one is refused
plainly. An analyst merges two records from the page, and splits them apart again."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.hub.entity_helpers import letters, linked, of_kind
from tests.ui.conftest import run, until
from tests.ui.intel_helpers import IN_LONGTON, map_shows, send
from tests.ui.test_live_app import open_app
from ui.components.entity_dialogs import IdRole
from ui.components.entity_dock import NOT_SHOWN, EntityDock


def a_person_in_three_captures(device, surname: str) -> tuple[str, str, str]:
    """A stop with his car, a later search naming him another way, and a code C report (a
    mark, a phone and a birthday of this test's own)."""
    n = uuid.uuid4().int
    dob, phone = f"19{60 + n % 40}-0{1 + n % 9}-1{n % 10}", f"07700 900{n % 1000:03d}"
    vrm = f"BD{10 + n % 60} {letters(3).upper()}"
    driver = {"name": f"William {surname}", "dob": dob, "phone": phone}
    stop = send(
        device, f"Vehicle stop on Leek Road, driver {surname}", ago_s=900, kind="vehicle_check",
        vehicle={"vrm": vrm, "make": "Ford", "model": "Focus", "colour": "Blue"},
        driver=driver, source_evaluation=2, intelligence_assessment="B",
    )  # fmt: skip
    search = send(
        device, f"Stop search of {surname} by the bus station", IN_LONGTON, ago_s=600,
        kind="stop_search", person={"name": f"Bill {surname.upper()}", "dob": dob},
    )  # fmt: skip
    secret = send(
        device, f"Informant: {surname} dealing from the flats", ago_s=300, kind="intelligence",
        person={"name": f"William {surname}", "dob": dob}, handling_code="C",
    )  # fmt: skip
    return stop, search, secret


def test_the_page_of_a_person_lists_every_capture_that_mentions_him(
    hub, qtbot, qloop, settings_store
):
    analyst, device = hub.user("intelligence"), hub.device()
    surname = f"Tunnicliffe{letters()}"
    stop, search, secret = a_person_in_three_captures(device, surname)
    person = of_kind(linked(analyst, secret), "person")[0]["id"]
    assert of_kind(linked(analyst, search), "person")[0]["id"] == person

    async def scenario():
        desktop = await open_app(hub, analyst.username, settings_store)
        desk, view = desktop.window.desk, desktop.window.map_view
        record, page = desk.record, desk.intel.entity
        finds = []
        desk.intel.search.searched.connect(finds.append)
        desk.intel.search.words.setText(surname)
        desk.intel.search.search()
        await until(lambda: finds, what="searched")
        desk.intel.search.select(stop)
        mentions = record.mentions
        await until(lambda: person in mentions.ids(), what="the capture's people listed")
        row = mentions.ids().index(person)
        mentions.list.setCurrentRow(row)
        QTest.keyClick(mentions.list, Qt.Key.Key_Return)  # Enter opens the record
        await until(lambda: page.page is not None and page.page.id == person, what="the page")

        shown = page.browser.toPlainText()
        assert set(page.page.captures) == {stop, search, secret}
        for said in ("Vehicle stop on Leek Road", "by the bus station", "dealing from the flats"):
            assert said in shown
        assert "2-B" in shown  # the grade the stop's officer gave, beside what it claims
        assert f"William {surname}" in shown and "07700 900" in shown
        await map_shows(view, "seen", 3)  # where he was seen

        # the car he drives: one click away, and found again by its mark written another way
        car = next(r for r in page.page.related if r.kind == "vehicle")
        assert car.via == "drives" and car.label.split()[0] in shown
        page.browser.anchorClicked.emit(QUrl(f"entity:{car.id}"))
        await until(lambda: page.page.id == car.id, what="the vehicle's page")
        page.go_back()
        await until(lambda: page.page.id == person, what="back to the person")
        page.kind.setCurrentIndex(page.kind.findData("vehicle"))
        page.words.setText("".join(car.label.split()[:2]).lower())  # "bd23xyz" for "BD23 XYZ"
        page.find_records()
        await until(lambda: page.page.id == car.id, what="the vehicle found by its mark")

        # a capture on the page opens as a record
        page.go_back()
        await until(lambda: page.page.id == person)
        page.browser.anchorClicked.emit(QUrl(f"capture:{search}"))
        await until(lambda: record.capture is not None and record.capture.id == search)
        await desktop.close()

    run(qtbot, scenario())


def test_a_dispatcher_sees_the_person_without_the_code_c_capture(hub, qtbot, qloop, settings_store):
    analyst, dispatcher, device = hub.user("intelligence"), hub.user("dispatcher"), hub.device()
    surname = f"Podmore{letters()}"
    stop, search, secret = a_person_in_three_captures(device, surname)
    person = of_kind(linked(analyst, stop), "person")[0]["id"]
    hidden = send(
        device, "Informant names a dealer", ago_s=100, kind="intelligence", handling_code="C",
        person={"name": f"Zebedee {letters()}son", "dob": "1971-07-08"},
    )  # fmt: skip
    only_in_c = of_kind(linked(analyst, hidden), "person")[0]["id"]

    async def scenario():
        desktop = await open_app(hub, dispatcher.username, settings_store)
        window = desktop.window
        page = EntityDock(
            desktop.session.state, desktop.session.client, window.desk.ws.tasks,
            window.map_view, False, window,
        )  # fmt: skip
        page.open_entity(person)
        await until(lambda: page.page is not None, what="the page")
        assert set(page.page.captures) == {stop, search}
        assert "dealing from the flats" not in page.browser.toPlainText()
        page.open_entity(only_in_c)
        await until(lambda: page.browser.toPlainText() == NOT_SHOWN, what="refused plainly")
        assert page.page is None and page.back.isEnabled()
        await desktop.close()

    run(qtbot, scenario())


def open_dialog(name: str):
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == name, f"no {name} open"
    return dialog


async def answer_merge(other_name: str, note: str) -> None:
    """Find the other record in the merge dialog, choose it and say why, as an analyst would."""
    dialog = open_dialog("mergeDialog")
    dialog.words.setText(other_name)
    dialog.words.returnPressed.emit()

    def ids():
        return [dialog.choices.item(n).data(IdRole) for n in range(dialog.choices.count())]

    await until(lambda: any(i is not None for i in ids()), what="the record found")
    dialog.choices.setCurrentRow(next(n for n, i in enumerate(ids()) if i is not None))
    dialog.note.setText(note)
    dialog.accept()


def answer_split(capture_id: str, note: str) -> None:
    dialog = open_dialog("splitDialog")
    for n in range(dialog.captures.count()):
        item = dialog.captures.item(n)
        if item.data(IdRole) == capture_id:
            item.setCheckState(Qt.CheckState.Checked)
    dialog.note.setText(note)
    dialog.accept()


def test_an_analyst_merges_two_records_on_the_page_and_splits_them_again(
    hub, qtbot, qloop, settings_store
):
    analyst, device = hub.user("intelligence"), hub.device()
    alias = f"Zed {letters()}"
    real = send(device, "Person check", kind="person_check",
                person={"name": f"Marcus {letters()}", "dob": "1988-05-06"})  # fmt: skip
    known_as = send(device, "Stopped, gave another name", kind="person_check",
                    person={"name": alias, "dob": "1977-09-10"})  # fmt: skip
    record = of_kind(linked(analyst, real), "person")[0]["id"]
    other = of_kind(linked(analyst, known_as), "person")[0]["id"]
    assert record != other

    async def scenario():
        desktop = await open_app(hub, analyst.username, settings_store)
        page = desktop.window.desk.intel.entity
        said = []
        page.changed.connect(said.append)
        page.open_entity(record)
        await until(lambda: page.page is not None and page.page.id == record)
        page.merge_button.click()
        await answer_merge(alias, "the same man: an alias he uses")
        await until(lambda: said, what="merged")
        await until(lambda: set(page.page.captures) == {real, known_as}, what="one record")
        assert "merged another record in: the same man" in page.browser.toPlainText()

        page.split_button.click()
        answer_split(known_as, "not him after all")
        await until(lambda: len(said) == 2, what="split")
        await until(lambda: page.page.captures == [real], what="his own captures again")
        apart = of_kind(linked(analyst, known_as), "person")[0]["id"]
        assert apart != record
        await desktop.close()

    run(qtbot, scenario())
