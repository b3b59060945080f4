"""The XML event splitter on real pytak wire bytes, cut anywhere, mixed with hostile input."""

from __future__ import annotations

import random

import pytest

from controlroom.interop.cot import EventSplitter, parse_xml

STALE = "time='2026-11-29T22:00:00Z' start='2026-11-29T22:00:00Z' stale='2026-11-29T22:05:00Z'"


def event(uid: str, detail: str = "", quote: str = "'") -> bytes:
    text = (
        f"<event version='2.0' uid='{uid}' type='a-f-G-U-C' how='m-g' {STALE}>"
        f"<point lat='53.0' lon='-2.18' hae='0' ce='5' le='5'/><detail>{detail}</detail></event>"
    )
    return text.replace("'", quote).encode()


def split_all(chunks, **kwargs) -> tuple[list[bytes], EventSplitter]:
    splitter = EventSplitter(**kwargs)
    out: list[bytes] = []
    for chunk in chunks:
        out += splitter.feed(chunk)
    return out, splitter


def chunked(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_real_pytak_stream_whole(pytak_xml_stream):
    out, splitter = split_all([pytak_xml_stream])
    assert [parse_xml(doc).uid for doc in out] == ["takPing", "OFFICER-1234", "OFFICER-1234"]
    assert all(doc.startswith(b"<event ") and doc.endswith(b"</event>") for doc in out)
    assert splitter.stats.events == 3 and splitter.stats.junk_bytes == 0
    assert splitter.buffered == 0


def test_real_pytak_stream_split_at_every_offset(pytak_xml_stream):
    whole, _ = split_all([pytak_xml_stream])
    for cut in range(1, len(pytak_xml_stream)):
        out, splitter = split_all([pytak_xml_stream[:cut], pytak_xml_stream[cut:]])
        assert out == whole, cut
        assert (splitter.stats.junk_bytes, splitter.stats.truncated) == (0, 0), cut


def test_real_pytak_stream_one_byte_at_a_time(pytak_xml_stream):
    whole, _ = split_all([pytak_xml_stream])
    out, _ = split_all(chunked(pytak_xml_stream, 1))
    assert out == whole


def test_pytak_events_back_to_back_with_and_without_declarations(pytak):
    made = [pytak.gen_cot(lat=53.0, lon=-2.18, uid=f"U{i}", callsign=f"PC {i}") for i in range(6)]
    bare = [doc.split(b"?>", 1)[1].strip() for doc in made]
    stream = b"".join(made[:3]) + b"".join(bare[3:]) + b"\r\n\n"
    for size in (1, 7, 64, len(stream)):
        out, splitter = split_all(chunked(stream, size))
        assert [parse_xml(doc).callsign for doc in out] == [f"PC {i}" for i in range(6)]
        assert splitter.stats.junk_bytes == 0


def test_single_double_quotes_gt_in_attributes_cdata_and_comments():
    tricky = (
        "<remarks source='a>b' note=\"x'/>y\"><![CDATA[</event> <event uid='no'>]]></remarks>"
        '<!-- </event> <event --><contact callsign="Q>1"/>'
    )
    stream = event("A", quote='"') + event("B", tricky) + event("C")
    for size in range(1, 40):
        out, _ = split_all(chunked(stream, size))
        assert [parse_xml(doc).uid for doc in out] == ["A", "B", "C"], size
    assert parse_xml(out[1]).callsign == "Q>1"


def test_self_closing_event():
    doc = b"<event uid='x' type='t-x-c-t' how='h-g-i-g-o' time='t'/>"
    out, _ = split_all([doc + event("A")])
    assert out == [doc, event("A")]


def test_utf8_split_mid_character():
    stream = event("A", "<contact callsign='Zoë Ω 警'/>")
    for cut in range(1, len(stream)):
        out, _ = split_all([stream[:cut], stream[cut:]])
        assert parse_xml(out[0]).callsign == "Zoë Ω 警", cut


def test_random_bytes_are_skipped_and_counted_without_raising():
    rng = random.Random(6)
    good = [event(f"G{i}") for i in range(20)]
    stream = b"".join(rng.randbytes(rng.randrange(1, 3000)) + doc for doc in good)
    for size in (1, 13, 4096):
        out, splitter = split_all(chunked(stream, size))
        assert [parse_xml(doc).uid for doc in out] == [f"G{i}" for i in range(20)]
        assert splitter.stats.junk_bytes > 20_000
        assert splitter.buffered < 300


def test_pure_noise_never_raises_and_stays_bounded():
    rng = random.Random(7)
    splitter = EventSplitter(max_event_bytes=4096)
    for _ in range(300):
        splitter.feed(rng.randbytes(rng.randrange(1, 5000)))
        splitter.feed(rng.choice([b"<event ", b"<", b"'", b"<![CDATA[", b"</event>", b"<?xml"]))
        assert splitter.buffered <= 4096 + 5000 + 10
    assert splitter.feed(b"</event>" * 3 + event("LAST"))[-1] == event("LAST")


@pytest.mark.parametrize(
    "broken",
    [
        b"<event uid='t1' type='a-f-G' time=",
        b"<event uid='t2",
        b"<event uid='t3' type='a-f-G'><point lat='1' lon='2'/><detail><contact ",
        b"<event uid='t4' type='a-f-G'><detail><remarks><![CDATA[half",
        b"<event uid='t5'><detail><remarks>text",
    ],
)
@pytest.mark.parametrize("declaration", [b"", b"<?xml version='1.0' encoding='UTF-8'?>\n"])
def test_truncated_event_is_dropped_and_the_next_comes_out(broken, declaration):
    stream = event("A") + broken + declaration + event("B") + event("C")
    for size in (1, 5, len(stream)):
        out, splitter = split_all(chunked(stream, size))
        if b"CDATA" in broken:  # an unclosed CDATA holds what follows, up to the size bound
            assert out == [event("A")]
            continue
        assert out == [event("A"), event("B"), event("C")], size
        assert splitter.stats.truncated == 1


def test_unclosed_cdata_costs_at_most_the_size_bound():
    broken = b"<event uid='t' type='a-f-G'><detail><remarks><![CDATA[half"
    later = [event(f"L{i}") for i in range(400)]
    out, splitter = split_all([event("A"), broken, *later], max_event_bytes=4096)
    assert out[0] == event("A") and out[-1] == later[-1]
    assert out[1:] == later  # resynchronised at the first event inside the dropped one
    assert splitter.stats.oversized == 1


@pytest.mark.parametrize("size", [65536, 1 << 20, None])
def test_ten_megabyte_event_is_dropped_and_later_events_come_out(size):
    huge = event("HUGE", "<remarks>" + "A" * 10_000_000 + "</remarks>")
    tags = event("TAGS", "<x a='1'/>" * 1_000_000)
    stream = event("A") + huge + event("B") + tags + event("C")
    splitter = EventSplitter()
    out: list[bytes] = []
    for chunk in chunked(stream, size or len(stream)):
        out += splitter.feed(chunk)
        assert splitter.buffered <= splitter.max_event_bytes + (size or len(stream))
    assert out == [event("A"), event("B"), event("C")]
    assert splitter.stats.oversized == 2 and splitter.stats.junk_bytes == 0


def test_event_at_the_size_limit_passes_and_one_byte_more_is_dropped():
    doc = event("A", "<remarks>" + "x" * 500 + "</remarks>")
    out, splitter = split_all([doc + event("B")], max_event_bytes=len(doc))
    assert out == [doc, event("B")]
    out, splitter = split_all([doc + event("B")], max_event_bytes=len(doc) - 1)
    assert out == [event("B")] and splitter.stats.oversized == 1


def test_event_like_tag_names_are_not_events():
    stream = b"<events><eventual/>" + event("A", "<eventx/>")
    out, splitter = split_all(chunked(stream, 3))
    assert out == [event("A", "<eventx/>")]
    assert splitter.stats.junk_bytes == len(b"<events><eventual/>")
