import hashlib
import random
import struct
import zlib

from controlroom.sim.captures import Context, build_capture
from controlroom.sim.png import PNG_SIGNATURE, evidence_photo


def _chunks(data: bytes):
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        yield kind, body, crc
        pos += 12 + length


def test_evidence_photo_is_a_valid_png():
    data = evidence_photo(random.Random(1), 64, 48)
    assert data.startswith(PNG_SIGNATURE)
    chunks = list(_chunks(data))
    assert [k for k, _, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    for kind, body, crc in chunks:
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (width, height, depth, colour) == (64, 48, 8, 2)
    raw = zlib.decompress(chunks[1][1])
    assert len(raw) == height * (1 + width * 3)
    assert all(raw[y * (1 + width * 3)] == 0 for y in range(height))


def test_same_seed_same_photo_different_seed_different_photo():
    assert evidence_photo(random.Random(5)) == evidence_photo(random.Random(5))
    assert evidence_photo(random.Random(5)) != evidence_photo(random.Random(6))


def test_evidence_capture_carries_the_attachment_hash():
    import datetime

    from controlroom.sim.population import Population

    ctx = Context(
        datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        53.0245,
        -2.1794,
        Population(random.Random(1)),
        "SK21",
        "PC Jane Hulme",
    )
    capture = build_capture(random.Random(2), "evidence", ctx)
    name, data, content_type = capture.attachment
    meta = capture.body["fields"]["attachment"]
    assert (name, content_type) == ("photo.png", "image/png")
    assert meta["sha256"] == hashlib.sha256(data).hexdigest()
    assert meta["size"] == len(data)
    assert capture.body["fields"]["exhibit_ref"].startswith("JH/")
