"""Vector tiles for the street basemap, read from a PMTiles archive and served to the page
through our ``streets:/z/x/y`` URL scheme (the page decodes and draws them itself).

The archive is opened once (memory-mapped) and its directories are kept decoded, so a tile is a
dictionary look-up and a slice. Tiles the archive lacks (outside the area) are answered with an
empty body: the page draws an empty tile instead of logging a failed request.
"""

from __future__ import annotations

import gzip
import logging
import mmap
import re
import threading
from pathlib import Path
from typing import Any

from pmtiles.tile import Compression, deserialize_directory, deserialize_header, find_tile
from pmtiles.tile import zxy_to_tileid as tile_id
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject
from PySide6.QtWebEngineCore import QWebEngineUrlRequestJob, QWebEngineUrlSchemeHandler

log = logging.getLogger(__name__)

MIME = b"application/x-protobuf"
_TILE_PATH = re.compile(r"^/*(\d+)/(\d+)/(\d+)(?:\.\w+)?$")
_MAX_DEPTH = 4  # PMTiles v3: a root directory and at most three levels of leaves


class StreetTileArchive:
    """Read-only access to one PMTiles archive of vector tiles; safe to share between threads."""

    def __init__(self, path: Path):
        self.path = Path(path)
        with self.path.open("rb") as fh:
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self.header: dict[str, Any] = dict(deserialize_header(self._map[:127]))
        self.min_zoom = int(self.header["min_zoom"])
        self.max_zoom = int(self.header["max_zoom"])
        self._gzipped = self.header["tile_compression"] == Compression.GZIP
        self._directories: dict[tuple[int, int], list] = {}
        self._lock = threading.Lock()

    def _directory(self, offset: int, length: int) -> list:
        key = (offset, length)
        entries = self._directories.get(key)
        if entries is None:
            entries = deserialize_directory(self._map[offset : offset + length])
            with self._lock:
                self._directories[key] = entries
        return entries

    def raw_tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile as stored (possibly gzipped), or None where the archive has none."""
        if not self.min_zoom <= z <= self.max_zoom or not (0 <= x < 1 << z and 0 <= y < 1 << z):
            return None
        wanted = tile_id(z, x, y)
        offset, length = self.header["root_offset"], self.header["root_length"]
        for _ in range(_MAX_DEPTH):
            entry = find_tile(self._directory(offset, length), wanted)
            if entry is None:
                return None
            if entry.run_length:
                start = self.header["tile_data_offset"] + entry.offset
                return self._map[start : start + entry.length]
            offset = self.header["leaf_directory_offset"] + entry.offset
            length = entry.length
        return None

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile's Mapbox Vector Tile bytes, uncompressed, or None."""
        data = self.raw_tile(z, x, y)
        if data is None or not self._gzipped:
            return data
        return gzip.decompress(data)

    def close(self) -> None:
        self._map.close()


class StreetTilesSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers ``streets:/z/x/y`` with the vector tile from a PMTiles archive."""

    def __init__(self, path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.archive = StreetTileArchive(path)
        self.served = 0

    def set_path(self, path: Path) -> None:
        """Serve another archive from now on (one handler per profile)."""
        if Path(path) != self.archive.path:
            self.archive = StreetTileArchive(path)

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        match = _TILE_PATH.match(job.requestUrl().path())
        if not match:
            job.fail(QWebEngineUrlRequestJob.Error.UrlInvalid)
            return
        z, x, y = (int(g) for g in match.groups())
        try:
            data = self.archive.tile(z, x, y) or b""
        except (OSError, ValueError, EOFError) as exc:
            log.warning("map: street tile %s/%s/%s unreadable: %s", z, x, y, exc)
            job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)
            return
        buffer = QBuffer(job)  # parented to the job so it lives until Qt has read it
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(MIME, buffer)
        self.served += 1
