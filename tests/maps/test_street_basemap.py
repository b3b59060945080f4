"""The street basemap in the page: drawn from our bundled tiles with no network, legible names,
attribution, a dark and a light style switched in place, opened where it is asked to."""

import mapbox_vector_tile
import pytest
from map_helpers import dispose, page_value
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInterceptor
from test_street_tiles import tile_of

from maps.map_settings import STREET_TILES
from maps.page import MapSettings
from maps.street_tiles import StreetTileArchive
from maps.view import MapView

HANLEY = (53.0245, -2.1794, 16)
COUNTY = (52.83, -2.0, 9.5)
NO_LEGEND = {"legend": False}  # the view's pixels are the map's alone


class Requests(QWebEngineUrlRequestInterceptor):
    """Every URL the page asks for."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def interceptRequest(self, info):
        self.urls.append(info.requestUrl())


def open_map(qtbot, tmp_path, interceptor=None, **settings):
    settings.setdefault("live_options", NO_LEGEND)
    view = MapView(MapSettings(**settings), page_dir=tmp_path / "page")
    view.resize(900, 600)
    view.show()
    view.page().profile().setUrlRequestInterceptor(interceptor)
    with qtbot.waitSignal(view.bridge.page_ready, timeout=20_000):
        view.load_map()
    return view


def basemap_drawn(qtbot, view, theme=None, timeout=30_000):
    """Wait until every street tile in view is drawn and the labels are placed."""
    box = {"pending": False, "stats": None}

    def answer(stats):
        box.update(stats=stats, pending=False)

    def drawn():
        stats = box["stats"]
        done = stats and stats["idle"] and stats["labels"]["passes"] and stats["tiles"]["drawn"]
        if done and theme in (None, stats["theme"]):
            return True
        if not box["pending"]:
            box["pending"] = True
            view.evaluate("crBasemap.stats()", answer)
        return False

    qtbot.waitUntil(drawn, timeout=timeout)
    return box["stats"]


def luminance(view):
    """Mean and spread of the view's grey levels (0-255)."""
    image = view.grab().toImage()
    grey = [image.pixelColor(x, y).lightness() for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)]  # fmt: skip
    mean = sum(grey) / len(grey)
    spread = (sum((g - mean) ** 2 for g in grey) / len(grey)) ** 0.5
    return mean, spread


def test_the_street_map_is_the_default_and_needs_no_network(qtbot, tmp_path):
    requests = Requests()
    view = open_map(qtbot, tmp_path, interceptor=requests, view=HANLEY)
    assert view.map_settings.basemap_kind == "streets"
    stats = basemap_drawn(qtbot, view)
    view.page().profile().setUrlRequestInterceptor(None)
    schemes = {url.scheme() for url in requests.urls}
    assert "streets" in schemes and schemes <= {"file", "qrc", "streets", "data"}, schemes
    handler = view.page().profile().urlSchemeHandler(b"streets")
    assert handler.served >= stats["sources"] > 0
    dispose(view)


@pytest.mark.parametrize(
    ("where", "names"),
    [(COUNTY, {"Stafford", "Stoke-on-Trent", "Lichfield"}),
     (HANLEY, {"Hanley", "Potteries Way", "Etruria Road", "A5008"})],
    ids=["county", "street"],
)  # fmt: skip
def test_county_and_street_zoom_draw_streets_and_their_names(qtbot, tmp_path, where, names):
    view = open_map(qtbot, tmp_path, view=where)
    stats = basemap_drawn(qtbot, view)
    assert names <= set(stats["labels"]["texts"])
    _, spread = luminance(view)
    assert spread > 8, "the view should show streets, not a flat background"
    empty = open_map(qtbot, tmp_path / "empty", basemap="outline", geodata_dir=tmp_path, view=where)
    assert luminance(empty)[1] < 2  # the same view with no basemap at all, for comparison
    dispose(empty)
    dispose(view)


def test_the_map_credits_openstreetmap(qtbot, tmp_path):
    view = open_map(qtbot, tmp_path, view=HANLEY)
    text = page_value(
        qtbot,
        lambda cb: view.evaluate(
            "document.querySelector('.leaflet-control-attribution').textContent", cb
        ),
    )
    assert "© OpenStreetMap contributors" in text
    dispose(view)


def test_dark_and_light_styles_differ_and_switch_in_place(qtbot, tmp_path):
    view = open_map(qtbot, tmp_path, view=HANLEY, theme="dark")
    basemap_drawn(qtbot, view)
    dark, _ = luminance(view)
    view.evaluate("window.samePage = true")
    view.set_theme("light")
    basemap_drawn(qtbot, view, theme="light")
    qtbot.waitUntil(lambda: luminance(view)[0] > dark + 60, timeout=10_000)
    assert page_value(qtbot, lambda cb: view.evaluate("window.samePage === true", cb))
    assert page_value(
        qtbot, lambda cb: view.evaluate("document.body.classList.contains('cr-theme-light')", cb)
    )
    dispose(view)


def test_a_page_built_light_starts_light(qtbot, tmp_path):
    view = open_map(qtbot, tmp_path, view=HANLEY, theme="light")
    assert basemap_drawn(qtbot, view)["theme"] == "light"
    assert luminance(view)[0] > 180
    dispose(view)


def test_the_map_opens_at_the_view_asked_for_even_with_the_force_outline(qtbot, tmp_path):
    view = open_map(qtbot, tmp_path, view=HANLEY)  # the bundled outline would fit the county
    stats = basemap_drawn(qtbot, view)
    assert stats["view"]["zoom"] == 16
    assert abs(stats["view"]["lat"] - HANLEY[0]) < 1e-3
    assert abs(stats["view"]["lon"] - HANLEY[1]) < 1e-3
    assert "outline" in stats["kinds"]  # drawn over the streets
    dispose(view)


FIRST_POINT_DEPTH = {"Point": 0, "LineString": 1, "MultiPoint": 1, "Polygon": 2,
                     "MultiLineString": 2, "MultiPolygon": 3}  # fmt: skip
TYPES = {"Point": 1, "MultiPoint": 1, "LineString": 2, "MultiLineString": 2, "Polygon": 3,
         "MultiPolygon": 3}  # fmt: skip


def first_point(geometry):
    coords = geometry["coordinates"]
    for _ in range(FIRST_POINT_DEPTH[geometry["type"]]):
        coords = coords[0]
    return list(coords)


def test_the_pages_decoder_reads_a_tile_as_mapbox_vector_tile_does(qtbot, tmp_path):
    x, y = tile_of(*HANLEY[:2], 14)
    expected = mapbox_vector_tile.decode(
        StreetTileArchive(STREET_TILES).tile(14, x, y), default_options={"y_coord_down": True}
    )
    view = open_map(qtbot, tmp_path, view=HANLEY)
    view.evaluate(
        f"fetch('streets:/14/{x}/{y}').then(r => r.arrayBuffer()).then(b => {{"
        "  var d = crMvt.decode(b), out = {};"
        "  for (var name in d) out[name] = d[name].features.map(f => [f.type, f.props,"
        "    [f.coords[f.rings[0]], f.coords[f.rings[0] + 1]]]);"
        "  window.decoded = out; }), true"
    )
    qtbot.waitUntil(
        lambda: bool(page_value(qtbot, lambda cb: view.evaluate("!!window.decoded", cb))),
        timeout=10_000,
    )
    decoded = page_value(qtbot, lambda cb: view.evaluate("window.decoded", cb))
    assert set(decoded) == set(expected)
    for name, layer in expected.items():
        ours = decoded[name]
        assert len(ours) == len(layer["features"]), name
        for (kind, props, point), feature in zip(ours, layer["features"], strict=True):
            assert kind == TYPES[feature["geometry"]["type"]]
            assert props == pytest.approx(feature["properties"])
            assert point == first_point(feature["geometry"])
    dispose(view)
