"""Dispatch in the hub: grading with THRIVE, tasking that moves unit status, messages,
emergencies that latch until a named operator acknowledges them, and silent-unit alerts."""

from __future__ import annotations

import json

from tests.hub.helpers import ping, read_events
from tests.hubprocess import wait_for

STOKE = {"lat": 53.0027, "lon": -2.1794}


def raise_incident(client, grade="immediate", **extra) -> dict:
    body = {
        "summary": "Report of a fight outside the Potters Bar, Hanley",
        "grade": grade,
        **STOKE,
        "thrive": {"threat": "weapons mentioned"},
        **extra,
    }
    response = client.post("/api/v1/incidents", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_regrading_keeps_who_and_why_and_the_timeline_shows_it(hub):
    dispatcher = hub.user("dispatcher")
    incident = raise_incident(dispatcher)
    assert incident["grade"] == "immediate" and incident["thrive"]["threat"] == "weapons mentioned"
    response = dispatcher.post(
        f"/api/v1/incidents/{incident['id']}/grade",
        json={
            "grade": "priority",
            "reason": "Caller rang back: parties dispersed",
            "thrive": {"harm": "no injuries reported"},
        },
    )
    assert response.status_code == 200 and response.json()["grade"] == "priority"
    detail = dispatcher.get(f"/api/v1/incidents/{incident['id']}").json()
    assert [g["grade"] for g in detail["gradings"]] == ["immediate", "priority"]
    assert detail["gradings"][1]["by"] == f"user:{dispatcher.username}"
    assert detail["gradings"][1]["reason"] == "Caller rang back: parties dispersed"
    assert detail["thrive"] == {"threat": "weapons mentioned", "harm": "no injuries reported"}
    timeline = dispatcher.get(f"/api/v1/incidents/{incident['id']}/timeline").json()["events"]
    assert [e["type"] for e in timeline] == ["incident.created", "incident.regraded"]
    missing_reason = dispatcher.post(
        f"/api/v1/incidents/{incident['id']}/grade", json={"grade": "immediate", "reason": ""}
    )
    assert missing_reason.status_code == 422


def test_the_unit_status_follows_its_task_and_every_step_is_streamed(hub):
    dispatcher, device = hub.user("dispatcher"), hub.device()
    incident = raise_incident(dispatcher)
    start = dispatcher.get("/api/v1/snapshot").json()["seq"]
    task = dispatcher.post(
        "/api/v1/tasks", json={"incident_id": incident["id"], "callsign": device.callsign}
    ).json()
    assert task["state"] == "sent"
    for state in ("acknowledged", "en_route", "on_scene", "completed"):
        response = device.post(f"/api/v1/device/tasks/{task['id']}/status", json={"state": state})
        assert response.status_code == 200 and response.json()["state"] == state
    events = [
        json.loads(e.data) for e in read_events(dispatcher, f"/api/v1/events?after={start}", 10)
    ]
    mine = [
        (e["type"], e["payload"].get("state") or e["payload"].get("status"))
        for e in events
        if e["subject"] in (str(task["id"]), device.callsign)
    ]
    assert mine == [
        ("task.created", "sent"),
        ("unit.status", "assigned"),
        ("task.updated", "acknowledged"),
        ("task.updated", "en_route"),
        ("unit.status", "en_route"),
        ("task.updated", "on_scene"),
        ("unit.status", "on_scene"),
        ("task.updated", "completed"),
        ("unit.status", "available"),
    ]
    again = device.post(f"/api/v1/device/tasks/{task['id']}/status", json={"state": "en_route"})
    assert again.status_code == 409


def test_closing_an_incident_cancels_its_open_tasks_and_frees_the_unit(hub):
    dispatcher, device = hub.user("dispatcher"), hub.device()
    incident = raise_incident(dispatcher, grade="priority")
    task = dispatcher.post(
        "/api/v1/tasks", json={"incident_id": incident["id"], "callsign": device.callsign}
    ).json()
    closed = dispatcher.post(
        f"/api/v1/incidents/{incident['id']}/close", json={"reason": "Resolved by phone"}
    )
    assert closed.json()["status"] == "closed"
    detail = dispatcher.get(f"/api/v1/incidents/{incident['id']}").json()
    assert detail["tasks"][0]["state"] == "cancelled" and detail["tasks"][0]["id"] == task["id"]
    units = {u["callsign"]: u for u in dispatcher.get("/api/v1/units").json()["units"]}
    assert units[device.callsign]["status"] == "available"


def test_a_dispatcher_sets_a_status_by_hand_and_it_is_audited(hub):
    dispatcher, supervisor, device = hub.user("dispatcher"), hub.user("supervisor"), hub.device()
    response = dispatcher.post(
        f"/api/v1/units/{device.callsign}/status",
        json={"status": "refreshment", "reason": "Meal break"},
    )
    assert response.status_code == 200
    bad = dispatcher.post(f"/api/v1/units/{device.callsign}/status", json={"status": "asleep"})
    assert bad.status_code == 422
    records = supervisor.get("/api/v1/audit", params={"target": f"unit:{device.callsign}"}).json()
    assert records["records"][0]["reason"] == "Meal break"
    assert records["records"][0]["detail"] == {"from": "available", "to": "refreshment"}


def test_messages_reach_the_device_and_come_back(hub):
    dispatcher, device = hub.user("dispatcher"), hub.device()
    after = dispatcher.get("/api/v1/snapshot").json()["seq"]
    sent = dispatcher.post(
        "/api/v1/messages", json={"callsign": device.callsign, "text": "Call the control room"}
    )
    assert sent.status_code == 201
    got = read_events(device, f"/api/v1/device/events?after={after}", 1)
    assert json.loads(got[0].data)["payload"]["text"] == "Call the control room"
    reply = device.post("/api/v1/device/messages", json={"text": "Will do, 2 minutes"})
    assert reply.status_code == 201 and reply.json()["direction"] == "from_unit"


def test_an_emergency_latches_until_a_named_operator_acknowledges_it(hub):
    device, first, second = hub.device(), hub.user("dispatcher"), hub.user("sergeant")
    supervisor = hub.user("supervisor")
    device.post("/api/v1/device/pings", json={"pings": [ping(53.01, -2.17, -1)]})
    raised = device.post("/api/v1/device/emergency", json={"lat": 53.01, "lon": -2.17})
    assert raised.status_code == 201 and raised.json()["status"] == "raised"
    pressed_again = device.post("/api/v1/device/emergency", json={})
    assert pressed_again.status_code == 200 and pressed_again.json()["id"] == raised.json()["id"]
    emergency_id = raised.json()["id"]
    for client in (first, second):
        active = client.get("/api/v1/snapshot").json()["emergencies"]
        assert [e["id"] for e in active if e["callsign"] == device.callsign] == [emergency_id]
    acknowledged = second.post(f"/api/v1/emergencies/{emergency_id}/acknowledge")
    assert acknowledged.status_code == 200
    assert acknowledged.json()["acknowledged_by"] == f"user:{second.username}"
    late = first.post(f"/api/v1/emergencies/{emergency_id}/acknowledge")
    assert late.status_code == 409 and second.username in late.json()["detail"]
    records = supervisor.get("/api/v1/audit", params={"action": "emergency.acknowledge"}).json()
    assert any(
        r["actor"] == f"user:{second.username}" and r["target"] == f"emergency:{emergency_id}"
        for r in records["records"]
    )
    cancelled = device.post("/api/v1/device/emergency/cancel")
    assert cancelled.json()["status"] == "ended"
    active = first.get("/api/v1/emergencies").json()["emergencies"]
    assert emergency_id not in [e["id"] for e in active]


def test_a_committed_unit_that_goes_silent_alerts_every_workstation(hub):
    dispatcher, device = hub.user("dispatcher"), hub.device()
    device.post("/api/v1/device/pings", json={"pings": [ping(53.0, -2.2, -1)]})
    incident = raise_incident(dispatcher)
    start = dispatcher.get("/api/v1/snapshot").json()["seq"]
    task = dispatcher.post(
        "/api/v1/tasks", json={"incident_id": incident["id"], "callsign": device.callsign}
    ).json()
    device.post(f"/api/v1/device/tasks/{task['id']}/status", json={"state": "en_route"})

    def silent_event():
        events = read_events(dispatcher, f"/api/v1/events?after={start}", 100, timeout=2)
        return [
            json.loads(e.data)
            for e in events
            if e.event == "unit.silent" and json.loads(e.data)["subject"] == device.callsign
        ]

    alerts = wait_for(silent_event, timeout=15, interval=0.5)
    assert alerts[0]["payload"]["callsign"] == device.callsign
    assert alerts[0]["payload"]["tasks"][0]["id"] == task["id"]


def test_an_officer_books_refreshments_and_off_duty_from_the_device(hub):
    dispatcher, device = hub.user("dispatcher"), hub.device()

    def status():
        units = {u["callsign"]: u for u in dispatcher.get("/api/v1/units").json()["units"]}
        return units[device.callsign]["status"]

    for wanted in ("refreshment", "available", "off_duty"):
        response = device.post("/api/v1/device/status", json={"status": wanted})
        assert response.status_code == 200, response.text
        assert status() == wanted
    assert device.post("/api/v1/device/status", json={"status": "on_scene"}).status_code == 422
    device.post("/api/v1/device/status", json={"status": "available"})
    incident = raise_incident(dispatcher, grade="priority")
    dispatcher.post(
        "/api/v1/tasks", json={"incident_id": incident["id"], "callsign": device.callsign}
    )
    busy = device.post("/api/v1/device/status", json={"status": "refreshment"})
    assert busy.status_code == 409 and status() == "assigned"
