"""TAK protocol v1: real takproto vectors and pytak wire bytes decode to the same fields as XML."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest
import takproto

from controlroom.interop.cot import (
    PROTOCOL_TAKV1,
    PROTOCOL_XML,
    CotStreamDecoder,
    FrameError,
    StreamFrameSplitter,
    decode_mesh,
    decode_stream_frame,
    detect_protocol,
    parse_bytes,
    parse_takv1,
    parse_xml,
)
from controlroom.interop.cot.takv1 import read_varint


def assert_same_event(v1, xml):
    """Equal but for times, which TAK protocol v1 carries to the millisecond."""
    for key in ("time", "start", "stale"):
        assert abs(getattr(v1, key) - getattr(xml, key)) <= timedelta(milliseconds=1)
    assert replace(v1, time=xml.time, start=xml.start, stale=xml.stale) == xml


def stream_of(xml_docs) -> bytes:
    return b"".join(bytes(takproto.xml2proto(d, takproto.TAKProtoVer.STREAM)) for d in xml_docs)


def test_takproto_vectors_decode_exactly_like_the_xml(cot_dir):
    xml = parse_xml((cot_dir / "takproto_v1/hq_input.xml").read_bytes())
    mesh = parse_bytes((cot_dir / "takproto_v1/hq_mesh.bin").read_bytes())
    stream = parse_bytes((cot_dir / "takproto_v1/hq_stream.bin").read_bytes())
    assert mesh == stream == xml
    assert (xml.callsign, xml.group_name, xml.group_role) == ("Eliopoli HQ", "Yellow", "HQ")
    assert (xml.battery_pct, xml.speed_mps, xml.course_deg, xml.hae) == (100, 0, 0, 26.767999)
    assert (xml.ce, xml.le) == (None, None)  # 9999999: unknown


def test_takproto_vectors_split_from_a_stream(cot_dir):
    frame = (cot_dir / "takproto_v1/hq_stream.bin").read_bytes()
    assert frame[:3] == b"\xbf\xb3\x02"  # 0xBF, varint 307
    splitter = StreamFrameSplitter()
    payloads = [p for b in frame * 3 for p in splitter.feed(bytes([b]))]
    assert len(payloads) == 3 and splitter.stats.frames == 3
    assert decode_stream_frame(frame) == takproto.parse_proto(bytearray(frame))
    assert decode_mesh((cot_dir / "takproto_v1/hq_mesh.bin").read_bytes()).cotEvent.uid


def test_real_pytak_v1_stream_matches_its_xml_twin(pytak_v1_stream, pytak_xml_stream):
    v1 = CotStreamDecoder()
    xml = CotStreamDecoder()
    v1_events, xml_events = v1.feed(pytak_v1_stream), xml.feed(pytak_xml_stream)
    assert (v1.protocol, xml.protocol) == (PROTOCOL_TAKV1, PROTOCOL_XML)
    assert len(v1_events) == len(xml_events) == 3
    for a, b in zip(v1_events, xml_events, strict=True):
        # the two captures were made seconds apart: everything but the times must agree
        assert replace(a, time=b.time, start=b.start, stale=b.stale) == b
    assert v1.stats.events == 3 and v1.stats.junk_bytes == 0


def test_real_pytak_v1_stream_split_at_every_offset(pytak_v1_stream):
    whole = CotStreamDecoder().feed(pytak_v1_stream)
    for cut in range(1, len(pytak_v1_stream)):
        decoder = CotStreamDecoder()
        out = decoder.feed(pytak_v1_stream[:cut]) + decoder.feed(pytak_v1_stream[cut:])
        assert out == whole, cut


def test_takproto_frames_of_pytak_events_equal_the_xml(pytak):
    docs = [
        pytak.gen_cot(lat=53.0 + i / 100, lon=-2.18, uid=f"U{i}", callsign=f"PC {i}", cot_type=t)
        for i, t in enumerate(["a-f-G-U-C", "a-h-G", "b-m-p-s-p-i", "a-f-A-M-H"])
    ] + [pytak.hello_event()]
    v1_events = CotStreamDecoder().feed(stream_of(docs))
    assert len(v1_events) == len(docs)
    for v1, doc in zip(v1_events, docs, strict=True):
        assert_same_event(v1, parse_xml(doc))
    mesh = [parse_bytes(bytes(takproto.xml2proto(d, takproto.TAKProtoVer.MESH))) for d in docs]
    assert mesh == v1_events


def test_detect_protocol():
    assert detect_protocol(b"") is None and detect_protocol(b" \r\n") is None
    assert detect_protocol(b"<?xml") == PROTOCOL_XML
    assert detect_protocol(b"\n<event") == PROTOCOL_XML
    assert detect_protocol(b"\xbf\x01\xbf") == PROTOCOL_TAKV1


def test_decoder_waits_for_a_non_blank_byte(pytak_v1_stream):
    decoder = CotStreamDecoder()
    assert decoder.feed(b"\r\n") == [] and decoder.protocol is None
    assert len(decoder.feed(pytak_v1_stream)) == 3


def test_junk_and_oversized_frames_are_skipped_and_counted(pytak):
    good = stream_of([pytak.gen_cot(lat=1, lon=2, uid=f"G{i}") for i in range(3)])
    big = b"\xbf" + bytes([0x80, 0x80, 0x80, 0x05]) + b"\x00" * (5 << 21)  # 10 MiB declared
    rng = random.Random(3)
    junk = bytes(b for b in rng.randbytes(5000) if b != 0xBF)
    stream = good + junk + good + big + good + b"\xbf\x00" + good
    for size in (1 << 16, len(stream)):
        splitter = StreamFrameSplitter()
        frames = [
            f for i in range(0, len(stream), size) for f in splitter.feed(stream[i : i + size])
        ]
        assert len(frames) == 12
        assert splitter.stats.oversized == 1 and splitter.stats.junk_bytes == len(junk) + 2
        assert splitter.buffered == 0


def test_garbage_payload_is_counted_as_malformed_not_raised():
    decoder = CotStreamDecoder()
    assert decoder.feed(b"\xbf\x05\xff\xff\xff\xff\xff") == []
    assert decoder.stats.malformed == 1


def test_varint_limits():
    assert read_varint(b"\xb3\x02", 0) == (307, 2)
    assert read_varint(b"\xb3", 0) is None
    with pytest.raises(FrameError):
        read_varint(b"\xff" * 11, 0)
    with pytest.raises(FrameError):
        decode_stream_frame(b"\xbf\x05ab")
    with pytest.raises(FrameError):
        decode_mesh(b"<event/>")


def test_takv1_message_without_event_is_refused():
    with pytest.raises(ValueError):
        parse_takv1(takproto.functions.TakMessage())
