"""Helpers for the intelligence desk's search and entity tests: captures sent by a device, a
rectangle dragged on the map, the export dialog answered."""

from __future__ import annotations

import asyncio
import time

from PySide6.QtWidgets import QApplication, QLineEdit

from tests.hub.helpers import capture, iso
from tests.ui.conftest import page_value

# A rectangle around Hanley's centre; the captures placed outside it are in Longton.
HANLEY = (53.0200, -2.1850, 53.0300, -2.1700)  # south, west, north, east
IN_HANLEY = (53.0245, -2.1794)
IN_LONGTON = (52.9880, -2.1330)


def send(device, summary: str, where=IN_HANLEY, ago_s: float = 0.0, kind="note", **fields) -> str:
    body = capture(kind, summary=summary, at=iso(-ago_s), lat=where[0], lon=where[1])
    body["fields"] = {"text": summary, **fields}
    reply = device.post("/api/v1/device/captures", json=body)
    assert reply.status_code == 201, reply.text
    return body["id"]


async def drag_rectangle(view, south: float, west: float, north: float, east: float) -> dict:
    """Drag from one corner to the other as a mouse would, once drawing has been started."""
    script = (
        "(function(){var m=crLive.map();"
        f"m.fire('mousedown',{{latlng:L.latLng({south},{west})}});"
        f"m.fire('mousemove',{{latlng:L.latLng({north},{east})}});"
        f"m.fire('mouseup',{{latlng:L.latLng({north},{east})}});"
        "return crLive.intelState()})()"
    )
    return await page_value(view.evaluate, script)


def answer_save_dialog(path: str, name_filter: str) -> None:
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == "exportDialog", "no export dialog"
    folder, _, name = path.rpartition("/")
    dialog.selectNameFilter(name_filter)
    dialog.setDirectory(folder)
    name_box = dialog.findChild(QLineEdit, "fileNameEdit")  # typed, as a user would
    name_box.setText(name)
    dialog.accept()


async def map_shows(view, key: str, value, timeout: float = 10.0) -> dict:
    """Wait until the page's intelligence layers report ``key`` as ``value``."""
    deadline = time.monotonic() + timeout
    while True:
        shown = await page_value(view.evaluate, "crLive.intelState()")
        if shown[key] == value:
            return shown
        if time.monotonic() > deadline:
            raise AssertionError(f"the map shows {key}={shown[key]!r}, not {value!r}")
        await asyncio.sleep(0.05)
