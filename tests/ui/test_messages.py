"""Messages both ways on the desktop, against a real hub: an officer's message from a device
and a TAK client's GeoChat appear at once on every workstation, unread until one of them opens
it; the reply from the message log reaches the officer's device stream."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

from tests.hub.helpers import read_events
from tests.interop.conftest import pki, tak_hub  # noqa: F401  (fixtures: a hub with CoT)
from tests.interop.takclient import TakClient, config, geochat
from tests.ui.conftest import run, until
from tests.ui.test_live_app import open_app
from ui.models.messages import READ, TEXT, UNIT, UnreadRole


def _row(model, message_id: int) -> int:
    row = model.row_of(message_id)
    assert row is not None
    return row


def test_officers_messages_arrive_unread_everywhere_and_a_reply_reaches_the_device(
    tak_hub,  # noqa: F811
    qtbot,
    qloop,
    tmp_path,
):
    first, second = tak_hub.user("dispatcher"), tak_hub.user("sergeant")
    device = tak_hub.device()
    tak_callsign, uid = "CYAN7", "ANDROID-5f3a9d1c2b7e"
    tak_hub.device(tak_callsign, external_id=uid)

    def store(name):
        return QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)

    async def scenario():
        one = await open_app(tak_hub, first.username, store("one"))
        two = await open_app(tak_hub, second.username, store("two"))
        said = device.post("/api/v1/device/messages", json={"text": "Need a van at the Co-op"})
        ident = said.json()["id"]
        tak = await TakClient(config(f"tcp://127.0.0.1:{tak_hub.cot_ports['tcp']}")).connect()
        await tak.send(geochat(uid, tak_callsign, "Suspect heading north on Leek Road"))
        for desk in (one, two):
            state = desk.session.state
            await until(lambda s=state: len(s.unread) == 2, what="both messages on every desk")
            dock = desk.window.desk.messages
            assert dock.windowTitle() == "Messages — 2 UNREAD"
            model = dock.model
            assert model.index(_row(model, ident), READ).data() == "UNREAD"
            assert model.index(_row(model, ident), TEXT).data(UnreadRole) is True
        (geo,) = [m for m in one.session.state.unread if m.via == "tak unverified"]  # plain TCP
        assert geo.callsign == tak_callsign

        dock = one.window.desk.messages
        assert dock.table.select_key(ident)  # opening it marks it read, for everyone
        for desk in (one, two):
            model = desk.window.desk.messages.model
            await until(
                lambda m=model: m.index(_row(m, ident), READ).data() == first.username,
                what="read by name on both",
            )
        assert two.window.desk.messages.windowTitle() == "Messages — 1 UNREAD"
        status = two.window.status
        await until(lambda: "1 unread message" in status.counts.text(), what="status bar count")

        after = one.session.state.seq
        dock.reply_box.setText("Van on its way")
        dock.reply()
        await until(
            lambda: any(m.text == "Van on its way" for m in one.session.state.messages.values()),
            what="reply listed",
        )
        reply = next(m for m in one.session.state.messages.values() if m.text == "Van on its way")
        assert dock.model.index(_row(dock.model, reply.id), UNIT).data() == device.callsign
        await tak.close()
        await one.close()
        await two.close()
        return after

    after = run(qtbot, scenario())
    (got,) = read_events(device, f"/api/v1/device/events?after={after}", 1)
    assert json.loads(got.data)["payload"]["text"] == "Van on its way"
