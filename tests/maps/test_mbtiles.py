import sqlite3

from map_helpers import dispose, page_value, png

from maps.mbtiles import MBTilesReader
from maps.page import MapSettings
from maps.view import MapView


def make_mbtiles(path):
    """z=1: XYZ tile (0, 0) is TMS row 1 (4 px wide); TMS row 0 holds a 2 px decoy."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name text, value text)")
        db.execute(
            "CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer,"
            " tile_data blob)"
        )
        db.executemany(
            "INSERT INTO metadata VALUES (?, ?)",
            [("format", "png"), ("minzoom", "0"), ("maxzoom", "1"), ("name", "test")],
        )
        db.execute("INSERT INTO tiles VALUES (1, 0, 1, ?)", (png(4),))
        db.execute("INSERT INTO tiles VALUES (1, 0, 0, ?)", (png(2),))
    return path


def test_reader_flips_y_from_xyz_to_tms(tmp_path):
    reader = MBTilesReader(make_mbtiles(tmp_path / "area.mbtiles"))
    assert reader.mime == b"image/png"
    assert reader.tile(1, 0, 0) == png(4)
    assert reader.tile(1, 0, 1) == png(2)
    assert reader.tile(5, 0, 0) is None


def test_scheme_handler_serves_a_tile_to_the_page(qtbot, tmp_path):
    mbtiles = make_mbtiles(tmp_path / "area.mbtiles")
    view = MapView(MapSettings(basemap=str(mbtiles), geodata_dir=tmp_path), page_dir=tmp_path)
    with qtbot.waitSignal(view.bridge.page_ready, timeout=20_000):
        view.load_map()
    load = (
        "(function(){var i=new Image();window.tileTest={};"
        "i.onload=function(){tileTest.w=i.naturalWidth};"
        "i.onerror=function(){tileTest.w=-1};"
        "i.src='mbtiles:/1/0/0.png';return true})()"
    )
    assert page_value(qtbot, lambda cb: view.evaluate(load, cb)) is True

    def loaded():
        box = page_value(qtbot, lambda cb: view.evaluate("tileTest.w || 0", cb))
        return box != 0 and box

    qtbot.waitUntil(lambda: bool(loaded()), timeout=10_000)
    assert loaded() == 4  # the TMS row 1 tile, not the decoy
    missing = "(function(){var i=new Image();i.onerror=function(){tileTest.missing=true};"
    missing += "i.src='mbtiles:/9/0/0';return true})()"
    view.evaluate(missing)
    qtbot.waitUntil(
        lambda: page_value(qtbot, lambda cb: view.evaluate("!!tileTest.missing", cb)),
        timeout=10_000,
    )
    dispose(view)
