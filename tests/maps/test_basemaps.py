import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from map_helpers import dispose, page_value, png
from PySide6.QtCore import QCoreApplication, QEvent

from maps.page import MapSettings
from maps.view import MapView


@pytest.fixture
def tile_server():
    """A tile server on loopback that records the paths it was asked for."""
    requested = []
    tile = png(8)

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", requested
    server.shutdown()


def test_xyz_basemap_loads_tiles_from_the_configured_server(qtbot, tmp_path, tile_server):
    base, requested = tile_server
    settings = MapSettings(basemap=base + "/{z}/{x}/{y}.png", geodata_dir=tmp_path)
    view = MapView(settings, page_dir=tmp_path / "page")
    view.resize(400, 300)
    view.show()
    with qtbot.waitSignal(view.bridge.page_ready, timeout=20_000):
        view.load_map()
    qtbot.waitUntil(lambda: bool(requested), timeout=10_000)
    assert all(path.endswith(".png") and path.count("/") == 3 for path in requested)
    dispose(view)


def test_results_arriving_after_the_view_is_gone_are_ignored(qtbot, tmp_path):
    view = MapView(MapSettings(geodata_dir=tmp_path), page_dir=tmp_path / "page")
    with qtbot.waitSignal(view.bridge.page_ready, timeout=20_000):
        view.load_map()
    answers = []
    on_result = view._calls._guarded(answers.append)
    on_result('{"late": true}')
    assert answers == [{"late": True}]
    dispose(view)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    on_result('{"late": true}')  # what Qt would do if the script finished after deletion
    assert answers == [{"late": True}]


def test_vector_basemap_draws_configured_geodata(qtbot, tmp_path):

    from test_page import OUTLINE

    (tmp_path / "districts.geojson").write_text(json.dumps(OUTLINE))
    view = MapView(MapSettings(basemap="outline", geodata_dir=tmp_path), page_dir=tmp_path / "page")
    with qtbot.waitSignal(view.bridge.page_ready, timeout=20_000):
        view.load_map()
    drawn = page_value(qtbot, lambda cb: view.evaluate("Object.keys(crBasemap.layers)", cb))
    assert set(drawn) == {"area", "outline"}
    dispose(view)


def test_the_outline_basemap_draws_the_bundled_area_and_wards(qtbot, tmp_path):
    view = MapView(MapSettings(basemap="outline"), page_dir=tmp_path / "page")
    with qtbot.waitSignal(view.bridge.page_ready, timeout=20_000):
        view.load_map()
    drawn = page_value(qtbot, lambda cb: view.evaluate("Object.keys(crBasemap.layers)", cb))
    assert set(drawn) == {"area", "outline", "wards"}
    dispose(view)
