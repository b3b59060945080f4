"""CoT out: our units' positions as XML and protocol v1, read back by takproto and our parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import takproto

from controlroom.interop.cot import (
    CotKind,
    UnitPosition,
    parse_bytes,
    parse_xml,
    position_mesh,
    position_stream,
    position_xml,
)
from controlroom.interop.cot.encode import cot_time

AT = datetime(2026, 11, 29, 22, 30, 15, 123456, tzinfo=UTC)
FULL = UnitPosition(
    uid="controlroom.unit.PC1234",
    callsign='PC 1234 O\'Brien & <"Co">',
    lat=53.0245,
    lon=-2.1794,
    at=AT,
    hae=140.5,
    accuracy_m=8.0,
    speed_mps=3.5,
    course_deg=270.0,
    battery_pct=77,
    group_name="Blue",
    group_role="Team Lead",
)
BARE = UnitPosition(uid="controlroom.unit.X", callsign="X", lat=-0.5, lon=179.9, at=AT)


def test_cot_time_is_utc_to_the_millisecond():
    assert cot_time(AT) == "2026-11-29T22:30:15.123Z"
    assert cot_time(AT.astimezone(timezone(timedelta(hours=-5)))) == "2026-11-29T22:30:15.123Z"


def test_xml_round_trips_through_our_parser():
    ev = parse_xml(position_xml(FULL))
    assert ev.kind is CotKind.POSITION
    assert (ev.uid, ev.type, ev.how, ev.callsign) == (FULL.uid, "a-f-G-U-C", "m-g", FULL.callsign)
    assert ev.time == ev.start == AT.replace(microsecond=123000)
    assert ev.stale == ev.time + timedelta(minutes=5)
    assert (ev.lat, ev.lon, ev.hae, ev.ce, ev.le) == (53.0245, -2.1794, 140.5, 8.0, None)
    assert (ev.speed_mps, ev.course_deg, ev.battery_pct) == (3.5, 270.0, 77)
    assert (ev.group_name, ev.group_role) == ("Blue", "Team Lead")


def test_bare_unit_leaves_optional_detail_out():
    xml = position_xml(BARE)
    assert b"<track" not in xml and b"<status" not in xml
    ev = parse_xml(xml)
    assert (ev.speed_mps, ev.battery_pct, ev.hae, ev.ce) == (None, None, None, None)


@pytest.mark.parametrize("unit", [FULL, BARE], ids=["full", "bare"])
def test_v1_stream_is_what_takproto_makes_of_our_xml(unit):
    expected = bytes(takproto.xml2proto(position_xml(unit), takproto.TAKProtoVer.STREAM))
    assert position_stream(unit) == expected
    mesh = bytes(takproto.xml2proto(position_xml(unit), takproto.TAKProtoVer.MESH))
    assert position_mesh(unit) == mesh


@pytest.mark.parametrize("unit", [FULL, BARE], ids=["full", "bare"])
def test_v1_round_trips_through_takproto_and_our_parser(unit):
    message = takproto.parse_proto(bytearray(position_stream(unit)))
    ev = message.cotEvent
    assert (ev.uid, ev.type, ev.detail.contact.callsign) == (unit.uid, "a-f-G-U-C", unit.callsign)
    assert ev.staleTime - ev.sendTime == 300_000
    assert parse_bytes(position_stream(unit)) == parse_xml(position_xml(unit))
    assert parse_bytes(position_mesh(unit)) == parse_xml(position_xml(unit))


def test_stale_and_type_are_configurable():
    unit = UnitPosition(
        "u", "V1", 53, -2, AT, stale_after=timedelta(seconds=90), cot_type="a-f-G-E-V-C"
    )
    ev = parse_xml(position_xml(unit))
    assert ev.stale - ev.time == timedelta(seconds=90) and ev.type == "a-f-G-E-V-C"


def test_battery_is_clamped_and_naive_times_are_refused():
    unit = UnitPosition("u", "V1", 53, -2, AT, battery_pct=-3)
    assert (
        parse_bytes(position_stream(unit)).battery_pct
        == parse_xml(position_xml(unit)).battery_pct
        == 0
    )
    with pytest.raises(ValueError):
        UnitPosition("u", "V1", 53, -2, datetime(2026, 1, 1))
