"""What a hub's attachment store holds, seen (and, to stage tampering and loss, changed) from
outside the hub: its data directory's files on SQLite, the database's chunks on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update

from controlroom.hub.blobs import TEMP_PREFIX, blob_path
from controlroom.hub.blobstore import BLOBS, CHUNK_BYTES, CHUNKS


def in_database(hub) -> bool:
    return hub.backend == "postgresql"


def stored(hub, digest: str) -> bytes | None:
    """The bytes the store holds under `digest`, or None."""
    if not in_database(hub):
        path = blob_path(hub.data_dir / "attachments", digest)
        return path.read_bytes() if path.is_file() else None
    with hub.engine.connect() as connection:
        pieces = connection.execute(
            select(CHUNKS.c.data).where(CHUNKS.c.sha256 == digest).order_by(CHUNKS.c.seq)
        ).scalars()
        found = list(pieces)
        known = connection.execute(select(BLOBS.c.sha256).where(BLOBS.c.sha256 == digest))
        return b"".join(found) if known.first() else None


def stored_digests(hub) -> set[str]:
    """Every blob the store holds (and, on files, each upload still being received)."""
    names = {p.name for p in (hub.data_dir / "attachments").rglob("*") if p.is_file()}
    if in_database(hub):
        with hub.engine.connect() as connection:
            names |= set(connection.execute(select(BLOBS.c.sha256)).scalars())
    return names


def half_uploads(hub) -> list[str]:
    return [name for name in stored_digests(hub) if name.startswith(TEMP_PREFIX)]


def alter(hub, digest: str, content: bytes) -> None:
    """Replace the stored bytes under `digest` with `content` (as tampering would)."""
    if not in_database(hub):
        blob_path(hub.data_dir / "attachments", digest).write_bytes(content)
        return
    pieces = [content[i : i + CHUNK_BYTES] for i in range(0, len(content), CHUNK_BYTES)]
    with hub.engine.begin() as connection:
        connection.execute(delete(CHUNKS).where(CHUNKS.c.sha256 == digest))
        for seq, piece in enumerate(pieces):
            connection.execute(insert(CHUNKS).values(sha256=digest, seq=seq, data=piece))
        connection.execute(update(BLOBS).where(BLOBS.c.sha256 == digest).values(chunks=len(pieces)))


def remove(hub, digest: str) -> None:
    """Lose the stored bytes under `digest` altogether."""
    if not in_database(hub):
        blob_path(hub.data_dir / "attachments", digest).unlink()
        return
    with hub.engine.begin() as connection:
        connection.execute(delete(BLOBS).where(BLOBS.c.sha256 == digest))
