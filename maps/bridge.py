"""The map bridge: one small QObject on a QWebChannel, and a queue of calls into the page.

Only JSON strings cross in either direction: the page posts JSON text to ``MapBridge.post``, and
every script Python runs returns ``JSON.stringify(...)`` (in PySide6 6.12 other
``runJavaScript`` result types can crash the process). Calls made before the page has said it
is ready wait in a queue (as Anki's webview does); callbacks that come back after the page has
gone are dropped.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from typing import Any

import orjson
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWebEngineCore import QWebEnginePage
from shiboken6 import isValid

log = logging.getLogger(__name__)

BRIDGE_NAME = "crBridge"
ResultCallback = Callable[[Any], None]


class MapBridge(QObject):
    """Receives the page's messages and turns them into Qt signals."""

    page_ready = Signal()
    unit_clicked = Signal(str)
    capture_clicked = Signal(str)
    map_clicked = Signal(float, float)
    incident_clicked = Signal(int)
    view_changed = Signal(str)  # JSON {"layer", "bbox", "zoom", "width", "height"} (heat layer)
    area_drawn = Signal(str)  # "W,S,E,N" of the rectangle drawn, or "" for none

    @Slot(str)
    def post(self, message: str) -> None:
        try:
            msg = json.loads(message)
            kind = msg["type"]
        except (ValueError, TypeError, KeyError):
            log.warning("map: unreadable message from page: %.200s", message)
            return
        if kind == "ready":
            self.page_ready.emit()
        elif kind == "unit_clicked":
            self.unit_clicked.emit(str(msg.get("callsign", "")))
        elif kind == "capture_clicked":
            self.capture_clicked.emit(str(msg.get("id", "")))
        elif kind == "incident_clicked":
            self.incident_clicked.emit(int(msg["id"]))
        elif kind == "view_changed":
            self.view_changed.emit(message)
        elif kind == "area_drawn":
            self.area_drawn.emit(area_text(msg.get("bbox")))
        elif kind == "map_clicked":
            self.map_clicked.emit(float(msg["lat"]), float(msg["lon"]))
        else:
            log.debug("map: ignored page message %s", kind)


def area_text(bbox: Any) -> str:
    """A drawn rectangle as the search's ``bbox`` (W,S,E,N to six places), "" if it is none."""
    if not isinstance(bbox, list) or len(bbox) != 4:
        return ""
    try:
        west, south, east, north = (float(v) for v in bbox)
    except (TypeError, ValueError):
        return ""
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        return ""
    west, east = max(west, -180.0), min(east, 180.0)
    return f"{west:.6f},{south:.6f},{east:.6f},{north:.6f}"


def js_string(text: str) -> str:
    """``text`` as a JavaScript string literal."""
    return orjson.dumps(text).decode()


class PageCalls(QObject):
    """Calls ``crLive.<name>(jsonString)`` in the page, queued until the page is ready."""

    def __init__(self, page: QWebEnginePage, bridge: MapBridge):
        super().__init__(page)
        self._page = page
        self._queue: list[tuple[str, ResultCallback | None]] = []
        self._ready = False
        bridge.page_ready.connect(self._on_ready)
        page.loadStarted.connect(self._on_load_started)

    @property
    def ready(self) -> bool:
        return self._ready

    def call(self, name: str, payload: str, callback: ResultCallback | None = None) -> None:
        """Run ``crLive[name](payload)``; ``callback`` gets the decoded JSON result."""
        script = f"crCall({js_string(name)},{js_string(payload)})"
        if self._ready:
            self._run(script, callback)
        else:
            self._queue.append((script, callback))

    def evaluate(self, expression: str, callback: ResultCallback | None = None) -> None:
        """Evaluate a JavaScript expression; its value comes back through JSON.stringify."""
        script = (
            "(function(){try{var v=("
            + expression
            + ");return JSON.stringify(v===undefined?null:v)}"
            "catch(e){return JSON.stringify({error:String(e)})}})()"
        )
        if self._ready:
            self._run(script, callback)
        else:
            self._queue.append((script, callback))

    def _run(self, script: str, callback: ResultCallback | None) -> None:
        if callback is None:
            self._page.runJavaScript(script, 0)
            return
        self._page.runJavaScript(script, 0, self._guarded(callback))

    def _guarded(self, callback: ResultCallback) -> Callable[[object], None]:
        def on_result(result: object) -> None:
            if not isValid(self) or not isValid(self._page):
                return  # the view went away while the script ran
            if not isinstance(result, str):
                log.warning("map: page call returned %s, not JSON text", type(result).__name__)
                callback(None)
                return
            value = json.loads(result)
            if isinstance(value, dict) and "error" in value and len(value) == 1:
                log.warning("map: page call failed: %s", value["error"])
                callback(None)
                return
            callback(value)

        return on_result

    def _on_ready(self) -> None:
        self._ready = True
        queued, self._queue = self._queue, []
        for script, callback in queued:
            self._run(script, callback)

    def _on_load_started(self) -> None:
        self._ready = False
