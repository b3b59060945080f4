"""The OsmAnd listener of a real hub process, sent every request form Traccar Client uses."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from tests.hubprocess import wait_for
from tests.interop.conftest import emergencies_of, units_of


def _registered(hub) -> tuple[str, str]:
    callsign, device_id = f"OA{uuid.uuid4().hex[:5].upper()}", uuid.uuid4().hex[:10]
    hub.device(callsign, external_id=device_id)
    return callsign, device_id


def _moved_to(hub, callsign, lat, lon) -> dict:
    def check():
        unit = units_of(hub).get(callsign)
        return unit if unit and unit["lat"] == pytest.approx(lat) and unit["lon"] == lon else None

    return wait_for(check)


def test_query_string_by_get_moves_the_unit(tak_hub):
    callsign, device_id = _registered(tak_hub)
    params = {"id": device_id, "lat": "53.0245", "lon": "-2.1794", "timestamp": int(time.time())}
    params |= {"speed": "10", "bearing": "90", "altitude": "120", "accuracy": "8", "batt": "77"}
    reply = httpx.get(tak_hub.osmand_url + "/", params=params)
    assert (reply.status_code, reply.text) == (200, "")
    unit = _moved_to(tak_hub, callsign, 53.0245, -2.1794)
    assert unit["speed_mps"] == pytest.approx(10 * 1852 / 3600)  # knots in the query form
    assert (unit["heading_deg"], unit["accuracy_m"], unit["battery_pct"]) == (90, 8, 77)


def test_query_string_by_post_with_deviceid_and_location(tak_hub):
    callsign, device_id = _registered(tak_hub)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    query = f"deviceid={device_id}&location=53.01,-2.2&timestamp={stamp.replace(' ', '%20')}"
    reply = httpx.post(f"{tak_hub.osmand_url}/?{query}")
    assert reply.status_code == 200
    _moved_to(tak_hub, callsign, 53.01, -2.2)


def test_form_encoded_body_with_millisecond_timestamp(tak_hub):
    callsign, device_id = _registered(tak_hub)
    form = {"id": device_id, "lat": "53.02", "lon": "-2.21", "timestamp": int(time.time() * 1000)}
    reply = httpx.post(tak_hub.osmand_url + "/", data=form)
    assert reply.status_code == 200
    _moved_to(tak_hub, callsign, 53.02, -2.21)


def test_json_body_as_traccar_client_sends_it(tak_hub):
    callsign, device_id = _registered(tak_hub)
    body = {
        "device_id": device_id,
        "location": {
            "timestamp": datetime.now(UTC).isoformat(),
            "coords": {"latitude": 53.03, "longitude": -2.19, "speed": 4.5, "heading": 180,
                       "accuracy": 5, "altitude": 140},
            "battery": {"level": 0.42, "is_charging": False},
            "is_moving": True,
        },
    }  # fmt: skip
    reply = httpx.post(tak_hub.osmand_url + "/", json=body)
    assert reply.status_code == 200
    unit = _moved_to(tak_hub, callsign, 53.03, -2.19)
    assert (unit["speed_mps"], unit["battery_pct"]) == (4.5, pytest.approx(42))  # m/s, 0-1


def test_an_unknown_device_is_answered_as_a_known_one_and_dropped(tak_hub):
    _, known = _registered(tak_hub)
    for device_id in (known, f"nobody-{uuid.uuid4().hex[:6]}"):
        query = httpx.get(tak_hub.osmand_url + "/", params={"id": device_id, "lat": 1, "lon": 1})
        assert (query.status_code, query.text) == (200, "")
        body = {"device_id": device_id, "location": {"coords": {"latitude": 1, "longitude": 1}}}
        reply = httpx.post(tak_hub.osmand_url + "/", json=body)
        assert (reply.status_code, reply.text) == (200, "")
    assert not [name for name in units_of(tak_hub) if name.startswith("nobody")]


def test_malformed_reports_are_refused(tak_hub):
    _, device_id = _registered(tak_hub)
    for params in ({"lat": 1, "lon": 1}, {"id": device_id, "lat": 91, "lon": 1}):
        assert httpx.get(tak_hub.osmand_url + "/", params=params).status_code == 400
    reply = httpx.post(tak_hub.osmand_url + "/", content=b"{nope", headers={"Content-Type":
                       "application/json"})  # fmt: skip
    assert reply.status_code == 400


def test_alarm_sos_raises_an_emergency(tak_hub):
    callsign, device_id = _registered(tak_hub)
    params = {"id": device_id, "lat": "53.0", "lon": "-2.18", "alarm": "sos"}
    assert httpx.get(tak_hub.osmand_url + "/", params=params).status_code == 200
    emergency = wait_for(
        lambda: next((e for e in emergencies_of(tak_hub) if e["callsign"] == callsign), None)
    )
    assert (emergency["source"], emergency["status"]) == ("osmand", "raised")
    assert (emergency["lat"], emergency["lon"]) == (53.0, -2.18)


def test_unknown_device_is_provisioned_unverified_when_accepted(open_hub):
    device_id = f"trial-{uuid.uuid4().hex[:6]}"
    params = {"id": device_id, "lat": "53.04", "lon": "-2.17"}
    assert httpx.get(open_hub.osmand_url + "/", params=params).status_code == 200
    unit = _moved_to(open_hub, device_id, 53.04, -2.17)
    assert unit["verified"] is False
    assert httpx.get(open_hub.osmand_url + "/", params=params).status_code == 200
    assert [c for c in units_of(open_hub) if c.startswith(device_id)] == [device_id]


def test_admin_command_ties_an_external_id_to_a_unit(tak_hub):
    callsign, device_id = f"CL{uuid.uuid4().hex[:5].upper()}", f"imei-{uuid.uuid4().int % 10**15}"
    command = [sys.executable, "-m", "controlroom.cli", "admin", "register-device", callsign,
               "--external-id", device_id, "--db", tak_hub.db_url,
               "--data-dir", str(tak_hub.data_dir)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    params = {"id": device_id, "lat": "53.05", "lon": "-2.19"}
    assert httpx.get(tak_hub.osmand_url + "/", params=params).status_code == 200
    _moved_to(tak_hub, callsign, 53.05, -2.19)
    again = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "already registered" in again.stderr
