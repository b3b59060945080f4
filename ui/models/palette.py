"""Colours for the tables: the vocabulary's one colour per meaning, as the map draws it too."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from controlroom.vocabulary import STALE_COLOUR, Vocabulary

STALE = QColor(STALE_COLOUR)
ACCENT = QColor("#f5b342")


def words(code: str | None) -> str:
    """A code as the words people say: "en_route" -> "en route"."""
    return (code or "").replace("_", " ")


def colour(vocabulary: Vocabulary, code: str | None) -> QColor:
    return QColor(vocabulary.colour(code))


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


def dot(vocabulary: Vocabulary, code: str | None, hollow: bool = False) -> QIcon:
    """A small round swatch, as the map draws the same thing (hollow: gone quiet)."""
    return _dot(vocabulary.colour(code), hollow)
