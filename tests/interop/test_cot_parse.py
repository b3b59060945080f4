"""Parsing and classifying CoT events as ATAK/WinTAK send them, in XML and in protocol v1."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import takproto

from controlroom.interop.cot import ChatMessage, CotKind, CotParseError, parse_bytes, parse_xml

TIMES = (
    'time="2026-11-29T22:20:00.000Z" start="2026-11-29T22:20:00.000Z"'
    ' stale="2026-11-29T22:25:00.000Z"'
)
POINT = '<point lat="53.0245" lon="-2.1794" hae="9999999.0" ce="9999999.0" le="9999999.0"/>'
ATAK_UID = "ANDROID-589520ccfcd20f01"


def cot(cot_type: str, detail: str = "", uid: str = "X-1", how: str = "m-g") -> bytes:
    return (
        f'<event version="2.0" uid="{uid}" type="{cot_type}" how="{how}" {TIMES}>'
        f"{POINT}<detail>{detail}</detail></event>"
    ).encode()


GEOCHAT = cot(
    "b-t-f",
    '<__chat parent="RootContactGroup" groupOwner="false" messageId="5b1f" '
    'chatroom="All Chat Rooms" id="All Chat Rooms" senderCallsign="ALPHA 1">'
    f'<chatgrp uid0="{ATAK_UID}" uid1="All Chat Rooms" id="All Chat Rooms"/></__chat>'
    f'<link uid="{ATAK_UID}" type="a-f-G-U-C" relation="p-p"/>'
    f'<remarks source="BAO.F.ATAK.{ATAK_UID}" to="All Chat Rooms" time="2026-11-29T22:20:00.000Z">'
    "Suspect heading north on Hanley Rd &amp; Bucknall</remarks>"
    f'<__serverdestination destinations="192.168.1.10:4242:tcp:{ATAK_UID}"/>',
    uid=f"GeoChat.{ATAK_UID}.All Chat Rooms.5b1f",
    how="h-g-i-g-o",
)
EMERGENCY = cot(
    "b-a-o-tbl",
    f'<link uid="{ATAK_UID}" type="a-f-G-U-C" relation="p-p"/><contact callsign="ALPHA 1-Alert"/>'
    '<emergency type="911 Alert">ALPHA 1</emergency>',
    uid=f"{ATAK_UID}-9-1-1",
)
CANCEL = cot(
    "b-a-o-can",
    f'<link uid="{ATAK_UID}" type="a-f-G-U-C" relation="p-p"/>'
    '<emergency cancel="true">ALPHA 1</emergency>',
    uid=f"{ATAK_UID}-9-1-1",
    how="h-e",
)
PLI = cot(
    "a-f-G-U-C",
    '<takv os="34" version="5.2.0.4" device="SAMSUNG SM-T636B" platform="ATAK-CIV"/>'
    '<contact endpoint="*:-1:stcp" callsign="ALPHA 1"/><uid Droid="ALPHA 1"/>'
    '<precisionlocation altsrc="GPS" geopointsrc="GPS"/><__group role="Team Lead" name="Cyan"/>'
    '<status battery="64"/><track course="183.2" speed="1.4"/>',
    uid=ATAK_UID,
)


def v1(doc: bytes, form=takproto.TAKProtoVer.STREAM) -> bytes:
    return bytes(takproto.xml2proto(doc, form))


def test_atak_position_report():
    ev = parse_xml(PLI)
    assert ev.kind is CotKind.POSITION
    assert (ev.uid, ev.callsign, ev.endpoint) == (ATAK_UID, "ALPHA 1", "*:-1:stcp")
    assert (ev.group_name, ev.group_role, ev.battery_pct) == ("Cyan", "Team Lead", 64)
    assert (ev.speed_mps, ev.course_deg) == (1.4, 183.2)
    assert (ev.lat, ev.lon, ev.hae, ev.ce, ev.le) == (53.0245, -2.1794, None, None, None)
    assert ev.time == datetime(2026, 11, 29, 22, 20, tzinfo=UTC)
    assert ev.stale == datetime(2026, 11, 29, 22, 25, tzinfo=UTC)


def test_geochat():
    ev = parse_xml(GEOCHAT)
    assert ev.kind is CotKind.CHAT
    assert ev.chat == ChatMessage(
        sender_uid=ATAK_UID,
        sender_callsign="ALPHA 1",
        chatroom="All Chat Rooms",
        text="Suspect heading north on Hanley Rd & Bucknall",
        message_id="5b1f",
    )


def test_emergency_and_cancel():
    raised, cancelled = parse_xml(EMERGENCY), parse_xml(CANCEL)
    assert raised.kind is CotKind.EMERGENCY and raised.emergency_type == "911 Alert"
    assert raised.link_uid == ATAK_UID  # the unit in trouble
    assert cancelled.kind is CotKind.EMERGENCY_CANCEL and cancelled.link_uid == ATAK_UID


@pytest.mark.parametrize(
    "doc", [PLI, GEOCHAT, EMERGENCY, CANCEL], ids=["pli", "chat", "sos", "can"]
)
@pytest.mark.parametrize("form", [takproto.TAKProtoVer.STREAM, takproto.TAKProtoVer.MESH])
def test_protocol_v1_gives_the_same_event(doc, form):
    assert parse_bytes(v1(doc, form)) == parse_xml(doc)


@pytest.mark.parametrize(
    "cot_type,kind",
    [
        ("a-f-G-U-C", CotKind.POSITION),
        ("a-f-G-E-V-C", CotKind.POSITION),
        ("b-a-o-tbl", CotKind.EMERGENCY),
        ("b-a-o-pan", CotKind.EMERGENCY),
        ("b-a-o-opn", CotKind.EMERGENCY),
        ("b-a-o-can", CotKind.EMERGENCY_CANCEL),
        ("b-t-f", CotKind.CHAT),
        ("u-d-f", CotKind.MAP_NOTE),
        ("u-d-r", CotKind.MAP_NOTE),
        ("u-d-c-c", CotKind.MAP_NOTE),
        ("u-rb-a", CotKind.MAP_NOTE),
        ("b-m-p-s-p-i", CotKind.MAP_NOTE),
        ("b-m-r", CotKind.MAP_NOTE),
        ("a-h-G", CotKind.MAP_NOTE),
        ("a-u-G", CotKind.MAP_NOTE),
        ("t-x-c-t", CotKind.PING),
        ("t-x-d-d", CotKind.DELETE),
        ("y-c-r", CotKind.OTHER),
    ],
)
def test_classification(cot_type, kind):
    assert parse_xml(cot(cot_type)).kind is kind


def test_friendly_marker_placed_by_another_uid_is_a_map_note():
    marker = cot("a-f-G", f'<link uid="{ATAK_UID}" relation="p-p"/><archive/>', how="h-g-i-g-o")
    assert parse_xml(marker).kind is CotKind.MAP_NOTE


def test_pytak_hello_is_a_ping(pytak):
    assert parse_xml(pytak.hello_event()).kind is CotKind.PING


def test_remarks_and_declaration_and_single_quotes():
    doc = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n" + cot(
        "u-d-r", "<remarks>Cordon: <![CDATA[<Hanley> & Shelton]]></remarks>"
    ).replace(b'"', b"'")
    assert parse_xml(doc).remarks == "Cordon: <Hanley> & Shelton"


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE event [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    + cot("a-f-G", "<remarks>&c;</remarks>")
)
XXE = b'<!DOCTYPE event [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + cot(
    "a-f-G", "<remarks>&x;</remarks>"
)


@pytest.mark.parametrize(
    "doc",
    [
        LAUGHS,
        XXE,
        cot("a-f-G").replace(b"<detail>", b"<!DOCTYPE x><detail>"),
        b"<event uid='x' type='a-f-G'>",
        b"<message/>",
        cot("a-f-G").replace(POINT.encode(), b""),
        cot("a-f-G").replace(b'lat="53.0245"', b'lat="91"'),
        cot("a-f-G").replace(b'lat="53.0245"', b'lat="north"'),
        cot("a-f-G").replace(b'lon="-2.1794"', b'lon="nan"'),
        cot("a-f-G").replace(b'uid="X-1" ', b""),
        cot("a-f-G").replace(b'time="2026-11-29T22:20:00.000Z"', b'time="yesterday"'),
        cot("a-f-G").replace(b'time="2026-11-29T22:20:00.000Z"', b""),
        cot("a-f-G", "<status battery='full'/>"),
        b"\xbf\x03abc",
        b"\xbf\x01\xbf\xff\xff",
        b"\xff\xfe<\x00e\x00",
    ],
)
def test_malformed_or_unsafe_events_raise_a_clear_value_error(doc):
    with pytest.raises(CotParseError) as info:
        parse_bytes(doc)
    assert isinstance(info.value, ValueError) and str(info.value)


def test_as_dict_is_plain():
    assert parse_xml(GEOCHAT).as_dict()["chat"]["sender_callsign"] == "ALPHA 1"
