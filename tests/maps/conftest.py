"""Qt setup for the map tests. Environment first: Qt reads it when it loads.

(The lead will move the shared Qt part of this to tests/conftest.py.)
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")  # tests run as root

import pytest
from map_helpers import dispose
from PySide6 import QtWebEngineWidgets  # noqa: F401  (must load before the QApplication)

from maps.mbtiles import register_schemes

register_schemes()  # before pytest-qt creates the QApplication


@pytest.fixture
def map_settings(tmp_path):
    from maps.page import MapSettings

    return MapSettings(geodata_dir=tmp_path / "no-geodata")


@pytest.fixture
def map_view(qtbot, tmp_path, map_settings):
    """A MapView whose page has loaded and reported ready."""
    from maps.view import MapView

    view = MapView(map_settings, page_dir=tmp_path / "page")
    view.resize(800, 600)
    view.show()
    with qtbot.waitSignal(view.bridge.page_ready, timeout=20_000):
        view.load_map()
    yield view
    dispose(view)
