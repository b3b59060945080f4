"""Our URL schemes, declared to Qt WebEngine: ``mbtiles:`` (raster tiles from an MBTiles file)
and ``streets:`` (vector tiles of the street basemap, which the page fetches and decodes), and
the handler both answer ``scheme:/z/x/y`` with.

``register_schemes()`` must run before the QApplication is created.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from maps.map_settings import MBTILES_SCHEME, STREETS_SCHEME

log = logging.getLogger(__name__)

Flag = QWebEngineUrlScheme.Flag
# Local, like file://, so that the (file://) map page may load them.
LOCAL = Flag.LocalScheme | Flag.LocalAccessAllowed
SCHEMES = {
    MBTILES_SCHEME: LOCAL,  # <img> tiles
    STREETS_SCHEME: LOCAL | Flag.FetchApiAllowed | Flag.CorsEnabled,  # fetch() from the page
}


def register_schemes() -> None:
    """Declare our URL schemes (once); call before the QApplication exists."""
    for name, flags in SCHEMES.items():
        if QWebEngineUrlScheme.schemeByName(name.encode()).name():
            continue
        scheme = QWebEngineUrlScheme(name.encode())
        scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
        scheme.setFlags(flags)
        QWebEngineUrlScheme.registerScheme(scheme)


_TILE_PATH = re.compile(r"^/*(\d+)/(\d+)/(\d+)(?:\.\w+)?$")


class TileSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers ``scheme:/z/x/y`` (XYZ numbering) with a tile from a file, one handler per
    profile. Subclasses say how to open the file, read a tile and name its type."""

    read_errors: tuple[type[Exception], ...] = (OSError,)
    missing_is_empty = False  # True: a tile the file lacks is an empty answer, not a 404

    def __init__(self, path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.source = self.open(self.path)
        self.served = 0

    def open(self, path: Path) -> Any:
        raise NotImplementedError

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        raise NotImplementedError

    def mime(self) -> bytes:
        raise NotImplementedError

    def set_path(self, path: Path) -> None:
        """Serve another file from now on."""
        if Path(path) != self.path:
            self.path = Path(path)
            self.source = self.open(self.path)

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        match = _TILE_PATH.match(job.requestUrl().path())
        if not match:
            job.fail(QWebEngineUrlRequestJob.Error.UrlInvalid)
            return
        z, x, y = (int(g) for g in match.groups())
        try:
            data = self.tile(z, x, y)
        except self.read_errors as exc:
            log.warning("map: tile %s/%s/%s from %s unreadable: %s", z, x, y, self.path, exc)
            job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)
            return
        if data is None and not self.missing_is_empty:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        buffer = QBuffer(job)  # parented to the job so it lives until Qt has read it
        buffer.setData(QByteArray(data or b""))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(self.mime(), buffer)
        self.served += 1
