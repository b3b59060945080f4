"""MapView: the map page in a QWebEngineView, fed with batched diffs through the bridge."""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from maps.bridge import BRIDGE_NAME, MapBridge, PageCalls
from maps.coalescer import DEFAULT_INTERVAL_MS, DiffCoalescer, MapState
from maps.map_settings import MBTILES_SCHEME, STREETS_SCHEME
from maps.mbtiles import MBTilesSchemeHandler
from maps.page import MapSettings, write_page
from maps.street_tiles import StreetTilesSchemeHandler

log = logging.getLogger(__name__)


class MapPage(QWebEnginePage):
    """The page, with its console routed to our log (scripts errors would otherwise vanish)."""

    _LEVELS = {
        QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel: logging.DEBUG,
        QWebEnginePage.JavaScriptConsoleMessageLevel.WarningMessageLevel: logging.WARNING,
        QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel: logging.ERROR,
    }

    def javaScriptConsoleMessage(self, level, message, line, source):
        log.log(
            self._LEVELS.get(level, logging.INFO), "map page: %s (%s:%s)", message, source, line
        )

    def acceptNavigationRequest(self, url, kind, is_main_frame):
        """A clicked web link (the attribution's) opens in the browser, never over the map."""
        if kind == QWebEnginePage.NavigationType.NavigationTypeLinkClicked and url.scheme() in (
            "http",
            "https",
        ):
            QDesktopServices.openUrl(url)
            return False
        return super().acceptNavigationRequest(url, kind, is_main_frame)


MOVE_KEYS = frozenset(("callsign", "lat", "lon", "heading_deg"))


def compact(diff: dict[str, Any]) -> dict[str, Any]:
    """Plain moves travel as one flat list [callsign, lat, lon, heading, ...]: far less for the
    page to parse and allocate than an object per unit (the bulk of every batch)."""
    units = diff.get("units")
    if not units or not units.get("upsert"):
        return diff
    moves: list[Any] = []
    upserts: list[dict[str, Any]] = []
    for item in units["upsert"]:
        if item.keys() <= MOVE_KEYS and "lat" in item and "lon" in item:
            moves += (item["callsign"], item["lat"], item["lon"], item.get("heading_deg"))
        else:
            upserts.append(item)
    return dict(diff, units=dict(units, upsert=upserts, moves=moves))


class MapView(QWebEngineView):
    """The live map. Feed it with ``apply_diff``; listen to ``bridge`` for clicks.

    Diffs are merged and sent at most every ``interval_ms``; nothing is sent until the page
    has reported ready, and a new batch waits until the page has applied the previous one.
    """

    batch_applied = Signal(dict)  # the page's report on a batch: counts and "ms" spent in JS

    def __init__(
        self,
        settings: MapSettings | None = None,
        parent: QWidget | None = None,
        page_dir: Path | None = None,
        interval_ms: int = DEFAULT_INTERVAL_MS,
    ):
        super().__init__(parent)
        self.map_settings = settings or MapSettings()
        self._page_dir = page_dir
        self._tmp: tempfile.TemporaryDirectory | None = None
        self.last_send_ms = 0.0  # Python time to serialise and hand over the last batch
        self.setPage(MapPage(QWebEngineProfile.defaultProfile(), self))
        self._allow_local_assets(self.page().settings(), self.map_settings.basemap_kind == "xyz")
        self.bridge = MapBridge(self)
        self._channel = QWebChannel(self)
        self._channel.registerObject(BRIDGE_NAME, self.bridge)
        self.page().setWebChannel(self._channel)
        self._calls = PageCalls(self.page(), self.bridge)
        self.coalescer = DiffCoalescer(self._send_batch, interval_ms, self)
        self.coalescer.hold()
        self._state = MapState()
        self._page_url: QUrl | None = None
        self._reloading = False
        self.bridge.page_ready.connect(self._on_page_ready)
        self.page().loadStarted.connect(self.coalescer.hold)
        self.page().renderProcessTerminated.connect(self._on_render_process_terminated)
        self._install_tile_scheme()

    @staticmethod
    def _allow_local_assets(settings: QWebEngineSettings, remote_tiles: bool) -> None:
        attr = QWebEngineSettings.WebAttribute
        settings.setAttribute(attr.LocalContentCanAccessFileUrls, True)
        # The page is a local file: it reaches the network only for a configured tile server.
        settings.setAttribute(attr.LocalContentCanAccessRemoteUrls, remote_tiles)

    def _install_tile_scheme(self) -> None:
        kind = self.map_settings.basemap_kind
        if kind == "mbtiles":
            self._serve(MBTILES_SCHEME, MBTilesSchemeHandler, Path(self.map_settings.basemap))
        elif kind == "streets":
            self._serve(STREETS_SCHEME, StreetTilesSchemeHandler, self.map_settings.street_tiles)

    def _serve(self, scheme: str, handler_class, path: Path) -> None:
        """Answer ``scheme`` from ``path``: one handler per profile, pointed at the latest."""
        profile = self.page().profile()
        handler = profile.urlSchemeHandler(scheme.encode())
        if isinstance(handler, handler_class):
            handler.set_path(path)
        else:
            profile.installUrlSchemeHandler(scheme.encode(), handler_class(path, profile))

    # ---- loading -----------------------------------------------------------------------

    @property
    def is_ready(self) -> bool:
        return self._calls.ready

    def load_map(self) -> Path:
        """Build the page (once) and load it. Returns the page file."""
        directory = self._page_dir
        if directory is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="controlroom-map-")
            directory = Path(self._tmp.name)
        path = write_page(self.map_settings, directory)
        self._page_url = QUrl.fromLocalFile(str(path))
        self.load(self._page_url)
        return path

    def reload_map(self) -> None:
        """Load the (already built) page again and give it the whole current state."""
        if self._page_url is None:
            return
        self._reloading = True
        self.load(self._page_url)

    def _on_page_ready(self) -> None:
        if self._reloading:
            self._reloading = False
            self.coalescer.reset(self._state.to_diff())
        self.coalescer.release()

    def _on_render_process_terminated(self, status, exit_code: int) -> None:
        normal = QWebEnginePage.RenderProcessTerminationStatus.NormalTerminationStatus
        if status == normal:
            return  # the application is closing
        log.error("map: page renderer ended (%s, %s); reloading the map", status, exit_code)
        QTimer.singleShot(500, self.reload_map)

    # ---- Python -> page ----------------------------------------------------------------

    def apply_diff(self, diff: dict[str, Any]) -> None:
        """Queue a diff ({"units": {"upsert": [...], "remove": [...]}, "captures": ..., "track",
        "select", "focus"}); it reaches the page merged with others within ``interval_ms``."""
        self._state.add(diff)
        self.coalescer.add(diff)

    def select(self, kind: str, ident: str) -> None:
        self.apply_diff({"select": {"kind": kind, "id": ident}})

    def focus(self, lat: float, lon: float, zoom: int | None = None) -> None:
        self.apply_diff({"focus": {"lat": lat, "lon": lon, "zoom": zoom}})

    def set_theme(self, name: str) -> None:
        """Restyle the basemap for the app's theme ("dark" or "light"); the page stays."""
        self.apply_diff({"theme": "light" if name == "light" else "dark"})

    def show_track(self, callsign: str | None, points: list[list[float]] | None = None) -> None:
        track = {"callsign": callsign, "points": points or []} if callsign else None
        self.apply_diff({"track": track})

    def _send_batch(self, diff: dict[str, Any]) -> None:
        started = time.perf_counter()
        self.coalescer.hold()  # one batch in flight at a time
        self._calls.call("apply", orjson.dumps(compact(diff)).decode(), self._on_batch_applied)
        self.last_send_ms = (time.perf_counter() - started) * 1000

    def _on_batch_applied(self, result: Any) -> None:
        self.coalescer.release()
        if isinstance(result, dict):
            self.batch_applied.emit(result)

    # ---- reading back --------------------------------------------------------------------

    def query(self, request: dict[str, Any], callback: Callable[[Any], None]) -> None:
        """Ask the page about its state; ``callback`` gets the decoded JSON answer."""
        self._calls.call("query", orjson.dumps(request).decode(), callback)

    def unit_position(self, callsign: str, callback: Callable[[Any], None]) -> None:
        """``callback`` gets {"lat", "lon", "status", "stale", "fillColor", ...} or None."""
        self.query({"unit": callsign}, callback)

    def evaluate(self, expression: str, callback: Callable[[Any], None] | None = None) -> None:
        """Evaluate a JavaScript expression in the page (queued until ready); ``callback``
        gets its value, carried across as JSON text."""
        self._calls.evaluate(expression, callback)
