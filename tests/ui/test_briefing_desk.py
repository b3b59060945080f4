"""The sergeant's briefing on the desk, against a real hub: a pack proposed for a district and a
team, an item removed, two reordered, a task added for a callsign of the team and to be
acknowledged, saved (the hub holds the list in that order), published after a confirmation
naming the team and version, a receipt arriving live when an officer's device acks it, and the
hub's offer of intelligence graded since, accepted into the draft. A dispatcher reads
a pack with nothing to edit and no Publish."""

from __future__ import annotations

import json
import uuid

import httpx
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from controlroom.hub.accounts import register_device
from controlroom.hub.writer import run_now
from tests.hub.helpers import capture
from tests.hubprocess import http_client
from tests.ui.conftest import run, until
from tests.ui.intel_helpers import answer_save_dialog
from tests.ui.test_live_app import open_app
from ui.components.briefing_new import DISTRICT
from ui.models.briefings import ACKED, CALLSIGN, CHANGE, READ, READ_VERSION

# Open incidents in Hanley (Stoke-on-Trent): what the hub proposes for the district.
INCIDENTS = [
    ("Shoplifting at the Potteries Centre", 53.0241, -2.1789),
    ("Criminal damage to a bus shelter, Town Road", 53.0275, -2.1741),
    ("Concern for welfare, Bethesda Street", 53.0222, -2.1768),
]


def team_device(hub, callsign: str, team: str) -> httpx.Client:
    """A device of a unit registered with its team (as `register-device --team` does)."""
    job = register_device(callsign, "foot", False, None, "test", "test", team=team)
    made = run_now(hub.engine, job, hub.audit_chain)
    headers = {"Authorization": f"Bearer {made['token']}"}
    return http_client(hub.url, timeout=20, headers=headers)


def raise_incidents(dispatcher) -> list[str]:
    made = []
    for summary, lat, lon in INCIDENTS:
        body = {"summary": summary, "grade": "priority", "lat": lat, "lon": lon}
        reply = dispatcher.post("/api/v1/incidents", json=body)
        assert reply.status_code in (200, 201), reply.text
        made.append(f"incident:{reply.json()['id']}")
    return made


def new_intelligence(hub, device: httpx.Client) -> str:
    """An officer's report from Hanley, graded by an analyst: what a pack should know of."""
    text = "Two males seen trying car door handles on Marsh Street after dark"
    sent = capture("intelligence", lat=53.0251, lon=-2.1797, summary=text)
    device.post("/api/v1/device/captures", json=sent).raise_for_status()
    grading = {"source": 2, "intelligence": "B", "handling": "P", "sanitised_text": text}
    analyst = hub.user("intelligence")
    analyst.put(f"/api/v1/captures/{sent['id']}/grading", json=grading).raise_for_status()
    return sent["id"]


def fill_new_briefing(title: str, team: str) -> None:
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == "newBriefingDialog", "no dialog open"
    dialog.title.setText(title)
    dialog.kind.setCurrentIndex(DISTRICT)
    dialog.district.setCurrentText("Stoke-on-Trent")
    dialog.team.setEditText(team)
    dialog.findChild(object, "briefingMake").click()


def answer_publish(asked: list[str]) -> None:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox) and box.objectName() == "publishConfirm"
    asked.append(box.text())
    next(b for b in box.buttons() if b.text() == "Publish").click()


def rows(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_a_sergeant_builds_publishes_and_sees_a_receipt_live(
    hub, qtbot, qloop, settings_store, tmp_path
):
    team = f"Hanley {uuid.uuid4().hex[:4]}"
    dispatcher = hub.user("dispatcher")
    first, second, third = raise_incidents(dispatcher)
    callsigns = [f"H{uuid.uuid4().hex[:4].upper()}" for _ in range(2)]
    devices = [team_device(hub, cs, team) for cs in callsigns]
    sergeant = hub.user("sergeant")

    async def scenario():
        desktop = await open_app(hub, sergeant.username, settings_store)
        window = desktop.window
        kit = window.desk.briefing
        pack, form, receipts = kit.pack, kit.pack.form, window.desk.receipts

        # New briefing…: the hub proposes the open incidents in the district
        QTimer.singleShot(300, lambda: fill_new_briefing("Early turn, Hanley", team))
        QTimer.singleShot(0, window.actions_by_name["new_briefing"].trigger)
        await until(lambda: pack.briefing is not None, what="the draft opened")
        proposed = [i.id for i in pack.model.items()]
        assert {first, second, third} <= set(proposed)
        assert sorted(pack.briefing.callsigns) == sorted(callsigns)

        # removed, reordered, and a task for one of the team
        pack.choose(second)
        pack.buttons["remove"].click()
        assert second not in [i.id for i in pack.model.items()]
        pack.choose(third)
        while pack.model.index_of(third).row() > pack.model.index_of(first).row():
            pack.buttons["up"].click()
        pack.buttons["task"].click()
        QTest.keyClicks(form.title, "Visit 14 Bethesda Street: welfare check")
        form.assigned.setCurrentText(callsigns[0])
        form.assigned.activated.emit(form.assigned.currentIndex())
        form.acknowledge.click()
        task = pack.current_item()
        assert task is not None and task.kind == "task" and task.assigned_to == callsigns[0]
        assert "unsaved" in pack.header.text()
        order = [i.id for i in pack.model.items()]
        assert order.index(third) < order.index(first)

        window.actions_by_name["save_briefing"].trigger()
        await until(lambda: not pack.dirty, what="saved")
        held = sergeant.get(f"/api/v1/briefings/{pack.briefing.id}").json()
        assert [i["id"] for i in held["items"]] == order
        saved_task = next(i for i in held["items"] if i["id"] == task.id)
        assert saved_task["title"] == "Visit 14 Bethesda Street: welfare check"
        assert saved_task["assigned_to"] == callsigns[0] and saved_task["acknowledge"] is True

        # Publish…: the confirmation names the team and the version
        asked: list[str] = []
        QTimer.singleShot(300, lambda: answer_publish(asked))
        QTimer.singleShot(0, window.actions_by_name["publish_briefing"].trigger)
        await until(lambda: pack.briefing.version == 1, what="published")
        assert "version 1" in asked[0] and team in asked[0]
        got = devices[0].get("/api/v1/device/briefings").json()["briefings"]
        assert [i["id"] for i in got[0]["items"]] == order
        listed = kit.list.model
        assert rows(listed, READ) == ["v1: 0 of 2"]

        # an officer reads it and acknowledges the task: the receipt arrives live
        ack = {"version": 1, "items": [task.id]}
        reply = devices[0].post(f"/api/v1/device/briefings/{pack.briefing.id}/ack", json=ack)
        assert reply.status_code == 200, reply.text
        model = receipts.receipts
        await until(lambda: rows(model, READ_VERSION)[0] == "v1", what="the receipt, live")
        assert rows(model, CALLSIGN) == callsigns  # who has read it first
        assert rows(model, ACKED)[0] == "1 of 1"
        assert rows(model, READ_VERSION)[1] == "not read"
        await until(lambda: rows(listed, READ) == ["v1: 1 of 2"], what="the list's count")

        # new intelligence graded in the area: the hub offers it, and the sergeant takes it
        news = new_intelligence(hub, devices[1])
        offered = receipts.offers
        await until(lambda: offered.rowCount() == 1, what="the offered change, live")
        assert offered.index(0, CHANGE).data() == "Add"
        receipts.offers_table.selectRow(0)
        receipts.findChild(QPushButton, "offerAccept").click()
        assert f"capture:{news}" in [i.id for i in pack.model.items()] and pack.dirty
        window.actions_by_name["save_briefing"].trigger()
        await until(lambda: not pack.dirty, what="saved with the offer taken")
        await kit.commands.open(pack.briefing.id)  # opened again: the hub still offers it,
        assert offered.rowCount() == 0  # and the draft already has it
        assert offered.rowCount() == 0

        # Export the audit…: who built, published and read it
        target = tmp_path / "audit.json"
        QTimer.singleShot(300, lambda: answer_save_dialog(str(target), "JSON (*.json)"))
        QTimer.singleShot(0, window.actions_by_name["briefing_audit"].trigger)
        await until(target.exists, what="audit exported")
        actions = {r["action"] for r in json.loads(target.read_text())["records"]}
        assert {
            "briefing.create",
            "briefing.edit",
            "briefing.publish",
            "briefing.acknowledge",
        } <= actions
        await desktop.close()

    run(qtbot, scenario())


def test_a_dispatcher_reads_a_pack_and_is_offered_nothing_to_change(
    hub, qtbot, qloop, settings_store, tmp_path
):
    sergeant = hub.user("sergeant")
    body = {
        "title": "Late turn, Longton",
        "area": {"district": "Stoke-on-Trent"},
        "shift_start": "2026-12-01T14:00:00Z",
        "shift_end": "2026-12-01T23:59:00Z",
        "team": ["L1", "L2"],
    }
    made = sergeant.post("/api/v1/briefings", json=body)
    assert made.status_code == 201, made.text
    dispatcher = hub.user("dispatcher")

    async def scenario():
        desktop = await open_app(hub, dispatcher.username, settings_store)
        window = desktop.window
        kit = window.desk.briefing
        await until(lambda: kit.list.model.row_of(made.json()["id"]) is not None, what="listed")
        kit.list.opened.emit(made.json()["id"])
        await until(lambda: kit.pack.briefing is not None, what="opened")
        shown = (set(window.actions_by_name), kit.pack.buttons, kit.commands.receipts)
        if kit.pack.model.items():
            kit.pack.choose(kit.pack.model.items()[0].id)
        read_only = kit.pack.form.note.isReadOnly()
        # Export PDF…: the pack as the hub prints it, saved where the user chooses
        target = tmp_path / "pack.pdf"
        QTimer.singleShot(300, lambda: answer_save_dialog(str(target), "PDF (*.pdf)"))
        QTimer.singleShot(0, window.actions_by_name["briefing_pdf"].trigger)
        await until(lambda: target.exists() and target.stat().st_size > 0, what="PDF saved")
        assert target.read_bytes().startswith(b"%PDF")
        await desktop.close()
        return shown, read_only

    (actions, buttons, receipts), read_only = run(qtbot, scenario())
    assert "publish_briefing" not in actions and "save_briefing" not in actions
    assert "new_briefing" not in actions and {"briefings", "briefing_pdf"} <= actions
    assert buttons == {} and receipts is None and read_only
