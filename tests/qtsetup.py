"""Qt for the desktop and map tests, imported by their conftests (the hub's tests run without
Qt): one offscreen QApplication, QtWebEngine loaded before it, our URL scheme registered."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")  # tests run as root

from PySide6 import QtWebEngineWidgets  # noqa: F401  (must load before the QApplication)

from maps.schemes import register_schemes

register_schemes()  # before pytest-qt creates the QApplication
