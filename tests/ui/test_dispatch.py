"""The dispatcher's desk against a real hub: the queue's order and overdue flag, raising an
incident from the dialog, recommendations and assigning, and an emergency on two workstations."""

from __future__ import annotations

import asyncio
import time

from controlroom.client.hub import TimelineEvent
from controlroom.contract import documents as doc
from controlroom.live.attendance import Targets
from controlroom.live.state import LiveState
from controlroom.timeutil import to_iso
from tests.hub.helpers import ping
from tests.ui.conftest import run, until
from tests.ui.test_live_app import open_app
from ui.models.incidents import AGE, IncidentsModel, OverdueRole
from ui.models.recommendations import ETA, RecommendationsModel
from ui.models.timeline import TimelineModel

STOKE = (53.0245, -2.1794)


def snapshot(now: float) -> dict:
    def incident(ident, grade, minutes_ago):
        return {
            "id": ident,
            "summary": f"incident {ident}",
            "grade": grade,
            "lat": STOKE[0],
            "lon": STOKE[1],
            "raised_at": to_iso(now - minutes_ago * 60),
        }

    return {
        "seq": 1,
        "incidents": [
            incident(1, "priority", 90),
            incident(2, "immediate", 5),
            incident(3, "immediate", 30),
            incident(4, "scheduled", 500),
        ],
        "tasks": [{"id": 9, "incident_id": 1, "callsign": "A1", "state": "on_scene"}],
    }


def test_queue_order_and_overdue(qtmodeltester):
    now = time.time()
    state = LiveState()
    state.load_snapshot(snapshot(now), now)
    model = IncidentsModel(state, Targets, clock=lambda: now)
    qtmodeltester.check(model)
    order = [model.key_at(r) for r in range(model.rowCount())]
    assert order == [3, 2, 1, 4]  # immediate oldest first, then priority, then scheduled
    overdue = {model.key_at(r): model.index(r, AGE).data(OverdueRole) for r in range(4)}
    # 30 min immediate is late; 90 min priority has a unit at scene; scheduled has no target
    assert overdue == {3: True, 2: False, 1: False, 4: False}
    fourth, third = snapshot(now)["incidents"][3], snapshot(now)["incidents"][2]
    regraded = dict(fourth, grade="immediate")
    state.apply({"seq": 2, "type": "incident.regraded", "payload": regraded})
    assert [model.key_at(r) for r in range(4)][:2] == [4, 3]
    state.apply({"seq": 3, "type": "incident.closed", "payload": dict(third, status="closed")})
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_list_models(qtmodeltester):
    recs = RecommendationsModel()
    rec = doc.Recommendation(
        callsign="A1",
        eta_s=95,
        distance_m=800,
        straight_m=600,
        status="available",
        mode="vehicle",
        routed=True,
    )
    recs.set_rows([rec])
    qtmodeltester.check(recs)
    assert recs.index(0, ETA).data() == "1 min 35 s"
    timeline = TimelineModel()
    raised = doc.Incident(id=1, summary="x", grade="priority", lat=53.0, lon=-2.1, raised_by="amy")
    timeline.set_rows([TimelineEvent(1, "incident.created", "2026-07-01T23:41:07Z", raised)])
    task = doc.Task(id=1, callsign="A1", state="en_route")
    timeline.add(TimelineEvent(2, "task.updated", "2026-07-01T23:45:00Z", task))
    qtmodeltester.check(timeline)
    assert timeline.rowCount() == 2
    assert [timeline.index(0, c).data() for c in range(3)] == [
        "00:41:07",
        "raised",
        "Priority by amy",
    ]
    assert timeline.index(1, 1).data() == "A1 en route"  # local time, in the dispatcher's words


def test_raise_recommend_assign(hub, qtbot, qloop, settings_store):
    username = hub.user("dispatcher").username
    near, far = hub.device(mode="vehicle"), hub.device(mode="vehicle")

    async def scenario():
        desktop = await open_app(hub, username, settings_store)
        window = desktop.window
        state = desktop.session.state
        near.post("/api/v1/device/pings", json={"pings": [ping(lat=53.0250, lon=-2.1790)]})
        far.post("/api/v1/device/pings", json={"pings": [ping(lat=53.0600, lon=-2.2300)]})
        await until(lambda: {near.callsign, far.callsign} <= state.units.keys(), what="units")

        window.actions_by_name["raise_incident"].trigger()
        dialog = window.desk.kit.commands.raise_dialog
        dialog.summary.setText("Burglary in progress")
        window.map_view.bridge.map_clicked.emit(*STOKE)  # placed by a click on the map
        dialog.thrive.edits["threat"].setText("offenders may be on the premises")
        dialog.accept()
        await until(lambda: state.incidents, what="incident arrived")
        (incident,) = state.incidents.values()
        assert incident.summary == "Burglary in progress"
        assert incident.thrive["threat"] == "offenders may be on the premises"
        await until(lambda: window.desk.dispatch.incident_id == incident.id, what="selected")

        dock = window.desk.dispatch
        await until(lambda: dock.recommendations.rowCount() >= 2, what="recommendations")
        assert dock.recommendations.rows[0].callsign == near.callsign
        assert far.callsign in [r.callsign for r in dock.recommendations.rows]
        assert dock.selected_callsigns() == [near.callsign]
        dock.assign_selected()
        await until(
            lambda: any(t.callsign == near.callsign for t in state.tasks.values()),
            what="task created",
        )
        model = window.desk.queue.model
        await until(lambda: near.callsign in model.index(0, 4).data(), what="units column")
        await until(lambda: dock.timeline.rowCount() >= 2, what="timeline live")
        await desktop.close()

    run(qtbot, scenario())


def test_emergency_on_two_workstations(hub, qtbot, qloop, tmp_path):
    from PySide6.QtCore import QSettings, QTimer

    first, second = hub.user("dispatcher"), hub.user("dispatcher")
    supervisor = hub.user("supervisor")
    device = hub.device()
    device.post("/api/v1/device/pings", json={"pings": [ping(lat=52.99, lon=-2.12)]})

    def store(name):
        return QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)

    async def scenario():
        one = await open_app(hub, first.username, store("one"))
        two = await open_app(hub, second.username, store("two"))
        response = device.post("/api/v1/device/emergency", json={"lat": 52.99, "lon": -2.12})
        assert response.status_code in (200, 201), response.text
        for desk in (one, two):
            alarm = desk.window.alarm
            await until(lambda a=alarm: a.shown is not None, what="alarm on both")
            assert desk.window.banner.isVisible()
            assert alarm.window.isVisible()
            assert alarm.sound.playing or not alarm.sound.enabled
            assert device.callsign in desk.window.banner.label.text()

        two.window.actions_by_name["acknowledge"].trigger()
        for desk in (one, two):
            alarm = desk.window.alarm
            await until(lambda a=alarm: a.shown is None, what="cleared on both")
            assert not desk.window.banner.isVisible()
            assert not alarm.window.isVisible()
            assert second.username in desk.window.alert_bar.label.text()
            status = desk.window.status
            await until(lambda s=status: device.callsign in s.alarm.text(), what="still named")
        # acknowledged is not over: it is ended from the app with its outcome
        # As a person does it: the menu's action runs from Qt's loop (not inside this test's
        # task, where the dialog's own loop could not resume the workstations' tasks).
        QTimer.singleShot(0, one.window.actions_by_name["end_emergency"].trigger)
        QTimer.singleShot(300, lambda: _answer_modal("Officer safe; one arrested for assault"))
        for desk in (one, two):
            state = desk.session.state
            await until(lambda s=state: s.last_ended is not None, what="ended on every desk")
            assert state.last_ended.outcome == "Officer safe; one arrested for assault"
            assert not state.emergencies
            status = desk.window.status
            await until(lambda s=status: not s.alarm.isVisible(), what="status bar stops naming it")
        await one.close()
        await two.close()

    run(qtbot, scenario())
    audit = supervisor.get("/api/v1/audit", params={"action": "emergency.acknowledge"}).json()
    records = audit.get("records", audit) if isinstance(audit, dict) else audit
    assert [r["actor"] for r in records] == [f"user:{second.username}"]


def _answer_modal(text: str) -> None:
    """Type into the open dialog's reason (here the outcome) and accept it."""
    from PySide6.QtWidgets import QApplication

    dialog = QApplication.activeModalWidget()
    assert dialog is not None, "no dialog open"
    dialog.reason.setText(text)
    dialog.accept()


def test_a_silent_unit_raises_an_alert_and_a_task_can_be_cancelled(
    hub, qtbot, qloop, settings_store
):
    dispatcher = hub.user("dispatcher")
    device = hub.device(mode="vehicle")
    sent: list[dict] = []

    def send_unit_to_an_incident() -> tuple[dict, dict]:
        device.post("/api/v1/device/pings", json={"pings": [ping(lat=53.01, lon=-2.18)]})
        incident = dispatcher.post(
            "/api/v1/incidents",
            json={
                "summary": "Alarm activation at a pharmacy",
                "grade": "priority",
                "lat": 53.012,
                "lon": -2.181,
            },
        ).json()
        task = dispatcher.post(
            "/api/v1/tasks", json={"incident_id": incident["id"], "callsign": device.callsign}
        ).json()
        device.post(f"/api/v1/device/tasks/{task['id']}/status", json={"state": "en_route"})
        return incident, task

    async def scenario():
        desktop = await open_app(hub, dispatcher.username, settings_store)
        window, state = desktop.window, desktop.session.state
        # The unit goes quiet while the desk is watching (the hub in these tests calls a unit
        # silent 2 s after its last ping).
        sent.extend(await asyncio.to_thread(send_unit_to_an_incident))
        incident, task = sent
        await until(lambda: device.callsign in state.alerts, what="silent-unit alert")
        await until(lambda: window.alert_bar.isVisible(), what="alert bar shown")
        assert f"{device.callsign} SILENT" in window.alert_bar.label.text()
        window.desk.kit.commands.cancel_task(task["id"])
        await until(lambda: state.units[device.callsign].status == "available", what="unit freed")
        window.alert_bar.dismiss_all()
        assert device.callsign not in state.alerts
        await desktop.close()

    run(qtbot, scenario())
    incident, task = sent
    detail = dispatcher.get(f"/api/v1/incidents/{incident['id']}").json()
    assert detail["tasks"][0]["state"] == "cancelled"
