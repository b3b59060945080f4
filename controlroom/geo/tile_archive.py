"""A PMTiles archive of vector tiles (the street basemap, ``resources/basemap/streets.pmtiles``),
read without Qt: the desktop map serves its tiles to the page, the hub draws the briefing's maps
from them.

The archive is opened once (memory-mapped) and its directories are kept decoded, so a tile is a
dictionary look-up and a slice.
"""

from __future__ import annotations

import gzip
import mmap
import threading
from pathlib import Path
from typing import Any

from pmtiles.tile import Compression, deserialize_directory, deserialize_header, find_tile
from pmtiles.tile import zxy_to_tileid as tile_id

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
