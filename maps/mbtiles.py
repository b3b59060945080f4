"""Tiles from a local MBTiles file, served to the page through a custom URL scheme.

The page asks for ``mbtiles:/{z}/{x}/{y}`` (XYZ numbering); MBTiles stores rows in TMS order,
so y is flipped on the way in.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from maps.schemes import TileSchemeHandler

log = logging.getLogger(__name__)
_MIME = {"png": b"image/png", "jpg": b"image/jpeg", "jpeg": b"image/jpeg", "webp": b"image/webp"}


def read_metadata(path: Path) -> dict[str, str]:
    """The MBTiles ``metadata`` table as a dict (empty when the file cannot be read)."""
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
            return {str(k): str(v) for k, v in db.execute("SELECT name, value FROM metadata")}
    except sqlite3.Error as exc:
        log.warning("map: cannot read MBTiles metadata from %s: %s", path, exc)
        return {}


class MBTilesReader:
    """Read-only tile access to one MBTiles file; safe to share between threads."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.mime = _MIME.get(read_metadata(self.path).get("format", "png"), b"image/png")
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            db = self._local.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return db

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile at XYZ coordinates, or None."""
        tms_y = (1 << z) - 1 - y
        row = (
            self._db()
            .execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, tms_y),
            )
            .fetchone()
        )
        return bytes(row[0]) if row else None


class MBTilesSchemeHandler(TileSchemeHandler):
    """Answers ``mbtiles:/z/x/y`` requests from an MBTiles file."""

    read_errors = (sqlite3.Error,)

    def open(self, path: Path) -> MBTilesReader:
        return MBTilesReader(path)

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        return self.source.tile(z, x, y)

    def mime(self) -> bytes:
        return self.source.mime
