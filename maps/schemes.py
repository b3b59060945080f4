"""Our URL schemes, declared to Qt WebEngine: ``mbtiles:`` (raster tiles from an MBTiles file)
and ``streets:`` (vector tiles of the street basemap, which the page fetches and decodes).

``register_schemes()`` must run before the QApplication is created.
"""

from __future__ import annotations

from PySide6.QtWebEngineCore import QWebEngineUrlScheme

from maps.map_settings import MBTILES_SCHEME, STREETS_SCHEME

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
