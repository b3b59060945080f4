"""The hub's memory and health latency while event streams that never read hang on to it.

Starts a hub on a scratch SQLite store, fills its event log with large captures, then opens
`--streams` event streams from the start (`after=0`) that never read, and prints the hub's
RSS before and at its peak over `--seconds`, and the latency of `/api/v1/health` meanwhile.

    python bench/stalled_streams.py [--captures 600] [--kib 48] [--streams 10] [--seconds 8]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hub.stalling import (  # noqa: E402
    fill_with_large_captures,
    health_ms,
    rss_mib,
    stalled_stream,
)
from tests.hubprocess import HubProcess  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--captures", type=int, default=600)
    parser.add_argument("--kib", type=int, default=48)
    parser.add_argument("--streams", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(f"sqlite:///{tmp}/bench.db", Path(tmp) / "data")
        hub.start()
        try:
            dispatcher = hub.user("dispatcher")
            fill_with_large_captures(hub, args.captures, args.kib << 10)
            token = dispatcher.headers["Authorization"].split(" ", 1)[1]
            before = rss_mib(hub.process.pid)
            print(f"{args.captures} captures of {args.kib} KiB; hub RSS before: {before:.0f} MiB")
            socks = [
                stalled_stream(hub.url, "/api/v1/events?after=0", token)
                for _ in range(args.streams)
            ]
            peak, latencies = before, []
            deadline = time.monotonic() + args.seconds
            while time.monotonic() < deadline:
                latencies.append(health_ms(hub.url))
                peak = max(peak, rss_mib(hub.process.pid))
                time.sleep(0.25)
            print(
                f"{args.streams} streams that never read: hub RSS peak {peak:.0f} MiB "
                f"(+{peak - before:.0f} MiB); /health p50 {statistics.median(latencies):.1f} ms, "
                f"max {max(latencies):.1f} ms"
            )
            for sock in socks:
                sock.close()
        finally:
            hub.stop()


if __name__ == "__main__":
    main()
