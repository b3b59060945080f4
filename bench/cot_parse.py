"""Print CoT inbound throughput on one core: split + parse, XML and TAK protocol v1.

Usage: python bench/cot_parse.py [EVENTS]   (default 50,000 position events)

The stream is ATAK-like position reports made by our own encoder (contact, __group, status,
track, takv), fed to the decoder in 64 KiB reads as a socket would deliver them.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

from controlroom.interop.cot import (
    CotStreamDecoder,
    EventSplitter,
    UnitPosition,
    parse_xml,
    position_stream,
    position_xml,
)

READ = 64 * 1024


def units(n: int) -> list[UnitPosition]:
    start = datetime.now(UTC)
    return [
        UnitPosition(
            uid=f"ANDROID-{i % 500:016x}",
            callsign=f"PC {i % 500}",
            lat=53.0 + (i % 1000) / 10_000,
            lon=-2.18 - (i % 700) / 10_000,
            at=start + timedelta(milliseconds=i),
            speed_mps=1.4,
            course_deg=float(i % 360),
            battery_pct=80,
            accuracy_m=6.0,
        )
        for i in range(n)
    ]


def best_rate(n: int, run) -> float:
    best = min(_timed(run) for _ in range(3))
    return n / best


def _timed(run) -> float:
    t0 = time.perf_counter()
    run()
    return time.perf_counter() - t0


def decode_all(stream: bytes, expected: int) -> None:
    decoder = CotStreamDecoder()
    count = sum(len(decoder.feed(stream[i : i + READ])) for i in range(0, len(stream), READ))
    assert count == expected, (count, decoder.stats)


def split_all(stream: bytes, expected: int) -> None:
    splitter = EventSplitter()
    count = sum(len(splitter.feed(stream[i : i + READ])) for i in range(0, len(stream), READ))
    assert count == expected


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    reports = units(n)
    xml_docs = [position_xml(u) for u in reports]
    xml = b"".join(xml_docs)
    v1 = b"".join(position_stream(u) for u in reports)
    rows = [
        ("XML split only", best_rate(n, lambda: split_all(xml, n)), len(xml)),
        ("XML parse only", best_rate(n, lambda: [parse_xml(d) for d in xml_docs]), len(xml)),
        ("XML split + parse", best_rate(n, lambda: decode_all(xml, n)), len(xml)),
        ("v1 split + parse", best_rate(n, lambda: decode_all(v1, n)), len(v1)),
    ]
    print(f"{n:,} position events, 64 KiB reads, one core, best of 3")
    for name, rate, size in rows:
        print(f"  {name:<18} {rate:>10,.0f} events/s   ({size / n:.0f} B/event)")


if __name__ == "__main__":
    main()
