"""The attachment store's files: content-addressed under ``<data dir>/attachments/ab/abcd...``
(the whole store on SQLite; on PostgreSQL only uploads being received, and attachments kept
before the database held them: see `controlroom.hub.blobstore`).

Only what the hub has accepted is kept. An upload streams to a ``.upload-`` temporary file
while it is hashed; the writer's job moves it into place only once the attachment row is
written (in the same job, so a refused upload never lands). What a crash can still leave
behind (a temporary file, or a blob whose transaction never committed) is removed by
:func:`sweep`, which the hub runs periodically: files older than a grace period that no
attachment row references.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import Engine, select

from controlroom.store.schema import Attachment

log = logging.getLogger(__name__)
ATTACHMENTS = Attachment.__table__
TEMP_PREFIX = ".upload-"
GRACE_S = 600.0  # younger files may belong to an upload or a commit still under way


def blob_path(root: Path, digest: str) -> Path:
    return root / digest[:2] / digest


async def receive(chunks: AsyncIterator[bytes], root: Path) -> tuple[Path, int, str]:
    """Stream `chunks` to a new temporary file under `root`, synced; (path, size, sha256)."""
    hasher = hashlib.sha256()
    size = 0
    handle, name = tempfile.mkstemp(dir=root, prefix=TEMP_PREFIX)
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            async for chunk in chunks:
                hasher.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp, size, hasher.hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, read a piece at a time (blocking)."""
    hasher = hashlib.sha256()
    with path.open("rb") as source:
        while piece := source.read(1 << 20):
            hasher.update(piece)
    return hasher.hexdigest()


def place(temp: Path, root: Path, digest: str) -> None:
    """Move an accepted upload into place (durably: the folder's entry is synced too)."""
    final = blob_path(root, digest)
    if not temp.exists() and final.exists():
        return  # placed already: the job is being run again after its batch failed
    final.parent.mkdir(exist_ok=True)
    os.replace(temp, final)
    folder = os.open(final.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def sweep(engine: Engine, root: Path, grace_s: float = GRACE_S) -> int:
    """Remove temporary files and blobs no attachment references, older than `grace_s`;
    returns how many files went (blocking: run in a thread)."""
    cutoff = time.time() - grace_s
    old = [p for p in root.glob("*/*") if p.is_file() and p.stat().st_mtime < cutoff]
    old += [p for p in root.glob(f"{TEMP_PREFIX}*") if p.stat().st_mtime < cutoff]
    candidates = {p.name: p for p in old}
    names = list(candidates)
    referenced: set[str] = set()
    with engine.connect() as connection:
        for start in range(0, len(names), 500):
            query = select(ATTACHMENTS.c.sha256).where(
                ATTACHMENTS.c.sha256.in_(names[start : start + 500])
            )
            referenced.update(connection.execute(query).scalars())
    removed = 0
    for name, path in candidates.items():
        if name not in referenced:
            path.unlink(missing_ok=True)
            removed += 1
    if removed:
        log.info("removed %d unreferenced files from the attachment store", removed)
    return removed
