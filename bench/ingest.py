"""Ingest benchmark: durable pings/s for single-ping requests and batches of 100, with ack
latency, for the hub and for a bare endpoint measured in the same run; then ingest→SSE latency
with 50 subscribers at 1,000 pings/s.

    python bench/ingest.py [--seconds 10] [--connections 32]

Needs `wrk` (Debian package). The server runs pinned to core 0 and the load to core 1.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import _wrk
from bench._servers import BareServer, HubServer
from bench._stream_latency import measure


def batch(size: int) -> bytes:
    at = datetime.now(UTC).isoformat()
    ping = f'{{"lat":53.0245,"lon":-2.1794,"at":"{at}","accuracy_m":8,"speed_mps":1.4}}'
    return ('{"pings":[' + ",".join([ping] * size) + "]}").encode()


def throughput(server, connections: int, seconds: int) -> dict:
    url = f"{server.url}/api/v1/device/pings"
    single = _wrk.post(url, batch(1), server.tokens[0], connections, seconds)
    hundred = _wrk.post(url, batch(100), server.tokens[0], max(4, connections // 4), seconds)
    return {"single": single, "batch": hundred}


def show(name: str, figures: dict) -> None:
    s, b = figures["single"], figures["batch"]
    print(
        f"{name:6} single-ping: {s['rps']:9,.0f} pings/s   ack p50 {s['p50_ms']:6.2f} ms"
        f"  p99 {s['p99_ms']:6.2f} ms   non-2xx {s['non_2xx']}"
    )
    print(
        f"{name:6} batch of 100: {b['rps'] * 100:8,.0f} pings/s   ack p50 {b['p50_ms']:6.2f} ms"
        f"  p99 {b['p99_ms']:6.2f} ms   non-2xx {b['non_2xx']}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--subscribers", type=int, default=50)
    parser.add_argument("--rate", type=float, default=1000.0)
    args = parser.parse_args()
    if not _wrk.have_wrk():
        print("bench/ingest.py needs wrk: apt-get install wrk", file=sys.stderr)
        return 2

    bare = BareServer()
    try:
        bare_figures = throughput(bare, args.connections, args.seconds)
    finally:
        bare.stop()
    hub = HubServer()
    try:
        hub_figures = throughput(hub, args.connections, args.seconds)
    finally:
        hub.stop()
    print(
        f"durable ingest, SQLite WAL synchronous=FULL, {args.connections} connections, "
        f"{args.seconds} s each, server on one core"
    )
    show("bare", bare_figures)
    show("hub", hub_figures)
    ratio = hub_figures["single"]["rps"] / bare_figures["single"]["rps"]
    print(f"hub single-ping ingest is {100 * ratio:.0f}% of the bare endpoint (goal >= 60%)")

    hub = HubServer(devices=20)
    try:
        stream = asyncio.run(
            measure(
                hub.url, hub.user_token(), hub.tokens, args.subscribers, args.rate, args.seconds
            )
        )
    finally:
        hub.stop()
    print(
        f"ingest->SSE with {args.subscribers} subscribers at {stream['rate']:,.0f} pings/s: "
        f"p50 {stream['p50_ms']:.2f} ms  p99 {stream['p99_ms']:.2f} ms  "
        f"delivered {stream['delivered_pct']:.2f}%  (ack p50 {stream['ack_p50_ms']:.2f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
