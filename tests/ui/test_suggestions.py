"""The suggestion queue on the intelligence desk against a real hub: records that may be the
same wait best first with their reasons; L links them (the suggestion leaves the queue and the
two mentions are one record), N keeps them apart; a colleague's decision at another workstation
takes the suggestion out of this queue as it is made."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.hub.entity_helpers import letters, linked, of_kind
from tests.hub.entity_helpers import send as send_fields
from tests.ui.conftest import run, until
from tests.ui.test_live_app import open_app


def a_doubtful_pair(device, reader) -> tuple[int, str, int]:
    """A car stopped, then its mark written with a zero for the O: the second mention waits
    for review (a misread mark is only ever suggested). The car's record, the second capture,
    and the suggestion."""
    n = uuid.uuid4().int
    tail = letters(2).upper().replace("I", "J").replace("O", "P")
    mark = f"Y{tail[0]}{'23456789'[n % 8]}{'23456789'[n // 8 % 8]} SO{tail[1]}"
    first = send_fields(device, "vehicle_check", vehicle={"vrm": mark, "make": "Vauxhall"})
    record = of_kind(linked(reader, first), "vehicle")[0]["id"]
    misread = send_fields(device, "vehicle_check", vehicle={"vrm": mark.replace("SO", "S0")})
    doubts = [d for d in of_kind(linked(reader, misread), "vehicle") if d["id"] == record]
    assert [d["linked"] for d in doubts] == ["suggested"]
    return record, misread, doubts[0]["suggestion"]


def row_of(dock, suggestion_id: int) -> int:
    return dock.model.row_of(suggestion_id)


def test_l_links_the_suggestion_and_a_colleagues_decision_shows_live(
    hub, qtbot, qloop, settings_store
):
    analyst, colleague, device = hub.user("intelligence"), hub.user("supervisor"), hub.device()
    first, first_capture, first_suggestion = a_doubtful_pair(device, analyst)

    async def scenario():
        desktop = await open_app(hub, analyst.username, settings_store)
        desk = desktop.window.desk
        dock = desk.intel.suggestions
        await until(lambda: row_of(dock, first_suggestion) >= 0, what="loaded when live")
        # one that arrives while the desk is open joins the queue live, best first
        second, _, second_suggestion = a_doubtful_pair(device, analyst)
        await until(lambda: row_of(dock, second_suggestion) >= 0, what="suggested live")
        scores = [s.score for s in dock.model.rows if s.status == "pending"]
        assert scores == sorted(scores, reverse=True)

        desk.actions["suggestions"].trigger()
        dock.table.selectRow(row_of(dock, first_suggestion))
        shown = dock.detail.toPlainText()
        assert "MAY BE THE SAME AS" in shown and "0" in shown
        QTest.keyClick(dock.table, Qt.Key.Key_L)  # link
        await until(lambda: row_of(dock, first_suggestion) < 0, what="gone from the queue")
        now = of_kind(linked(analyst, first_capture), "vehicle")
        assert [(e["id"], e["linked"]) for e in now] == [(first, "confirmed")]  # one record

        # a colleague at another workstation says the second pair are not the same
        reply = colleague.post(
            f"/api/v1/entities/suggestions/{second_suggestion}/decision",
            json={"decision": "not_same", "note": "father and son"},
        )
        assert reply.status_code == 200, reply.text
        await until(lambda: row_of(dock, second_suggestion) < 0, what="gone here too")
        assert "waiting" in dock.windowTitle()
        await desktop.close()

    run(qtbot, scenario())


def test_n_keeps_them_apart_and_u_leaves_it_waiting_as_unsure(hub, qtbot, qloop, settings_store):
    analyst, device = hub.user("intelligence"), hub.device()
    record, capture_id, apart = a_doubtful_pair(device, analyst)
    _, _, doubtful = a_doubtful_pair(device, analyst)

    async def scenario():
        desktop = await open_app(hub, analyst.username, settings_store)
        dock = desktop.window.desk.intel.suggestions
        await until(lambda: row_of(dock, apart) >= 0 and row_of(dock, doubtful) >= 0)
        dock.focus_queue()
        dock.table.selectRow(row_of(dock, apart))
        QTest.keyClick(dock.table, Qt.Key.Key_N)
        await until(lambda: row_of(dock, apart) < 0, what="decided")
        now = of_kind(linked(analyst, capture_id), "vehicle")
        assert record not in {e["id"] for e in now}  # not him; perhaps still his namesake

        dock.table.selectRow(row_of(dock, doubtful))
        QTest.keyClick(dock.table, Qt.Key.Key_U)
        await until(lambda: dock.model.rows[row_of(dock, doubtful)].status == "unsure")
        assert "(unsure)" in dock.model.index(row_of(dock, doubtful), 0).data()
        await desktop.close()

    run(qtbot, scenario())
