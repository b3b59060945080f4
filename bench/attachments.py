"""Attachment upload and download through the hub, on each store: files in the data directory
(SQLite) and the database's chunks (PostgreSQL).

    python bench/attachments.py [--pg postgresql+psycopg://...] [--rounds 1MiB=30,20MiB=6]

One device uploads new attachments one after another (`PUT .../attachments/{name}`, hashed by
the hub, acknowledged after commit), then one analyst reads each back (hash checked, custody
entry written). Prints, per store and size, MB/s over the whole run and the p95 of one request.
Runs on SQLite, and on PostgreSQL as well when --pg (or CONTROLROOM_TEST_PG) names a server
whose databases it may create.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._stores import hub_on
from tests.hub.helpers import capture
from tests.hubprocess import HubProcess

MIB = 1 << 20


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def measure(hub: HubProcess, size: int, rounds: int) -> tuple[float, float, float, float]:
    """(upload MB/s, upload p95 s, download MB/s, download p95 s)."""
    device, analyst = hub.device(), hub.user("intelligence")
    device.timeout = analyst.timeout = 120
    stored, up = [], []
    for _ in range(rounds):
        body = capture("evidence")
        device.post("/api/v1/device/captures", json=body).raise_for_status()
        content = os.urandom(size)
        headers = {"X-Content-SHA256": hashlib.sha256(content).hexdigest()}
        path = f"/api/v1/device/captures/{body['id']}/attachments/photo.jpg"
        start = time.perf_counter()
        device.put(path, content=content, headers=headers).raise_for_status()
        up.append(time.perf_counter() - start)
        stored.append(body["id"])
    down = []
    for capture_id in stored:
        start = time.perf_counter()
        served = analyst.get(f"/api/v1/captures/{capture_id}/attachments/photo.jpg")
        served.raise_for_status()
        down.append(time.perf_counter() - start)
        assert len(served.content) == size
    megabytes = size * rounds / 1e6
    return megabytes / sum(up), p95(up), megabytes / sum(down), p95(down)


def run(store: str, pg: str | None, sizes: dict[int, int]) -> None:
    with hub_on(store, pg, "controlroom-attachments-") as (hub, _):
        for size, rounds in sizes.items():
            up, up_p95, down, down_p95 = measure(hub, size, rounds)
            print(
                f"{store:10} {size // MIB:3d} MiB x{rounds:3d}: upload {up:6.1f} MB/s "
                f"(p95 {up_p95 * 1000:6.0f} ms), download {down:6.1f} MB/s "
                f"(p95 {down_p95 * 1000:6.0f} ms)",
                flush=True,
            )


def rounds_of(text: str) -> dict[int, int]:
    pairs = (item.split("=") for item in text.split(","))
    return {int(size.removesuffix("MiB")) * MIB: int(count) for size, count in pairs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", default=os.environ.get("CONTROLROOM_TEST_PG"))
    parser.add_argument("--rounds", type=rounds_of, default=rounds_of("1MiB=30,20MiB=6"))
    args = parser.parse_args()
    for store in ["sqlite"] + (["postgresql"] if args.pg else []):
        run(store, args.pg, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
