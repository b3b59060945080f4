"""The event log reaches every workstation live, and nothing is missed across a reconnect."""

from __future__ import annotations

import json
import threading

from tests.hub.helpers import capture, frames, ping, read_events


def test_snapshot_carries_units_and_the_seq_it_reflects(hub):
    device, dispatcher = hub.device(), hub.user("dispatcher")
    device.post("/api/v1/device/pings", json={"pings": [ping(53.01, -2.2, -1)]})
    snapshot = dispatcher.get("/api/v1/snapshot").json()
    assert snapshot["seq"] >= 1
    unit = next(u for u in snapshot["units"] if u["callsign"] == device.callsign)
    assert unit["status"] == "available" and unit["last_seen"].endswith("Z")
    for key in ("incidents", "tasks", "captures", "emergencies"):
        assert isinstance(snapshot[key], list)


def test_a_stream_resumed_with_last_event_id_gets_every_missed_event_once_in_order(hub):
    device, dispatcher = hub.device(), hub.user("dispatcher")
    start = dispatcher.get("/api/v1/snapshot").json()["seq"]
    for i in range(3):
        device.post("/api/v1/device/pings", json={"pings": [ping(53.0 + i / 100, -2.2, i - 60)]})
    first = read_events(dispatcher, f"/api/v1/events?after={start}", 3)
    mine = [e for e in first if json.loads(e.data)["subject"] == device.callsign]
    assert len(mine) == 3
    # The workstation drops; meanwhile more happens.
    for i in range(3, 8):
        device.post("/api/v1/device/pings", json={"pings": [ping(53.0 + i / 100, -2.2, i - 60)]})
    device.post("/api/v1/device/captures", json=capture())
    last_id = first[-1].id
    resumed = read_events(dispatcher, "/api/v1/events", 6, headers={"Last-Event-ID": last_id})
    seqs = [int(e.id) for e in resumed]
    assert seqs == sorted(set(seqs)) and seqs[0] > int(last_id)
    documents = [json.loads(e.data) for e in resumed]
    positions = [d["payload"]["lat"] for d in documents if d["type"] == "unit.position"]
    assert positions == [53.03, 53.04, 53.05, 53.06, 53.07]
    assert documents[-1]["type"] == "capture.created"
    assert all(d["seq"] == int(e.id) for d, e in zip(documents, resumed, strict=True))


def test_a_live_subscriber_sees_a_ping_as_it_is_committed(hub):
    device, dispatcher = hub.device(), hub.user("dispatcher")
    got, opened = [], threading.Event()

    def listen():
        with dispatcher.stream("GET", "/api/v1/events", timeout=10) as response:
            for event in frames(response):
                opened.set()
                if not event.data:
                    continue
                document = json.loads(event.data)
                if document["type"] == "unit.position" and document["subject"] == device.callsign:
                    got.append(document["payload"])
                    if len(got) == 2:
                        return

    listener = threading.Thread(target=listen)
    listener.start()
    assert opened.wait(10)
    device.post("/api/v1/device/pings", json={"pings": [ping(53.11, -2.21, -1)]})
    device.post("/api/v1/device/pings", json={"pings": [ping(53.12, -2.22, 0)]})
    listener.join(10)
    assert [p["lat"] for p in got] == [53.11, 53.12]


def test_keep_alive_comments_flow_on_an_idle_stream(hub):
    dispatcher = hub.user("dispatcher")
    with dispatcher.stream("GET", "/api/v1/events", timeout=10) as response:
        lines = []
        for line in response.iter_lines():
            lines.append(line)
            if line.startswith(": keep-alive"):
                break
    assert ": keep-alive" in lines


def test_a_device_stream_carries_only_what_is_addressed_to_its_unit(hub):
    device, other, dispatcher = hub.device(), hub.device(), hub.user("dispatcher")
    after = dispatcher.get("/api/v1/snapshot").json()["seq"]
    for target in (other, device):
        response = dispatcher.post(
            "/api/v1/tasks",
            json={"callsign": target.callsign, "kind": "enquiry", "note": "Speak to the caller"},
        )
        assert response.status_code == 201
    got = read_events(device, f"/api/v1/device/events?after={after}", 1)
    task = json.loads(got[0].data)
    assert task["type"] == "task.created"
    assert task["payload"]["callsign"] == device.callsign


def test_a_bad_resume_point_is_a_clear_error(hub):
    dispatcher = hub.user("dispatcher")
    response = dispatcher.get("/api/v1/events", headers={"Last-Event-ID": "yesterday"})
    assert response.status_code == 400 and response.json()["error"] == "bad_request"


def test_a_ping_batch_answer_names_the_seq_of_its_event(hub):
    device, dispatcher = hub.device(), hub.user("dispatcher")
    answer = device.post("/api/v1/device/pings", json={"pings": [ping(53.2, -2.0, -1)]}).json()
    got = read_events(dispatcher, f"/api/v1/events?after={answer['seq'] - 1}", 1)
    document = json.loads(got[0].data)
    assert document["seq"] == answer["seq"]
    assert document["type"] == "unit.position" and document["subject"] == device.callsign
