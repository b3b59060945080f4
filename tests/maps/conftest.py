"""Map test fixtures (the offscreen Qt set-up is shared, in tests/qtsetup.py)."""

import pytest
from map_helpers import dispose

import tests.qtsetup  # noqa: F401  (Qt set up before anything imports it)


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
