"""The CoT listener of a real hub process, driven by pytak over TCP (XML and TAK protocol v1)
and TLS with client certificates, and by takproto-encoded frames on a plain socket."""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import takproto
from sqlalchemy import text

from tests.hubprocess import wait_for
from tests.interop.certs import issue_client
from tests.interop.conftest import dispatcher_of, emergencies_of, units_of
from tests.interop.takclient import TakClient, config, position


def _registered(hub) -> tuple[str, str]:
    callsign, uid = f"TK{uuid.uuid4().hex[:5].upper()}", f"ANDROID-{uuid.uuid4().hex[:12]}"
    hub.device(callsign, external_id=uid)
    return callsign, uid


def _tcp(hub, proto: int = 0):
    return config(f"tcp://127.0.0.1:{hub.cot_ports['tcp']}", proto)


def _tls(hub, pki, cert=None, key=None):
    return config(
        f"tls://127.0.0.1:{hub.cot_ports['tls']}",
        PYTAK_TLS_CLIENT_CERT=str(cert or pki.client_cert),
        PYTAK_TLS_CLIENT_KEY=str(key or pki.client_key),
        PYTAK_TLS_CLIENT_CAFILE=str(pki.ca),
    )


async def _send(cfg, *events: bytes, linger: float = 0.3) -> TakClient:
    client = await TakClient(cfg).connect()
    await client.send(*events)
    await asyncio.sleep(linger)
    await client.close()
    return client


def _at(hub, callsign, lat, lon):
    def check():
        unit = units_of(hub).get(callsign)
        return unit if unit and (unit["lat"], unit["lon"]) == (lat, lon) else None

    return wait_for(check)


def _cot_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _event(uid: str, cot_type: str, detail: str, how: str = "h-e") -> bytes:
    now = datetime.now(UTC)
    t, stale = _cot_time(now), _cot_time(now + timedelta(minutes=2))
    return (
        f'<event version="2.0" uid="{uid}" type="{cot_type}" how="{how}" time="{t}" '
        f'start="{t}" stale="{stale}"><point lat="53.01" lon="-2.2" hae="100" ce="10" '
        f'le="9999999.0"/><detail>{detail}</detail></event>'
    ).encode()


def _alert(uid: str, callsign: str, cot_type: str) -> bytes:
    cancel = ' cancel="true"' if cot_type == "b-a-o-can" else ""
    detail = (
        f'<link uid="{uid}" type="a-f-G-U-C" relation="p-p"/><contact callsign="{callsign}-Alert"/>'
        f'<emergency type="911 Alert"{cancel}>{callsign}</emergency>'
    )
    return _event(f"{uid}-9-1-1", cot_type, detail)


@pytest.mark.parametrize("proto", [0, 1], ids=["xml", "takv1"])
def test_pytak_positions_over_tcp_move_the_unit(tak_hub, proto):
    callsign, uid = _registered(tak_hub)
    asyncio.run(_send(_tcp(tak_hub, proto), position(uid, "ALPHA", 53.0245, -2.1794)))
    _at(tak_hub, callsign, 53.0245, -2.1794)


def test_pytak_over_tls_with_a_client_certificate(tak_hub, pki):
    callsign, uid = f"TK{uuid.uuid4().hex[:5].upper()}", f"ANDROID-{uuid.uuid4().hex[:12]}"
    cert, key, fingerprint = issue_client(pki, f"tablet {callsign}")
    tak_hub.device(callsign, external_id=uid, cert_fingerprint=fingerprint)
    asyncio.run(_send(_tls(tak_hub, pki, cert, key), position(uid, "ALPHA", 53.03, -2.17)))
    _at(tak_hub, callsign, 53.03, -2.17)


def test_tls_refuses_a_certificate_from_another_ca(tak_hub, pki):
    callsign, uid = _registered(tak_hub)
    cfg = _tls(tak_hub, pki, pki.stranger_cert, pki.stranger_key)

    async def attempt() -> bool:
        """True when the hub ended the connection (under TLS 1.3 the client's handshake
        finishes before the server has checked the client's certificate)."""
        try:
            client = await TakClient(cfg).connect()
            await client.send(position(uid, "X", 53.05, -2.15))
            await asyncio.wait_for(client._reading, 5)
        except (ssl.SSLError, ConnectionError, OSError):
            return True
        return True  # the read loop saw end of stream

    assert asyncio.run(attempt())
    time.sleep(0.5)
    assert units_of(tak_hub)[callsign]["lat"] is None


def test_takproto_frames_on_a_plain_socket(tak_hub):
    callsign, uid = _registered(tak_hub)
    xml = _event(uid, "a-f-G-U-C", '<contact callsign="BRAVO"/><__group name="Cyan" '
                 'role="Team Lead"/><status battery="64"/><track speed="3.5" course="270"/>',
                 how="m-g")  # fmt: skip
    frame = bytes(takproto.xml2proto(xml, takproto.TAKProtoVer.STREAM))
    with socket.create_connection(("127.0.0.1", tak_hub.cot_ports["tcp"])) as sock:
        for i in range(0, len(frame), 7):  # cut anywhere
            sock.sendall(frame[i : i + 7])
        unit = _at(tak_hub, callsign, 53.01, -2.2)
    assert (unit["battery_pct"], unit["speed_mps"], unit["heading_deg"]) == (64, 3.5, 270)
    assert unit["accuracy_m"] == 10
    unit = wait_for(lambda: units_of(tak_hub)[callsign]["team"] and units_of(tak_hub)[callsign])
    assert (unit["team"], unit["role"]) == ("Cyan", "Team Lead")


@pytest.mark.parametrize("proto", [0, 1], ids=["xml", "takv1"])
def test_emergency_and_its_cancel_round_trip(tak_hub, pki, proto):
    """Raised from anywhere (an officer's alarm must get through); ended only by the
    device's own certificate."""
    callsign, uid = f"TK{uuid.uuid4().hex[:5].upper()}", f"ANDROID-{uuid.uuid4().hex[:12]}"
    cert, key, fingerprint = issue_client(pki, f"tablet {callsign}")
    tak_hub.device(callsign, external_id=uid, cert_fingerprint=fingerprint)

    def mine():
        return [e for e in emergencies_of(tak_hub) if e["callsign"] == callsign]

    asyncio.run(_send(_tcp(tak_hub, proto), _alert(uid, callsign, "b-a-o-tbl")))
    raised = wait_for(mine)[0]
    assert (raised["source"], raised["status"], raised["lat"]) == ("cot", "raised", 53.01)
    tls = _tls(tak_hub, pki, cert, key)
    tls["TAK_PROTO"] = str(proto)
    asyncio.run(_send(tls, _alert(uid, callsign, "b-a-o-can")))
    wait_for(lambda: not mine())


def test_geochat_becomes_a_message_and_markers_are_ignored(tak_hub):
    callsign, uid = _registered(tak_hub)
    chat = _event(
        f"GeoChat.{uid}.All Chat Rooms.{uuid.uuid4()}",
        "b-t-f",
        f'<__chat parent="RootContactGroup" chatroom="All Chat Rooms" id="All Chat Rooms" '
        f'senderCallsign="{callsign}"><chatgrp uid0="{uid}" uid1="All Chat Rooms" '
        f'id="All Chat Rooms"/></__chat><link uid="{uid}" type="a-f-G-U-C" relation="p-p"/>'
        f'<remarks source="BAO.F.ATAK.{uid}" to="All Chat Rooms">Suspect heading north</remarks>',
        how="h-g-i-g-o",
    )
    marker = _event(
        str(uuid.uuid4()),
        "b-m-p-s-m",
        f'<contact callsign="RV point"/><link uid="{uid}" relation="p-p" type="a-f-G-U-C"/>',
    )
    shape = _event(str(uuid.uuid4()), "u-d-f", '<link point="53.0,-2.1"/><link point="53.1,-2.2"/>')
    before = set(units_of(tak_hub))
    asyncio.run(_send(_tcp(tak_hub), marker, shape, chat))

    def texts():
        with tak_hub.engine.connect() as connection:
            return (
                connection.execute(
                    text(
                        "SELECT m.text FROM messages m JOIN units u ON u.id = m.unit_id "
                        "WHERE u.callsign = :cs AND m.direction = 'from_unit'"
                    ),
                    {"cs": callsign},
                )
                .scalars()
                .all()
            )

    assert wait_for(texts) == ["Suspect heading north"]
    history = dispatcher_of(tak_hub).get("/api/v1/messages", params={"callsign": callsign})
    (said,) = history.json()["messages"]
    # Plain TCP: nobody vouches for the sender, and the message says so.
    expected = ("Suspect heading north", "tak unverified", None)
    assert (said["text"], said["via"], said["read_at"]) == expected
    assert set(units_of(tak_hub)) == before
    assert units_of(tak_hub)[callsign]["lat"] is None  # a marker is not the unit's position


def test_unknown_uid_is_dropped_unless_accepted(tak_hub, open_hub):
    uid = f"ANDROID-{uuid.uuid4().hex[:8]}"
    asyncio.run(_send(_tcp(tak_hub), position(uid, "GHOST", 53.0, -2.0)))
    asyncio.run(_send(_tcp(open_hub), position(uid, "GHOST", 53.0, -2.0)))
    unit = _at(open_hub, "GHOST", 53.0, -2.0)
    assert unit["verified"] is False
    assert "GHOST" not in units_of(tak_hub)


@pytest.mark.parametrize("proto", [0, 1], ids=["xml", "takv1"])
def test_connected_tak_client_receives_our_units_but_not_itself(tak_hub, proto):
    own_callsign, uid = _registered(tak_hub)
    device = tak_hub.device()

    async def scenario():
        client = await TakClient(_tcp(tak_hub, proto)).connect()
        await client.send(position(uid, own_callsign, 53.0, -2.0))
        await asyncio.sleep(0.5)
        for step in range(3):
            at = datetime.now(UTC).isoformat()
            ping = {"lat": 53.1 + step / 100, "lon": -2.1, "at": at, "battery_pct": 80}
            reply = await asyncio.to_thread(device.post, "/api/v1/device/pings",
                                            json={"pings": [ping]})  # fmt: skip
            assert reply.status_code == 200
            await asyncio.sleep(0.2)
        for _ in range(50):
            if any(e["lat"] == pytest.approx(53.12) for e in client.received):
                break
            await asyncio.sleep(0.1)
        await client.close()
        return client.received

    received = asyncio.run(scenario())
    ours = [e for e in received if e["callsign"] == device.callsign]
    assert ours and ours[-1]["lat"] == pytest.approx(53.12)
    assert {e["protocol"] for e in received} == {"v1" if proto else "xml"}
    assert all(e["type"].startswith("a-f-") and e["uid"].endswith(device.callsign) for e in ours)
    assert not [e for e in received if e["callsign"] == own_callsign]
    if proto:
        assert ours[-1]["stale_ms"] > 0
    else:
        assert ours[-1]["stale"] > datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")


@pytest.mark.parametrize("proto", [0, 1], ids=["xml", "takv1"])
def test_keepalive_ping_gets_a_pong(tak_hub, proto):
    _, uid = _registered(tak_hub)

    async def scenario():
        client = await TakClient(_tcp(tak_hub, proto)).connect()
        await client.send(_event(f"{uid}-ping", "t-x-c-t", "", how="h-g-i-g-o"))
        for _ in range(50):
            if any(e["type"] == "t-x-c-t-r" for e in client.received):
                break
            await asyncio.sleep(0.05)
        await client.close()
        return client.received

    pongs = [e for e in asyncio.run(scenario()) if e["type"] == "t-x-c-t-r"]
    assert pongs and pongs[0]["protocol"] == ("v1" if proto else "xml")
