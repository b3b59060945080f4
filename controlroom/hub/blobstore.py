"""Where attachment bytes are kept: files in the hub's data directory on SQLite (one hub per
SQLite file), the database itself on PostgreSQL, so that every hub on one database serves every
attachment whichever hub received it, with no storage shared but the database.

An upload is received into a temporary file in the data directory while it is hashed (both
stores). Then:

- files: the writer's job that writes the attachment row moves the file into place;
- database: before the writer's job, the bytes are written as 1 MiB chunks with their
  ``attachment_blobs`` row in one transaction of their own (so the writer is not held up by
  25 MiB of bytes, and a crash leaves either the whole blob or none of it), replacing any copy
  stored under the hash as the file store's move does; the job that writes
  the attachment row renews that blob row, refusing the upload if it is gone. A blob whose job
  never committed (a crash, or an upload refused by the job) is removed by the sweep.

Reads answer the stored bytes, or None when the store holds nothing under the hash (missing,
which callers report as missing, never as tampered). On PostgreSQL, an attachment stored as a
file before the database store existed is copied into the database when a hub that holds the
file starts (:meth:`DatabaseStore.adopt_files`), and served from that file until then.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, exists, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from controlroom.hub import blobs, faults
from controlroom.hub.errors import ApiError
from controlroom.store.schema import Attachment, AttachmentBlob, AttachmentChunk

log = logging.getLogger(__name__)

ATTACHMENTS = Attachment.__table__
BLOBS, CHUNKS = AttachmentBlob.__table__, AttachmentChunk.__table__
CHUNK_BYTES = 1 << 20
CHUNK_QUERY = "SELECT data FROM attachment_chunks WHERE sha256 = %s AND seq = %s"
READS_AT_ONCE = 4  # whole blobs held in memory for their hash check at one time, per hub


class FileStore:
    """Content-addressed files under the data directory (`controlroom.hub.blobs`)."""

    kind = "files"

    def __init__(self, engine: Engine, root: Path):
        self.engine = engine
        self.root = root
        self._reads = threading.BoundedSemaphore(READS_AT_ONCE)

    def start(self) -> None:
        """Blocking: run in a thread."""
        self.root.mkdir(parents=True, exist_ok=True)

    def stage(self, temp: Path, digest: str, size: int) -> None:
        """Keep a received upload ahead of its writer job (blocking); files wait for the job."""

    def place(self, connection: Connection, temp: Path, digest: str) -> None:
        """In the writer's job, once the attachment row is written."""
        blobs.place(temp, self.root, digest)

    def read(self, digest: str) -> bytes | None:
        """The stored bytes, or None when nothing is stored under `digest` (blocking)."""
        with self._reads:
            return self._read_file(digest)

    def _read_file(self, digest: str) -> bytes | None:
        try:
            return blobs.blob_path(self.root, digest).read_bytes()
        except FileNotFoundError:
            return None

    def sweep(self, grace_s: float = blobs.GRACE_S) -> int:
        """Remove what no attachment references, older than `grace_s` (blocking)."""
        return blobs.sweep(self.engine, self.root, grace_s)


class DatabaseStore(FileStore):
    """Chunks in ``attachment_chunks`` under a row of ``attachment_blobs`` (PostgreSQL)."""

    kind = "database"

    def stage(self, temp: Path, digest: str, size: int) -> None:
        chunks = -(-size // CHUNK_BYTES)
        row = {"sha256": digest, "size": size, "chunks": chunks, "stored_at": time.time()}
        with self.engine.begin() as connection:
            # Hold the blob's row (new, or renewed) so that one upload at a time writes it.
            if not self._renew(connection, digest):
                added = connection.execute(pg_insert(BLOBS).values(row).on_conflict_do_nothing())
                if not added.rowcount:  # a concurrent upload of the same bytes stored them
                    self._renew(connection, digest)
            # The bytes just received hash right: they replace whatever is stored under the
            # hash, as a file store's move does, so a copy that was altered is made whole.
            connection.execute(delete(CHUNKS).where(CHUNKS.c.sha256 == digest))
            connection.execute(update(BLOBS).where(BLOBS.c.sha256 == digest).values(chunks=chunks))
            with temp.open("rb") as source:
                for seq in range(chunks):
                    piece = {"sha256": digest, "seq": seq, "data": source.read(CHUNK_BYTES)}
                    connection.execute(insert(CHUNKS), piece)
                    faults.reach("blob")

    def place(self, connection: Connection, temp: Path, digest: str) -> None:
        # Renewing the row (not only reading it) makes a sweep that is deleting it at this
        # moment wait and re-check its age, so an attachment row never points at a swept blob.
        if not self._renew(connection, digest):
            raise ApiError(503, "unavailable", "the upload's bytes were not kept: send it again")

    @staticmethod
    def _renew(connection: Connection, digest: str) -> bool:
        renewed = connection.execute(
            update(BLOBS).where(BLOBS.c.sha256 == digest).values(stored_at=time.time())
        )
        return renewed.rowcount > 0

    def read(self, digest: str) -> bytes | None:
        with self._reads, self.engine.connect() as connection:
            chunks = connection.execute(
                select(BLOBS.c.chunks).where(BLOBS.c.sha256 == digest)
            ).scalar()
            if chunks is None:  # not in the database: stored as a file before it was
                return self._read_file(digest)
            pieces = []
            # Binary results: bytea as text (hex) costs three times the read.
            driver = connection.connection.driver_connection
            assert driver is not None
            with driver.cursor(binary=True) as cursor:
                for seq in range(chunks):  # one chunk in flight at a time, not the whole value
                    piece = cursor.execute(CHUNK_QUERY, (digest, seq)).fetchone()
                    if piece is not None:  # a chunk gone: bytes that differ, as the hash says
                        pieces.append(piece[0])
        return b"".join(pieces)

    def sweep(self, grace_s: float = blobs.GRACE_S) -> int:
        cutoff = time.time() - grace_s
        referenced = exists().where(ATTACHMENTS.c.sha256 == BLOBS.c.sha256)
        with self.engine.begin() as connection:
            removed = connection.execute(
                delete(BLOBS).where(BLOBS.c.stored_at < cutoff, ~referenced)
            ).rowcount
        if removed:
            log.info("removed %d unreferenced blobs from the attachment store", removed)
        return removed + super().sweep(grace_s)

    def adopt_files(self) -> int:
        """Copy into the database the attachments this hub kept as files before it had the
        database store, whose bytes still hash right (blocking); the files stay, as a copy."""
        with self.engine.connect() as connection:
            unadopted = connection.execute(
                select(ATTACHMENTS.c.sha256)
                .distinct()
                .where(~exists().where(BLOBS.c.sha256 == ATTACHMENTS.c.sha256))
            ).scalars()
            digests = list(unadopted)
        adopted = 0
        for digest in digests:
            path = blobs.blob_path(self.root, digest)
            if path.is_file() and blobs.file_digest(path) == digest:
                self.stage(path, digest, path.stat().st_size)
                adopted += 1
        if adopted:
            log.info("copied %d attachments from %s into the database store", adopted, self.root)
        return adopted


def store_for(engine: Engine, root: Path) -> FileStore:
    """The database store on PostgreSQL (every hub on it sees it), files on SQLite."""
    on_postgresql = engine.dialect.name == "postgresql"
    return (DatabaseStore if on_postgresql else FileStore)(engine, root)
