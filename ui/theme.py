"""Themes: a dark control-room style and a light one, as QSS files; icons by search path."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QApplication

from maps.page import RESOURCES

THEMES = RESOURCES / "themes"
ICONS = RESOURCES / "icons"


def application() -> QApplication | None:
    """The running QApplication (Qt types it as the core application)."""
    return cast(QApplication | None, QApplication.instance())


def install_search_paths() -> None:
    QDir.addSearchPath("icons", str(ICONS))
    QDir.addSearchPath("themes", str(THEMES))


def apply_theme(app: QApplication, name: str) -> str:
    path = THEMES / f"{name}.qss"
    if not path.is_file():
        name, path = "dark", THEMES / "dark.qss"
    app.setStyle("Fusion")
    app.setStyleSheet(path.read_text(encoding="utf-8"))
    app.setProperty("theme", name)
    return name
