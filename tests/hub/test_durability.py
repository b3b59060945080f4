"""What the hub acknowledged survives the hub being killed outright."""

from __future__ import annotations

import threading

import httpx
from sqlalchemy import text

from tests.hub.helpers import iso
from tests.hubprocess import http_client, wait_for


def test_every_acknowledged_ping_survives_sigkill_mid_ingest(fresh_hub):
    hub = fresh_hub
    devices = [hub.device() for _ in range(4)]
    acknowledged: list[tuple[str, tuple[float, float]]] = []
    stop = threading.Event()

    def send(device, worker: int):
        client = http_client(hub.url, headers=device.headers, timeout=5)
        n = 0
        while not stop.is_set():
            n += 1
            # Each ping is told apart by its position: worker in lon, sequence number in lat.
            marker = (round(50 + n * 1e-6, 7), -2.0 - worker)
            pings = [{"lat": marker[0], "lon": marker[1], "at": iso(-n / 1000)}]
            try:
                response = client.post("/api/v1/device/pings", json={"pings": pings})
            except httpx.HTTPError:
                return  # the hub died under us: this ping was never acknowledged
            if response.status_code == 200:
                acknowledged.append((device.callsign, marker))

    workers = [threading.Thread(target=send, args=(d, i + 1)) for i, d in enumerate(devices)]
    for worker in workers:
        worker.start()
    wait_for(lambda: len(acknowledged) > 200, timeout=60)  # well into ingest, however busy
    hub.kill()
    stop.set()
    for worker in workers:
        worker.join(10)
    assert len(acknowledged) > 50, "ingest barely ran before the kill"

    hub.start()
    with hub.engine.connect() as connection:
        stored = set(
            connection.execute(
                text(
                    "SELECT u.callsign, p.lat, p.lon FROM pings p JOIN units u ON u.id = p.unit_id"
                )
            ).all()
        )
    stored = {(callsign, (round(lat, 7), lon)) for callsign, lat, lon in stored}
    missing = [a for a in acknowledged if a not in stored]
    assert missing == []
    # The restarted hub serves the same state.
    dispatcher = hub.user("dispatcher")
    units = {u["callsign"] for u in dispatcher.get("/api/v1/snapshot").json()["units"]}
    assert {d.callsign for d in devices} <= units
