"""One connection's bytes to events: a hostile stream never stops the good events behind it."""

from __future__ import annotations

import random

from controlroom.interop.cot import CotKind, CotStreamDecoder


def pli(pytak, i: int) -> bytes:
    return pytak.gen_cot(lat=53.0, lon=-2.18, uid=f"G{i}", callsign=f"PC {i}", cot_type="a-f-G-U-C")


def test_hostile_xml_stream_keeps_serving_good_events(pytak, pytak_xml_stream):
    rng = random.Random(11)
    huge = pli(pytak, 0).replace(
        b"<detail>", b"<detail><remarks>" + b"A" * 10_000_000 + b"</remarks>"
    )
    parts = [
        pytak_xml_stream,
        rng.randbytes(50_000),
        pli(pytak, 1),
        b"<event uid='cut' type='a-f-G' time='2026",  # truncated
        pli(pytak, 2),
        huge,
        pli(pytak, 3),
        b"<event uid='nopoint' type='a-f-G' time='2026-11-29T22:00:00Z'></event>",  # malformed
        pli(pytak, 4),
    ]
    stream = b"".join(parts)
    decoder = CotStreamDecoder()
    events = []
    for i in range(0, len(stream), 1400):  # about one TCP segment at a time
        events += decoder.feed(stream[i : i + 1400])
    assert [e.callsign for e in events[3:]] == ["PC 1", "PC 2", "PC 3", "PC 4"]
    assert [e.kind for e in events] == [CotKind.PING] + [CotKind.POSITION] * 6
    stats = decoder.stats
    assert (stats.events, stats.malformed, stats.truncated, stats.oversized) == (7, 1, 1, 1)
    assert stats.junk_bytes > 40_000


def test_leading_junk_on_an_xml_connection_is_counted(pytak):
    decoder = CotStreamDecoder()
    events = decoder.feed(b"GET / HTTP/1.1\r\n\r\n" + pli(pytak, 1))
    assert [e.uid for e in events] == ["G1"] and decoder.stats.junk_bytes > 0
