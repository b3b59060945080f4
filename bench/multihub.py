"""Several hubs on one PostgreSQL: single-ping ingest through one hub and through two hubs
together (the same client load, half to each), and how soon a write through one hub reaches a
quiet stream on the other.

    python bench/multihub.py [--seconds 10] [--rounds 3] [--connections 32] [--port 55441]

Starts a private PostgreSQL cluster on `--port` (as the `postgres` account when run as root)
and removes it at the end. The load is an asyncio client with keep-alive connections, each
posting one ping per request and waiting for the answer (which comes after the commit). One
hub and two hubs are measured in alternate rounds (the second hub started for its round and
stopped after it), and the medians compared, since a shared machine's load changes meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._servers import BENCH_PASSWORD, free_port
from controlroom.hub.accounts import create_user, register_device
from controlroom.hub.auditchain import AuditChain
from controlroom.hub.child import ChildProcess, hub_command
from controlroom.hub.keys import key_file, key_variable
from controlroom.hub.writer import run_now
from controlroom.store.engine import make_engine, migrate
from tests.hub.helpers import frames
from tests.pgcluster import PgCluster


def request(host: str, token: str) -> bytes:
    at = datetime.now(UTC).isoformat()
    body = f'{{"pings":[{{"lat":53.0245,"lon":-2.1794,"at":"{at}","accuracy_m":8}}]}}'.encode()
    head = (
        f"POST /api/v1/device/pings HTTP/1.1\r\nHost: {host}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _client(url: str, tokens: list[str], until: float, counts: list[int]) -> None:
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    i = 0
    while time.monotonic() < until:
        writer.write(request(host, tokens[i % len(tokens)]))
        i += 1
        status = await reader.readline()
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await reader.readexactly(length)
        counts[0 if status.split(b" ")[1] == b"200" else 1] += 1
    writer.close()


def load(urls: list[str], tokens: list[str], connections: int, seconds: float) -> dict:
    """`connections` clients shared out over `urls`; returns requests/s answered 200."""
    counts = [0, 0]

    async def run() -> None:
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(
                _client(urls[c % len(urls)], tokens[c::connections] or tokens, until, counts)
                for c in range(connections)
            )
        )

    began = time.monotonic()
    asyncio.run(run())
    return {"rps": counts[0] / (time.monotonic() - began), "refused": counts[1]}


def cross_hub_latency(
    quiet: str, busy: str, user: str, token: str, writes: int, acks: list[float]
) -> list[float]:
    """Seconds from sending a ping to hub `busy` to its event on a stream of hub `quiet`
    (`acks` gets how long hub `busy` took to answer each, for comparison)."""
    arrived: dict[int, float] = {}
    opened = threading.Event()
    done = threading.Event()

    def read() -> None:
        headers = {"Authorization": f"Bearer {user}"}
        with (
            contextlib.suppress(httpx.HTTPError),  # the hubs stop at the end of the run
            httpx.stream("GET", f"{quiet}/api/v1/events", headers=headers, timeout=60) as r,
        ):
            opened.set()
            for frame in frames(r):
                if frame.data:
                    arrived[int(frame.id)] = time.monotonic()
                if done.is_set():
                    return

    threading.Thread(target=read, daemon=True).start()
    opened.wait(10)
    sent: dict[int, float] = {}
    acks.clear()
    with httpx.Client(base_url=busy, headers={"Authorization": f"Bearer {token}"}) as device:
        for i in range(writes):
            time.sleep(0.1)
            began = time.monotonic()
            body = {"pings": [{"lat": 53.0 + i / 1e4, "lon": -2.2, "at": _iso()}]}
            sent[device.post("/api/v1/device/pings", json=body).json()["seq"]] = began
            acks.append(time.monotonic() - began)
    deadline = time.monotonic() + 5
    while not set(sent) <= set(arrived) and time.monotonic() < deadline:
        time.sleep(0.05)
    done.set()
    return sorted(arrived[seq] - began for seq, began in sent.items() if seq in arrived)


def warmed(url: str) -> str:
    """The hub at `url` once its street data is loaded: a hub loads it in a worker thread after
    it starts (seconds of CPU), which would otherwise fall inside the round it was started for."""
    token = httpx.post(
        f"{url}/api/v1/auth/token", json={"username": "bench", "password": BENCH_PASSWORD}
    ).json()["access_token"]
    asks = [
        ("reverse", {"lat": 53.0245, "lon": -2.1794}),
        ("search", {"q": "Hanley"}),
        *(
            ("route", {"from": "53.0245,-2.1794", "to": "53.0100,-2.1800", "mode": mode})
            for mode in ("vehicle", "foot")
        ),
    ]
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        for path, params in asks:  # each waits for what it needs to be loaded
            client.get(f"/api/v1/geo/{path}", params=params, timeout=120).raise_for_status()
    return url


def rates(runs: list[dict]) -> str:
    return " ".join(f"{r['rps']:,.0f}" for r in runs)


def spread(seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"p50 {statistics.median(ms):.1f} ms  p95 {p95:.1f} ms  max {ms[-1]:.1f} ms"


def _iso() -> str:
    return datetime.now(UTC).isoformat()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--devices", type=int, default=64)
    parser.add_argument("--port", type=int, default=55441)
    parser.add_argument("--writes", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if reason := PgCluster.unavailable():
        print(f"no private PostgreSQL here: {reason}")
        return 2
    cluster = PgCluster()
    cluster.port = args.port
    cluster.url = f"postgresql+psycopg://postgres@127.0.0.1:{args.port}/postgres"
    hubs: list[ChildProcess] = []
    try:
        cluster.init()
        cluster.start()
        root = Path(tempfile.mkdtemp(prefix="controlroom-multihub-"))
        engine = make_engine(cluster.url)
        migrate(engine)
        chain = AuditChain.open(engine, root / "a")
        tokens = [
            run_now(engine, register_device(f"M{i:04d}", "foot", False, None, "b", "b"), chain)[
                "token"
            ]
            for i in range(args.devices)
        ]
        run_now(engine, create_user("bench", "dispatcher", BENCH_PASSWORD, "b", "b"), chain)
        engine.dispose()
        env = {key_variable("audit"): str(key_file("audit", root / "a"))}

        def hub(name: str) -> str:
            command = hub_command("--db", cluster.url, "--data-dir", str(root / name),
                                  "--port", str(free_port()))  # fmt: skip
            child = ChildProcess(command, env=env)
            hubs.append(child)
            return warmed(child.start())

        first = hub("a")
        load([first], tokens, args.connections, 2)  # warm up
        ones, twos = [], []
        for _ in range(args.rounds):  # alternated, so a machine's changing load hits both
            ones.append(load([first], tokens, args.connections, args.seconds))
            second = hub("b")
            load([first, second], tokens, args.connections, 1)
            twos.append(load([first, second], tokens, args.connections, args.seconds))
            hubs.pop().stop()
        second = hub("b")
        one = statistics.median(r["rps"] for r in ones)
        two = statistics.median(r["rps"] for r in twos)
        refused = sum(r["refused"] for r in ones + twos)
        print(f"single-ping ingest, {args.connections} connections, {args.rounds} rounds of"
              f" {args.seconds:.0f} s each (median), {refused} refused:")  # fmt: skip
        print(f"  one hub : {one:8,.0f} req/s   rounds {rates(ones)}")
        print(f"  two hubs: {two:8,.0f} req/s   rounds {rates(twos)}   (half the clients each)")
        print(
            f"  ratio   : {two / one:.2f}x   per round "
            + " ".join(f"{b['rps'] / a['rps']:.2f}" for a, b in zip(ones, twos, strict=True))
        )
        user = httpx.post(
            f"{first}/api/v1/auth/token", json={"username": "bench", "password": BENCH_PASSWORD}
        ).json()["access_token"]
        acks: list[float] = []
        delays = cross_hub_latency(first, second, user, tokens[0], args.writes, acks)
        print(f"cross-hub latency (write on B, quiet stream on A), {len(delays)}/{args.writes}"
              f" seen: {spread(delays)}")  # fmt: skip
        print(f"  for comparison, B's own answer to the write: {spread(sorted(acks))}")
    finally:
        for child in hubs:
            child.stop()
        cluster.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
