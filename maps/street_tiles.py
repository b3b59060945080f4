"""Vector tiles for the street basemap, read from a PMTiles archive and served to the page
through our ``streets:/z/x/y`` URL scheme (the page decodes and draws them itself).

The archive (``controlroom.geo.tile_archive``) is opened once, its directories kept decoded.
Tiles the archive lacks (outside the area) are answered with an empty body: the page draws an
empty tile instead of logging a failed request.
"""

from __future__ import annotations

from pathlib import Path

from controlroom.geo.tile_archive import StreetTileArchive
from maps.schemes import TileSchemeHandler

MIME = b"application/x-protobuf"


class StreetTilesSchemeHandler(TileSchemeHandler):
    """Answers ``streets:/z/x/y`` with the vector tile from a PMTiles archive."""

    read_errors = (OSError, ValueError, EOFError)
    missing_is_empty = True

    def open(self, path: Path) -> StreetTileArchive:
        return StreetTileArchive(path)

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        return self.source.tile(z, x, y)

    def mime(self) -> bytes:
        return MIME
