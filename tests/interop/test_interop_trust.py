"""What the trusted-network listeners may do: a TLS certificate speaks for its own device only;
plain CoT and OsmAnd (nothing authenticated) cannot end an emergency, cannot pin a unit's
position ahead of the clock, and cannot tell a registered id from an unknown one."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import text

from tests.hubprocess import wait_for
from tests.interop.certs import issue_client
from tests.interop.conftest import dispatcher_of, emergencies_of, units_of
from tests.interop.takclient import position
from tests.interop.test_cot_listener import _alert, _event, _send, _tcp, _tls


def _bound(hub, pki) -> tuple[str, str, tuple]:
    """A registered device with a client certificate of its own: (callsign, uid, tls config)."""
    callsign, uid = f"TR{uuid.uuid4().hex[:5].upper()}", f"ANDROID-{uuid.uuid4().hex[:12]}"
    cert, key, fingerprint = issue_client(pki, f"tablet {callsign}")
    hub.device(callsign, external_id=uid, cert_fingerprint=fingerprint)
    return callsign, uid, _tls(hub, pki, cert, key)


def _registered(hub) -> tuple[str, str]:
    callsign, uid = f"TR{uuid.uuid4().hex[:5].upper()}", f"ANDROID-{uuid.uuid4().hex[:12]}"
    hub.device(callsign, external_id=uid)
    return callsign, uid


def _counts(hub) -> dict:
    return httpx.get(f"{hub.url}/api/v1/health").json()["interop"]["cot"]


def _moved(hub, callsign) -> bool:
    return units_of(hub)[callsign]["lat"] is not None


def _cot_at(uid: str, callsign: str, lat: float, ahead_s: float) -> bytes:
    moment = datetime.now(UTC) + timedelta(seconds=ahead_s)
    t = moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    stale = (moment + timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return (
        f'<event version="2.0" uid="{uid}" type="a-f-G-U-C" how="m-g" time="{t}" start="{t}" '
        f'stale="{stale}"><point lat="{lat}" lon="-2.2" hae="0" ce="5" le="9999999.0"/>'
        f'<detail><contact callsign="{callsign}"/></detail></event>'
    ).encode()


def test_a_certificate_speaks_only_for_its_own_device(tak_hub, pki):
    callsign, uid, tls = _bound(tak_hub, pki)
    victim, victim_uid = _registered(tak_hub)
    before = _counts(tak_hub).get("uid_mismatch", 0)
    asyncio.run(
        _send(tls, position(victim_uid, victim, 53.2, -2.2), position(uid, callsign, 53.1, -2.1))
    )
    wait_for(lambda: _moved(tak_hub, callsign))
    assert not _moved(tak_hub, victim)
    assert _counts(tak_hub)["uid_mismatch"] == before + 1


def test_a_certificate_named_after_a_device_speaks_for_it(tak_hub, pki):
    callsign, uid = _registered(tak_hub)
    cert, key, _ = issue_client(pki, uid)  # its common name is the device's uid
    asyncio.run(_send(_tls(tak_hub, pki, cert, key), position(uid, callsign, 53.05, -2.05)))
    wait_for(lambda: _moved(tak_hub, callsign))


def test_a_certificate_bound_to_no_device_is_refused(tak_hub, pki):
    callsign, uid = _registered(tak_hub)
    before = _counts(tak_hub).get("unbound_certificate", 0)

    async def attempt() -> None:
        with contextlib.suppress(ConnectionError, OSError):
            await _send(_tls(tak_hub, pki), position(uid, callsign, 53.07, -2.07))

    asyncio.run(attempt())
    wait_for(lambda: _counts(tak_hub).get("unbound_certificate", 0) > before)
    assert not _moved(tak_hub, callsign)


def test_plain_cot_cannot_end_an_acknowledged_emergency(tak_hub, pki):
    callsign, uid, tls = _bound(tak_hub, pki)
    asyncio.run(_send(_tcp(tak_hub), _alert(uid, callsign, "b-a-o-tbl")))
    emergency = wait_for(lambda: [e for e in emergencies_of(tak_hub) if e["callsign"] == callsign])
    supervisor = tak_hub.user("supervisor")
    acknowledged = supervisor.post(f"/api/v1/emergencies/{emergency[0]['id']}/acknowledge")
    assert acknowledged.status_code == 200
    before = _counts(tak_hub).get("cancel_refused", 0)
    asyncio.run(_send(_tcp(tak_hub), _alert(uid, callsign, "b-a-o-can")))
    wait_for(lambda: _counts(tak_hub).get("cancel_refused", 0) > before)
    still = [e for e in emergencies_of(tak_hub) if e["callsign"] == callsign]
    assert still and still[0]["status"] == "acknowledged"
    asyncio.run(_send(tls, _alert(uid, callsign, "b-a-o-can")))  # the device itself may
    wait_for(lambda: not [e for e in emergencies_of(tak_hub) if e["callsign"] == callsign])


def test_plain_cot_cannot_pin_a_position_ahead_of_the_clock(tak_hub, pki):
    callsign, uid = _registered(tak_hub)
    before = _counts(tak_hub).get("position_refused", 0)
    asyncio.run(_send(_tcp(tak_hub), _cot_at(uid, callsign, 53.3, ahead_s=300)))
    wait_for(lambda: _counts(tak_hub).get("position_refused", 0) > before)
    assert not _moved(tak_hub, callsign)
    asyncio.run(_send(_tcp(tak_hub), _cot_at(uid, callsign, 53.31, ahead_s=0)))
    wait_for(lambda: units_of(tak_hub)[callsign]["lat"] == 53.31)
    # A certificate holder's clock may run ahead as far as the device API allows.
    bound, bound_uid, tls = _bound(tak_hub, pki)
    asyncio.run(_send(tls, _cot_at(bound_uid, bound, 53.32, ahead_s=120)))
    wait_for(lambda: units_of(tak_hub)[bound]["lat"] == 53.32)


def test_plain_cot_chat_is_marked_unverified(tak_hub):
    callsign, uid = _registered(tak_hub)
    chat = _event(
        f"GeoChat.{uid}.All Chat Rooms.{uuid.uuid4()}",
        "b-t-f",
        f'<__chat chatroom="All Chat Rooms" senderCallsign="{callsign}"><chatgrp uid0="{uid}" '
        f'uid1="All Chat Rooms"/></__chat><remarks>on scene</remarks>',
    )
    asyncio.run(_send(_tcp(tak_hub), chat))

    def detail():
        with tak_hub.engine.connect() as connection:
            return connection.execute(
                text("SELECT detail FROM audit WHERE action = 'message.send' AND actor = :a"),
                {"a": f"device:{callsign}"},
            ).scalar()

    assert '"via":"tak unverified"' in wait_for(detail)


def test_osmand_cannot_pin_a_position_ahead_of_the_clock(tak_hub):
    callsign, device_id = f"OT{uuid.uuid4().hex[:5].upper()}", uuid.uuid4().hex[:10]
    tak_hub.device(callsign, external_id=device_id)
    ahead = {"id": device_id, "lat": 53.4, "lon": -2.2, "timestamp": int(time.time()) + 300}
    assert httpx.get(tak_hub.osmand_url + "/", params=ahead).status_code == 200
    now = dict(ahead, lat=53.41, timestamp=int(time.time()))
    assert httpx.get(tak_hub.osmand_url + "/", params=now).status_code == 200
    wait_for(lambda: units_of(tak_hub)[callsign]["lat"] == 53.41)
    track = dispatcher_of(tak_hub).get(f"/api/v1/units/{callsign}/track").json()["pings"]
    assert [p["lat"] for p in track] == [53.41]


def test_osmand_answers_known_and_unknown_ids_alike_and_in_like_time(tak_hub):
    _, known = f"OT{uuid.uuid4().hex[:5].upper()}", uuid.uuid4().hex[:10]
    tak_hub.device(_, external_id=known)

    def report(device_id: str) -> tuple[int, str, float]:
        start = time.perf_counter()
        reply = httpx.get(
            tak_hub.osmand_url + "/", params={"id": device_id, "lat": 53.0, "lon": -2.0}
        )
        return reply.status_code, reply.text, time.perf_counter() - start

    known_replies = [report(known) for _ in range(8)]
    unknown_replies = [report(f"nobody-{uuid.uuid4().hex[:8]}") for _ in range(8)]
    assert {r[:2] for r in known_replies} == {r[:2] for r in unknown_replies} == {(200, "")}
    known_s = statistics.median(r[2] for r in known_replies)
    unknown_s = statistics.median(r[2] for r in unknown_replies)
    assert known_s / 4 < unknown_s < known_s * 4, (known_s, unknown_s)


def test_the_command_line_binds_a_certificate_to_a_device(tak_hub, pki):
    callsign, uid = f"TC{uuid.uuid4().hex[:5].upper()}", f"ANDROID-{uuid.uuid4().hex[:12]}"
    cert, key, fingerprint = issue_client(pki, f"tablet {callsign}")
    as_openssl_prints_it = ":".join(fingerprint[i : i + 2] for i in range(0, 64, 2)).upper()
    base = [sys.executable, "-m", "controlroom.cli", "admin", "register-device", callsign,
            "--db", tak_hub.db_url, "--data-dir", str(tak_hub.data_dir)]  # fmt: skip
    refused = subprocess.run(
        [*base, "--cert-fingerprint", fingerprint], capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 1 and "external id" in refused.stderr
    done = subprocess.run(
        [*base, "--external-id", uid, "--cert-fingerprint", as_openssl_prints_it],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    asyncio.run(_send(_tls(tak_hub, pki, cert, key), position(uid, callsign, 53.09, -2.09)))
    wait_for(lambda: _moved(tak_hub, callsign))
    devices = tak_hub.user("supervisor").get("/api/v1/admin/devices").json()["devices"]
    assert [d["cert_fingerprint"] for d in devices if d["callsign"] == callsign] == [fingerprint]
