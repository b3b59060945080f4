"""A snapshot taken while others write agrees with the seq it reports: everything it shows has
its event at or before that seq, and every event at or before it is shown."""

from __future__ import annotations

import threading
import time
import uuid

import orjson
from sqlalchemy import text

from tests.hub.helpers import capture, ping

CAPTURES = 120  # fewer than the snapshot's 200 recent captures, so it must show all of them


def _write_while(stop: threading.Event, post, make, limit: int) -> None:
    for n in range(limit):
        if stop.is_set():
            return
        post(*make(n))


def _events_upto(hub, seq: int, marker: str) -> dict[str, set[str]]:
    with hub.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT type, subject, payload FROM events WHERE seq <= :s"), {"s": seq}
        ).all()
    made = {"incident": set(), "capture": set()}
    for type_, subject, payload in rows:
        if type_ == "incident.created" and marker in orjson.loads(payload)["summary"]:
            made["incident"].add(subject)
        if type_ == "capture.created" and marker in orjson.loads(payload)["summary"]:
            made["capture"].add(subject)
    return made


def _last_position_upto(hub, seq: int, callsign: str) -> str | None:
    with hub.engine.connect() as connection:
        payloads = connection.execute(
            text(
                "SELECT payload FROM events WHERE seq <= :s AND type = 'unit.position' "
                "AND subject = :c ORDER BY seq"
            ),
            {"s": seq, "c": callsign},
        ).scalars()
        moved = [orjson.loads(p) for p in payloads]
    moved = [p for p in moved if p["moved"]]
    return moved[-1]["last_seen"] if moved else None


def test_a_snapshot_under_concurrent_writers_matches_its_seq(hub):
    marker = uuid.uuid4().hex
    supervisor, dispatcher, device = hub.user("supervisor"), hub.user("dispatcher"), hub.device()
    stop = threading.Event()
    incident = {"grade": "priority", "lat": 53.0, "lon": -2.2}
    writers = [
        (
            lambda n: ("/api/v1/incidents", {**incident, "summary": f"{marker} {n}"}),
            dispatcher,
            400,
        ),
        (lambda n: ("/api/v1/device/captures", capture(summary=f"{marker} {n}")), device, CAPTURES),
        (
            lambda n: ("/api/v1/device/pings", {"pings": [ping(53 + n / 1e4, offset_s=n - 900)]}),
            device,
            900,
        ),
    ]
    threads = [
        threading.Thread(
            target=_write_while,
            args=(stop, lambda path, body, c=client: c.post(path, json=body), make, limit),
        )
        for make, client, limit in writers
    ]
    for thread in threads:
        thread.start()
    disagreements, taken = [], 0
    deadline = time.monotonic() + 5
    try:
        while time.monotonic() < deadline and any(t.is_alive() for t in threads):
            snapshot = supervisor.get("/api/v1/snapshot").json()
            taken += 1
            made = _events_upto(hub, snapshot["seq"], marker)
            shown = {
                "incident": {str(i["id"]) for i in snapshot["incidents"] if marker in i["summary"]},
                "capture": {c["id"] for c in snapshot["captures"] if marker in c["summary"]},
            }
            for kind in ("incident", "capture"):
                if shown[kind] != made[kind]:
                    disagreements.append(
                        f"seq {snapshot['seq']}: {kind}s shown without their event "
                        f"{sorted(shown[kind] - made[kind])}, events not shown "
                        f"{sorted(made[kind] - shown[kind])}"
                    )
            unit = next(u for u in snapshot["units"] if u["callsign"] == device.callsign)
            expected = _last_position_upto(hub, snapshot["seq"], device.callsign)
            if unit.get("last_seen") != expected:
                disagreements.append(
                    f"seq {snapshot['seq']}: unit at {unit.get('last_seen')}, events say {expected}"
                )
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
    assert taken >= 10, "too few snapshots were taken while the writers ran"
    assert disagreements == []
