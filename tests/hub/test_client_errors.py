"""Requests a client can get wrong are answered with a clear 4xx, never a server error."""

from __future__ import annotations

import httpx
import orjson

from tests.hub.helpers import capture

MAX_SEQ = 2**63 - 1


def test_a_bearer_token_after_two_spaces_is_taken_or_refused_never_a_500(hub):
    dispatcher = hub.user("dispatcher")
    token = dispatcher.headers["Authorization"].split(" ", 1)[1]
    headers = {"Authorization": f"Bearer  {token}"}
    with httpx.stream("GET", f"{hub.url}/api/v1/events", headers=headers, timeout=10) as response:
        assert response.status_code in (200, 401)
    for path in ("/api/v1/snapshot", "/api/v1/captures"):
        assert httpx.get(hub.url + path, headers=headers).status_code in (200, 401)


def test_a_resume_point_beyond_64_bits_is_a_bad_request(hub):
    dispatcher, device = hub.user("dispatcher"), hub.device()
    for value in (str(MAX_SEQ + 1), "9" * 40, "-1", "seven"):
        response = dispatcher.get("/api/v1/events", params={"after": value})
        assert response.status_code in (400, 422), (value, response.text)
        assert response.json()["error"] in ("bad_request", "invalid")
        response = dispatcher.get("/api/v1/events", headers={"Last-Event-ID": value})
        assert response.status_code == 400, (value, response.text)
        response = device.get("/api/v1/device/events", headers={"Last-Event-ID": value})
        assert response.status_code == 400


def test_a_resume_point_ahead_of_the_hub_is_told_the_current_seq(hub):
    dispatcher = hub.user("dispatcher")
    seq = httpx.get(f"{hub.url}/api/v1/health").json()["seq"]
    response = dispatcher.get("/api/v1/events", headers={"Last-Event-ID": str(seq + 1000)})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "ahead_of_hub" and body["seq"] >= seq
    device = hub.device()
    response = device.get("/api/v1/device/events", params={"after": str(MAX_SEQ)})
    assert response.status_code == 409 and response.json()["seq"] >= seq


def test_capture_fields_nested_too_deep_are_refused(hub):
    device = hub.device()
    body = orjson.dumps(capture(fields={"marker": 1})).decode()
    deep = '{"x":' * 5000 + "1" + "}" * 5000
    response = device.post(
        "/api/v1/device/captures",
        content=body.replace('{"marker":1}', deep),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422 and response.json()["error"] == "invalid"
    assert "dep" in response.json()["detail"]  # "too deep", "recursion depth"
    nested_list: list = []
    for _ in range(40):
        nested_list = [nested_list]
    nested_list = capture(fields={"items": nested_list})
    assert device.post("/api/v1/device/captures", json=nested_list).status_code == 422
    sane = capture(fields={"person": {"name": "A N Other", "address": {"town": "Leek"}}})
    assert device.post("/api/v1/device/captures", json=sane).status_code == 201


def test_a_capture_resent_with_other_content_is_a_conflict(hub):
    device = hub.device()
    body = capture()
    assert device.post("/api/v1/device/captures", json=body).status_code == 201
    again = device.post("/api/v1/device/captures", json=body)
    assert again.status_code == 200 and again.json()["summary"] == body["summary"]
    reordered = dict(body, fields=dict(reversed(list(body["fields"].items()))))
    assert device.post("/api/v1/device/captures", json=reordered).status_code == 200
    for change in ({"summary": "Something else"}, {"fields": {"text": "edited"}}, {"lat": 53.1}):
        response = device.post("/api/v1/device/captures", json=dict(body, **change))
        assert response.status_code == 409, change
        assert response.json()["error"] == "conflict"
    stored = hub.user("intelligence").get(f"/api/v1/captures/{body['id']}").json()
    assert stored["summary"] == body["summary"] and stored["fields"] == body["fields"]
