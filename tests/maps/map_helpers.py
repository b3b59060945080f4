"""Helpers for tests that talk to the map page (waiting for its answers, disposing views)."""

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage

OUTLINE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[-2.3, 52.9], [-2.0, 52.9], [-2.0, 53.1], [-2.3, 52.9]]],
            },
        }
    ],
}


def png(size):
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("#204060"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def dispose(view):
    """Delete the page before its profile (Qt warns, and may crash at exit, otherwise)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    view.close()
    view.page().deleteLater()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def page_value(qtbot, ask, timeout=10_000):
    """Run ``ask(callback)`` and wait for the page's answer (decoded JSON)."""
    box = []
    ask(box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    return box[0]


def apply_and_wait(qtbot, view, diff, timeout=10_000):
    """Send a diff and wait until the page reports it applied; returns the page's report."""
    with qtbot.waitSignal(view.batch_applied, timeout=timeout) as blocker:
        view.apply_diff(diff)
    return blocker.args[0]
