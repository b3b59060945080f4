"""Sign-in and capture-read latency while wrong sign-ins flood the hub.

Starts a hub on a scratch SQLite store, stores a capture, then measures for `--seconds` each:
a quiet hub, and a hub under `--flood` concurrent wrong sign-ins that never stop. Two floods:
one address (127.0.0.250) guessing one account's password, and a spread flood (each worker
from a loopback address of its own, 127.0.1.2 and up, a new user name every time) that no
per-account or per-address limit catches, so every attempt is hashed. The legitimate client
signs in from 127.0.0.1. Prints p50/p95 of a legitimate sign-in and of a capture read, and
how the flood's requests were answered.

    python bench/signin_flood.py [--flood 24] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hub.helpers import capture  # noqa: E402
from tests.hubprocess import PASSWORD, HubProcess  # noqa: E402


async def flood(url: str, workers: int, spread: bool, stop: asyncio.Event, answers) -> None:
    async def one(index: int) -> None:
        address = f"127.0.{1 + index // 250}.{2 + index % 250}" if spread else "127.0.0.250"
        transport = httpx.AsyncHTTPTransport(local_address=address)
        async with httpx.AsyncClient(base_url=url, transport=transport, timeout=60) as client:
            attempt = 0
            while not stop.is_set():
                attempt += 1
                name = f"guess-{index}-{attempt}" if spread else "victim"
                body = {"username": name, "password": f"wrong-{attempt}"}
                response = await client.post("/api/v1/auth/token", json=body)
                answers[response.status_code] += 1

    await asyncio.gather(*(one(i) for i in range(workers)))


async def measure(url: str, token: str, capture_id: str, username: str, seconds: float):
    sign_ins, reads, refused = [], [], []
    headers = {"Authorization": f"Bearer {token}"}
    transport = httpx.AsyncHTTPTransport(local_address="127.0.0.1")
    async with httpx.AsyncClient(base_url=url, transport=transport, timeout=60) as client:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            start = time.perf_counter()
            response = await client.get(f"/api/v1/captures/{capture_id}", headers=headers)
            assert response.status_code == 200, response.text
            reads.append(time.perf_counter() - start)
            start = time.perf_counter()
            body = {"username": username, "password": PASSWORD}
            response = await client.post("/api/v1/auth/token", json=body)
            assert response.status_code in (200, 429), response.text
            if response.status_code == 200:
                sign_ins.append(time.perf_counter() - start)
            else:
                refused.append(time.perf_counter() - start)
            await asyncio.sleep(0.2)
    if refused:
        print(f"  legitimate sign-ins refused with 429 (hub too busy): {len(refused)}")
    return sign_ins, reads


def quantiles(values: list[float]) -> str:
    if not values:
        return "none"
    ms = sorted(v * 1000 for v in values)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"p50 {statistics.median(ms):7.1f} ms  p95 {p95:7.1f} ms  (n={len(ms)})"


async def scenario(hub, token, capture_id, username, workers, spread, seconds) -> None:
    stop, answers = asyncio.Event(), collections.Counter()
    flooding = asyncio.ensure_future(flood(hub.url, workers, spread, stop, answers))
    await asyncio.sleep(1.0)  # the flood is under way
    sign_ins, reads = await measure(hub.url, token, capture_id, username, seconds)
    stop.set()
    await flooding
    kind = "spread over addresses and names" if spread else "one address, one account"
    print(f"flood of {workers} ({kind}):")
    print(f"  legitimate sign-in  {quantiles(sign_ins)}")
    print(f"  capture read        {quantiles(reads)}")
    print(f"  flood answered      {dict(sorted(answers.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--flood", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(f"sqlite:///{tmp}/bench.db", Path(tmp) / "data")
        hub.start()
        try:
            analyst, device = hub.user("intelligence"), hub.device()
            hub.user("dispatcher", "victim")
            body = capture()
            device.post("/api/v1/device/captures", json=body).raise_for_status()
            token = analyst.headers["Authorization"].split(" ", 1)[1]
            sign_ins, reads = asyncio.run(
                measure(hub.url, token, body["id"], analyst.username, args.seconds)
            )
            print("quiet hub:")
            print(f"  legitimate sign-in  {quantiles(sign_ins)}")
            print(f"  capture read        {quantiles(reads)}")
            for spread in (False, True):
                asyncio.run(
                    scenario(
                        hub, token, body["id"], analyst.username, args.flood, spread, args.seconds
                    )
                )
        finally:
            hub.stop()


if __name__ == "__main__":
    main()
