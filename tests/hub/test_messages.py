"""Messages both ways over real HTTP: an officer's text reaches every workstation at once and
stays unread until someone opens it; who read it is streamed to all; a reply reaches the
officer's device stream; history pages back; each step is audited and role-checked."""

from __future__ import annotations

import json

from tests.hub.helpers import read_events


def _seq(client) -> int:
    return client.get("/api/v1/snapshot").json()["seq"]


def test_an_officers_message_is_streamed_unread_then_read_by_name(hub):
    first, second, device = hub.user("dispatcher"), hub.user("sergeant"), hub.device()
    after = _seq(first)
    said = device.post("/api/v1/device/messages", json={"text": "Need a van at the Co-op"})
    assert said.status_code == 201
    message = said.json()
    assert (message["direction"], message["via"], message["read_at"]) == (
        "from_unit",
        "device",
        None,
    )
    (event,) = read_events(first, f"/api/v1/events?after={after}", 1)
    document = json.loads(event.data)
    assert document["type"] == "message.received"
    assert document["payload"]["text"] == "Need a van at the Co-op"
    history = first.get("/api/v1/messages", params={"callsign": device.callsign}).json()
    assert [m["id"] for m in history["messages"]] == [message["id"]]

    read = first.post(f"/api/v1/messages/{message['id']}/read")
    assert read.status_code == 200 and read.json()["by"] == f"user:{first.username}"
    again = second.post(f"/api/v1/messages/{message['id']}/read").json()
    assert again["by"] == f"user:{first.username}"  # the first to open it stays named
    events = read_events(second, f"/api/v1/events?after={after}", 2)
    read_event = json.loads(events[1].data)
    assert read_event["type"] == "message.read"
    assert read_event["payload"]["by"] == f"user:{first.username}"
    snapshot = second.get("/api/v1/snapshot").json()
    (mine,) = [m for m in snapshot["messages"] if m["id"] == message["id"]]
    assert mine["read_by"] == f"user:{first.username}"


def test_a_reply_reaches_the_officers_device_stream(hub):
    dispatcher, device = hub.user("dispatcher"), hub.device()
    after = _seq(dispatcher)
    sent = dispatcher.post(
        "/api/v1/messages", json={"callsign": device.callsign, "text": "Van on its way"}
    )
    assert sent.status_code == 201 and sent.json()["via"] == "control room"
    (got,) = read_events(device, f"/api/v1/device/events?after={after}", 1)
    assert got.event == "message.sent"
    assert json.loads(got.data)["payload"]["text"] == "Van on its way"


def test_history_pages_back_and_is_audited(hub):
    supervisor, dispatcher, device = hub.user("supervisor"), hub.user("dispatcher"), hub.device()
    ids = [
        device.post("/api/v1/device/messages", json={"text": f"update {n}"}).json()["id"]
        for n in range(5)
    ]
    page = dispatcher.get(
        "/api/v1/messages", params={"callsign": device.callsign, "limit": 2}
    ).json()
    assert [m["id"] for m in page["messages"]] == ids[:-3:-1]  # newest first
    older = dispatcher.get(
        "/api/v1/messages", params={"callsign": device.callsign, "before": ids[3], "limit": 10}
    ).json()
    assert [m["id"] for m in older["messages"]] == ids[2::-1]
    records = supervisor.get(
        "/api/v1/audit", params={"actor": f"user:{dispatcher.username}", "action": "message.list"}
    ).json()["records"]
    assert len(records) == 2 and records[0]["target"] == f"unit:{device.callsign}"
    sent_by_device = supervisor.get(
        "/api/v1/audit", params={"actor": f"device:{device.callsign}", "action": "message.send"}
    ).json()["records"]
    assert len(sent_by_device) == 5


def test_roles_and_hostile_messages(hub):
    device, analyst, admin = hub.device(), hub.user("intelligence"), hub.user("admin")
    for body in ({}, {"text": ""}, {"text": "x" * 2001}, {"text": 5}, {"text": ["a"]}):
        response = device.post("/api/v1/device/messages", json=body)
        assert response.status_code == 422, body
        assert set(response.json()) == {"error", "detail"}
    raw = device.post(
        "/api/v1/device/messages", content=b"\xff{", headers={"content-type": "application/json"}
    )
    assert raw.status_code == 422
    assert analyst.get("/api/v1/messages").status_code == 200  # every desk reads them
    refused = analyst.post("/api/v1/messages", json={"callsign": device.callsign, "text": "hi"})
    assert refused.status_code == 403  # sending to units is the dispatchers' and sergeants'
    assert admin.get("/api/v1/messages").status_code == 403
    assert analyst.post("/api/v1/messages/999999/read").status_code == 404
    assert analyst.get("/api/v1/messages", params={"before": "2" * 30}).status_code == 422
    assert analyst.get("/api/v1/messages", params={"limit": 0}).status_code == 422
