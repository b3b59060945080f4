"""The linker's writes survive the hub being killed: after a restart every acknowledged capture
is linked, once, and every link it wrote has its event and its audit record."""

from __future__ import annotations

import threading

import httpx
from sqlalchemy import text

from tests.hub.helpers import capture
from tests.hubprocess import http_client, wait_for

NAMES = ["Jack Smith", "Bill Jones", "Amy Cooper", "Imran Khan", "Jade Bloor", "Liam Heath"]


def test_kill_while_linking_leaves_nothing_half_written(fresh_hub):
    hub = fresh_hub
    device = hub.device()
    acknowledged: list[str] = []
    stop = threading.Event()

    def send() -> None:
        client = http_client(hub.url, headers=device.headers, timeout=5)
        n = 0
        while not stop.is_set():
            n += 1
            who = {"name": NAMES[n % len(NAMES)], "dob": f"19{80 + n % 6}-0{1 + n % 9}-1{n % 9}"}
            body = capture(
                "vehicle_check", fields={"driver": who, "vehicle": {"vrm": f"BD{10 + n % 40} SMR"}}
            )
            try:
                if client.post("/api/v1/device/captures", json=body).status_code == 201:
                    acknowledged.append(body["id"])
            except httpx.HTTPError:
                return

    worker = threading.Thread(target=send)
    worker.start()
    wait_for(lambda: len(acknowledged) > 40, timeout=30)
    hub.kill()
    stop.set()
    worker.join(10)
    hub.start()

    def linked() -> set[str]:
        with hub.engine.connect() as connection:
            return set(connection.execute(text("SELECT capture_id FROM linked_captures")).scalars())

    wait_for(lambda: set(acknowledged) <= linked(), timeout=60)
    with hub.engine.connect() as connection:
        q = connection.execute
        per_capture = dict(q(text("SELECT capture_id, mentions FROM linked_captures")).all())
        written = dict(
            q(text("SELECT capture_id, count(*) FROM mentions GROUP BY capture_id")).all()
        )
        events = q(
            text(
                "SELECT subject, count(*) FROM events"
                " WHERE type = 'capture.linked' GROUP BY subject"
            )
        ).all()
        audits = q(
            text("SELECT target, count(*) FROM audit WHERE action = 'capture.link' GROUP BY target")
        ).all()
        orphans = q(
            text(
                "SELECT count(*) FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id"
                " WHERE m.entity_id IS NOT NULL AND e.id IS NULL"
            )
        ).scalar()
        keyless = q(
            text(
                "SELECT count(*) FROM mentions m WHERE NOT EXISTS"
                " (SELECT 1 FROM mention_keys k WHERE k.mention_id = m.id)"
            )
        ).scalar()
    assert {c: n for c, n in per_capture.items() if n} == written  # every mention, none twice
    assert dict(events) == dict.fromkeys(per_capture, 1)
    assert dict(audits) == {f"capture:{c}": 1 for c in per_capture}
    assert orphans == 0 and keyless == 0
