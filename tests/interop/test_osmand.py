"""OsmAnd protocol in every form Traccar Client sends it (query, form body, JSON)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest

from controlroom.interop.osmand import (
    FORM_JSON,
    FORM_QUERY,
    KNOT_MPS,
    UNKNOWN_DEVICE_STATUS,
    OsmAndError,
    parse_json,
    parse_request,
    parse_timestamp,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
AT = datetime(2026, 11, 29, 10, 30, 15, tzinfo=UTC)
QUERY = {
    "id": "358240051111110",
    "lat": "53.0245",
    "lon": "-2.1794",
    "timestamp": str(int(AT.timestamp())),
    "speed": "10",
    "bearing": "271.5",
    "altitude": "142.0",
    "accuracy": "7.5",
    "batt": "83",
}


def traccar_json(**location_changes) -> dict:
    """The body Traccar Client 9 posts (its background-geolocation location object)."""
    location = {
        "timestamp": "2026-11-29T10:30:15.250Z",
        "coords": {
            "latitude": 53.0245,
            "longitude": -2.1794,
            "accuracy": 4.8,
            "speed": 3.2,
            "heading": 90.0,
            "altitude": 140.5,
        },
        "is_moving": True,
        "odometer": 1234,
        "event": "motionchange",
        "battery": {"level": 0.56, "is_charging": False},
        "activity": {"type": "on_foot"},
        "extras": {},
    }
    location.update(location_changes)
    return {"location": location, "device_id": "358240051111110"}


def test_query_by_get_normalises_units():
    report = parse_request("GET", "/?" + urlencode(QUERY), now=NOW)
    assert report.device_id == "358240051111110"
    assert (report.lat, report.lon, report.at) == (53.0245, -2.1794, AT)
    assert report.speed_mps == pytest.approx(10 * 0.514444, rel=1e-5)
    assert report.heading_deg == 271.5
    assert report.altitude_m == 142.0
    assert report.accuracy_m == 7.5
    assert report.battery_pct == 83
    assert report.alarm is None and not report.emergency
    assert report.form == FORM_QUERY


def test_query_by_post_with_empty_body_is_the_same():
    assert parse_request("POST", "/?" + urlencode(QUERY), b"", now=NOW) == parse_request(
        "GET", "/?" + urlencode(QUERY), now=NOW
    )


def test_form_encoded_body_is_read_when_the_url_has_no_parameters():
    body = urlencode(QUERY).encode()
    report = parse_request("POST", "/", body, "application/x-www-form-urlencoded", now=NOW)
    assert report == parse_request("GET", "/?" + urlencode(QUERY), now=NOW)


def test_url_parameters_win_over_the_body_as_in_traccar():
    report = parse_request("POST", "/?id=A&lat=1&lon=2", b"id=B&lat=3&lon=4", now=NOW)
    assert (report.device_id, report.lat) == ("A", 1.0)


def test_aliases_deviceid_location_heading_and_hdop():
    target = "/?deviceid=77&location=53.1%2C-2.2&heading=45&hdop=1.3&charge=true"
    report = parse_request("GET", target, now=NOW)
    assert (report.device_id, report.lat, report.lon) == ("77", 53.1, -2.2)
    assert report.heading_deg == 45
    assert report.hdop == 1.3 and report.accuracy_m is None
    assert report.charging is True


def test_alarm_sos_is_an_emergency_and_unknown_keys_are_kept():
    report = parse_request("GET", "/?id=1&lat=53&lon=-2&alarm=sos&driverUniqueId=X", now=NOW)
    assert report.emergency
    assert report.extras == {"driverUniqueId": "X"}


def test_report_without_a_fix_keeps_the_device_and_has_no_point():
    report = parse_request("GET", "/?id=1&alarm=sos", now=NOW)
    assert (report.lat, report.lon, report.at) == (None, None, NOW)


@pytest.mark.parametrize(
    "raw",
    [
        "1795948215",  # unix seconds
        "1795948215000",  # unix milliseconds
        "2026-11-29T10:30:15Z",
        "2026-11-29T10:30:15.000Z",
        "2026-11-29T11:30:15+01:00",
        "2026-11-29T10:30:15",  # no zone: UTC
        "2026-11-29 10:30:15",  # Traccar's yyyy-MM-dd HH:mm:ss
    ],
)
def test_every_timestamp_form_traccar_accepts(raw):
    assert parse_timestamp(raw) == AT
    query = urlencode({"id": "1", "lat": "1", "lon": "1", "timestamp": raw})
    assert parse_request("GET", "/?" + query).at == AT


def test_seconds_and_milliseconds_are_told_apart_at_int_max():
    assert parse_timestamp(2**31 - 2).year == 2038
    assert parse_timestamp(2**31 - 1) == datetime(1970, 1, 25, 20, 31, 23, 647000, tzinfo=UTC)


def test_json_body_traccar_client():
    body = json.dumps(traccar_json()).encode()
    report = parse_request("POST", "/", body, "application/json; charset=utf-8", now=NOW)
    assert report.form == FORM_JSON
    assert (report.device_id, report.lat, report.lon) == ("358240051111110", 53.0245, -2.1794)
    assert report.at == datetime(2026, 11, 29, 10, 30, 15, 250000, tzinfo=UTC)
    assert report.speed_mps == 3.2  # already m/s: not converted
    assert report.heading_deg == 90.0
    assert report.altitude_m == 140.5
    assert report.accuracy_m == 4.8
    assert report.battery_pct == pytest.approx(56)
    assert report.charging is False
    assert report.extras["activity"] == "on_foot"
    assert report.extras["event"] == "motionchange"


def test_json_body_is_recognised_without_content_type():
    assert parse_request("POST", "/", json.dumps(traccar_json()).encode()).form == FORM_JSON


def test_json_unknown_values_are_minus_one():
    body = traccar_json(battery={"level": -1, "is_charging": True})
    body["location"]["coords"].update(speed=-1, heading=-1)
    report = parse_json(body)
    assert report.speed_mps is None and report.heading_deg is None
    assert report.battery_pct is None and report.charging is True


@pytest.mark.parametrize(
    "changes", [{"alarm": "sos"}, {"extras": {"alarm": "sos"}}], ids=["location", "extras"]
)
def test_json_alarm(changes):
    assert parse_json(traccar_json(**changes)).emergency


def test_json_without_coords_has_no_point():
    body = traccar_json()
    del body["location"]["coords"]
    report = parse_json(body)
    assert (report.lat, report.lon, report.valid) == (None, None, False)


def test_unknown_device_statuses_match_traccar():
    assert UNKNOWN_DEVICE_STATUS == {FORM_QUERY: 400, FORM_JSON: 404}


@pytest.mark.parametrize(
    "method,target,body",
    [
        ("GET", "/?lat=1&lon=2", b""),
        ("GET", "/", b""),
        ("GET", "/?id=1&lat=north&lon=2", b""),
        ("GET", "/?id=1&lat=91&lon=2", b""),
        ("GET", "/?id=1&lat=nan&lon=2", b""),
        ("GET", "/?id=1&lat=1", b""),
        ("GET", "/?id=1&location=53.1", b""),
        ("GET", "/?id=1&lat=1&lon=1&timestamp=yesterday", b""),
        ("GET", "/?id=1&lat=1&lon=1&timestamp=99999999999999999999", b""),
        ("GET", "/?id=1&lat=1&lon=1&speed=fast", b""),
        ("PUT", "/?id=1&lat=1&lon=1", b""),
        ("POST", "/", b"{not json"),
        ("POST", "/", b"{}"),
        ("POST", "/", b'{"device_id": "1"}'),
        ("POST", "/", b'{"device_id": "1", "location": {"coords": {"latitude": 1}}}'),
        (
            "POST",
            "/",
            b'{"device_id": "1", "location": {"coords": {"latitude": "1", "longitude": 2}}}',
        ),
        ("POST", "/", b"\xff\xfe=\x00"),
        ("POST", "/", b"x" * 70_000),
    ],
)
def test_malformed_requests_raise_a_clear_value_error(method, target, body):
    with pytest.raises(OsmAndError) as info:
        parse_request(method, target, body)
    assert isinstance(info.value, ValueError) and str(info.value)


def test_knot_constant():
    assert round(KNOT_MPS, 6) == 0.514444


def test_as_dict_is_plain():
    report = parse_request("GET", "/?" + urlencode(QUERY), now=NOW)
    assert report.as_dict()["at"] == AT and report.as_dict()["battery_pct"] == 83
