"""Colours shared by the tables and the map legend: one meaning, one colour everywhere."""

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from controlroom.vocabulary import UNIT_STATUSES

STATUS_COLOURS = {  # as the map page draws them (resources/map/live_layers.js)
    "off_duty": "#5b6675",
    "available": "#22c55e",
    "assigned": "#38bdf8",
    "en_route": "#facc15",
    "on_scene": "#c084fc",
    "unavailable": "#fb923c",
    "committed_deployable": "#2dd4bf",
    "refreshment": "#818cf8",
    "emergency": "#ef4444",
}
CAPTURE_COLOURS = {
    "stop_search": "#f59e0b",
    "intelligence": "#a78bfa",
    "incident_report": "#f87171",
    "witness_statement": "#34d399",
    "vehicle_check": "#60a5fa",
    "person_check": "#2dd4bf",
    "evidence": "#f472b6",
    "note": "#cbd5e1",
}
STALE = QColor("#8b95a5")
ACCENT = QColor("#f5b342")


def words(code: str | None) -> str:
    """A code as the words people say: "en_route" -> "en route"."""
    return (code or "").replace("_", " ")


def status_words(code: str | None) -> str:
    """A unit status as dispatchers say it: "available" -> "On patrol"."""
    return UNIT_STATUSES.get(code or "", words(code))


def colour(table: dict[str, str], code: str | None) -> QColor:
    return QColor(table.get(code or "", "#94a3b8"))


@cache
def _dot(hex_colour: str, hollow: bool) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour_ = QColor(hex_colour)
    painter.setPen(colour_)
    painter.setBrush(Qt.BrushStyle.NoBrush if hollow else colour_)
    painter.drawEllipse(2, 2, 8, 8)
    painter.end()
    return QIcon(pixmap)


def dot(table: dict[str, str], code: str | None, hollow: bool = False) -> QIcon:
    """A small round swatch, as the map draws the same thing (hollow: gone quiet)."""
    return _dot(table.get(code or "", "#94a3b8"), hollow)
