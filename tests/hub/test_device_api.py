"""Devices report positions and captures over real HTTP."""

from __future__ import annotations

import hashlib

from tests.hub import stored_blobs
from tests.hub.helpers import capture, iso, ping


def unit_of(client, callsign):
    units = client.get("/api/v1/snapshot").json()["units"]
    return next(u for u in units if u["callsign"] == callsign)


def test_a_batch_moves_the_unit_to_its_newest_ping(hub):
    device, dispatcher = hub.device(), hub.user("dispatcher")
    pings = [ping(53.00, -2.18, -30), ping(53.02, -2.17, -10), ping(53.01, -2.19, -20)]
    response = device.post("/api/v1/device/pings", json={"pings": pings})
    assert response.status_code == 200
    assert response.json()["accepted"] == 3 and response.json()["rejected"] == []
    unit = unit_of(dispatcher, device.callsign)
    assert (unit["lat"], unit["lon"]) == (53.02, -2.17)


def test_a_late_ping_extends_the_track_but_does_not_move_the_unit_back(hub):
    device, dispatcher = hub.device(), hub.user("dispatcher")
    device.post("/api/v1/device/pings", json={"pings": [ping(53.05, -2.10, -5)]})
    late = device.post("/api/v1/device/pings", json={"pings": [ping(52.90, -2.30, -600)]})
    assert late.status_code == 200
    unit = unit_of(dispatcher, device.callsign)
    assert (unit["lat"], unit["lon"]) == (53.05, -2.10)
    track = dispatcher.get(f"/api/v1/units/{device.callsign}/track").json()["pings"]
    assert [(p["lat"], p["lon"]) for p in track] == [(52.90, -2.30), (53.05, -2.10)]


def test_bad_pings_are_named_by_index_and_the_rest_are_kept(hub):
    device, dispatcher = hub.device(), hub.user("dispatcher")
    pings = [
        ping(53.0, -2.1, -3),
        {"lat": 91, "lon": 0, "at": iso()},
        {"lat": 53.0, "lon": -2.1, "at": "2026-01-01T10:00:00"},
        ping(53.0, -2.1, 3600),
        {"lat": "north", "lon": 0, "at": iso()},
        ping(53.1, -2.2, -1, battery_pct=140),
        ping(53.2, -2.3, -2, speed_mps=4.2, heading_deg=90, accuracy_m=8, battery_pct=55),
    ]
    body = device.post("/api/v1/device/pings", json={"pings": pings}).json()
    assert body["accepted"] == 2
    rejected = {item["index"]: item["error"] for item in body["rejected"]}
    assert rejected == {
        1: "out_of_range",
        2: "invalid_time",
        3: "future_time",
        4: "invalid",
        5: "out_of_range",
    }
    track = dispatcher.get(f"/api/v1/units/{device.callsign}/track").json()["pings"]
    assert len(track) == 2 and track[-1]["battery_pct"] == 55


def test_a_batch_with_nothing_acceptable_is_refused_whole(hub):
    device = hub.device()
    response = device.post("/api/v1/device/pings", json={"pings": [{"lat": 200}]})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid"
    assert response.json()["rejected"][0]["index"] == 0


def test_limits_on_batch_size_and_body_size(hub):
    device = hub.device()
    too_many = {"pings": [ping(offset_s=-1)] * 1001}
    response = device.post("/api/v1/device/pings", json=too_many)
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    huge = b'{"pings": [' + b" " * (2 << 20) + b"]}"
    response = device.post(
        "/api/v1/device/pings", content=huge, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_a_capture_posted_twice_is_stored_once(hub):
    device, analyst = hub.device(), hub.user("intelligence")
    body = capture("vehicle_check", fields={"vrm": "BD51 SMR", "result": "no trace"})
    first = device.post("/api/v1/device/captures", json=body)
    again = device.post("/api/v1/device/captures", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    listed = analyst.get("/api/v1/captures", params={"kind": "vehicle_check", "limit": 1000})
    matching = [c for c in listed.json()["captures"] if c["id"] == body["id"]]
    assert len(matching) == 1
    stored = matching[0]
    assert stored["callsign"] == device.callsign
    assert stored["fields"] == {"vrm": "BD51 SMR", "result": "no trace"}
    assert stored["summary"] == body["summary"] and stored["status"] == "new"


def test_a_capture_that_is_not_valid_is_refused_with_a_reason(hub):
    device = hub.device()
    response = device.post("/api/v1/device/captures", json=capture("gossip"))
    assert response.status_code == 422
    assert "kind" in response.json()["detail"]
    response = device.post("/api/v1/device/captures", json=capture(id="not-a-uuid"))
    assert response.status_code == 422 and "UUID" in response.json()["detail"]


def test_an_attachment_is_stored_by_hash_and_served_verified(hub):
    device, analyst = hub.device(), hub.user("intelligence")
    body = capture("evidence")
    device.post("/api/v1/device/captures", json=body)
    photo = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    digest = hashlib.sha256(photo).hexdigest()
    put = device.put(
        f"/api/v1/device/captures/{body['id']}/attachments/knife.png",
        content=photo,
        headers={"X-Content-SHA256": digest, "content-type": "image/png"},
    )
    assert put.status_code == 201, put.text
    assert put.json()["sha256"] == digest and put.json()["size"] == len(photo)
    assert stored_blobs.stored(hub, digest) == photo
    detail = analyst.get(f"/api/v1/captures/{body['id']}").json()
    assert detail["attachments"][0]["sha256"] == digest
    served = analyst.get(f"/api/v1/captures/{body['id']}/attachments/knife.png")
    assert served.content == photo and served.headers["x-content-sha256"] == digest


def test_an_attachment_whose_bytes_do_not_match_its_hash_is_refused(hub):
    device, analyst = hub.device(), hub.user("intelligence")
    body = capture("evidence")
    device.post("/api/v1/device/captures", json=body)
    wrong = hashlib.sha256(b"something else").hexdigest()
    put = device.put(
        f"/api/v1/device/captures/{body['id']}/attachments/photo.jpg",
        content=b"the real bytes",
        headers={"X-Content-SHA256": wrong},
    )
    assert put.status_code == 422 and put.json()["error"] == "hash_mismatch"
    assert analyst.get(f"/api/v1/captures/{body['id']}").json()["attachments"] == []


def test_an_attachment_changed_on_disk_is_not_served(hub):
    device, analyst = hub.device(), hub.user("intelligence")
    body = capture("evidence")
    device.post("/api/v1/device/captures", json=body)
    data = b"evidence bytes " * 100
    digest = hashlib.sha256(data).hexdigest()
    device.put(
        f"/api/v1/device/captures/{body['id']}/attachments/e.bin",
        content=data,
        headers={"X-Content-SHA256": digest},
    )
    stored_blobs.alter(hub, digest, b"tampered" + data)
    served = analyst.get(f"/api/v1/captures/{body['id']}/attachments/e.bin")
    assert served.status_code == 409 and served.json()["error"] == "integrity_failure"
    # The same bytes received again (they hash right) replace the altered copy.
    again = capture("evidence")
    device.post("/api/v1/device/captures", json=again)
    device.put(
        f"/api/v1/device/captures/{again['id']}/attachments/e.bin",
        content=data,
        headers={"X-Content-SHA256": digest},
    ).raise_for_status()
    for capture_id in (body["id"], again["id"]):
        served = analyst.get(f"/api/v1/captures/{capture_id}/attachments/e.bin")
        assert served.status_code == 200 and served.content == data


def test_an_oversized_attachment_is_refused(hub):
    device = hub.device()
    body = capture("evidence")
    device.post("/api/v1/device/captures", json=body)
    big = b"\0" * ((25 << 20) + 1)
    put = device.put(
        f"/api/v1/device/captures/{body['id']}/attachments/big.bin",
        content=big,
        headers={"X-Content-SHA256": hashlib.sha256(big).hexdigest()},
    )
    assert put.status_code == 413
