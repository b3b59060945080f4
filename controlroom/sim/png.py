"""Evidence photos: small generated RGB PNG images, written with zlib and struct only."""

from __future__ import annotations

import hashlib
import random
import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def encode_png(width: int, height: int, rgb_rows: list[bytes]) -> bytes:
    """A PNG of 8-bit RGB rows (each row width * 3 bytes)."""
    raw = b"".join(b"\x00" + row for row in rgb_rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 6))
        + _chunk(b"IEND", b"")
    )


def evidence_photo(rng: random.Random, width: int = 320, height: int = 240) -> bytes:
    """A deterministic 'photo': a ground, a few objects as blocks, and sensor noise."""
    sky = [rng.randint(90, 200) for _ in range(3)]
    ground = [rng.randint(40, 120) for _ in range(3)]
    horizon = rng.randint(height // 3, 2 * height // 3)
    blocks = [
        (
            rng.randrange(width),
            rng.randrange(height),
            rng.randint(10, 90),
            rng.randint(10, 70),
            bytes(rng.randint(0, 255) for _ in range(3)),
        )
        for _ in range(rng.randint(2, 6))
    ]
    noise = bytes(rng.getrandbits(8) & 0x0F for _ in range(width * 3))
    rows = []
    for y in range(height):
        base = bytes(sky if y < horizon else ground) * width
        row = bytearray(
            a + b for a, b in zip(base, noise[(y * 7) % 3 :] + noise[: (y * 7) % 3], strict=False)
        )
        for bx, by, bw, bh, colour in blocks:
            if by <= y < by + bh:
                x1 = min(width, bx + bw)
                row[bx * 3 : x1 * 3] = colour * (x1 - bx)
        rows.append(bytes(row))
    return encode_png(width, height, rows)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
