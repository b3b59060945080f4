import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from map_helpers import OUTLINE

from maps.page import MapSettings, build_page, write_page

ASSET = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*[\"']([^\"']+)", re.I)


def asset_urls(html):
    return ASSET.findall(html)


def test_page_references_no_remote_urls(tmp_path):
    html = build_page(MapSettings(geodata_dir=tmp_path))
    urls = asset_urls(html)
    assert urls, "the page should load Leaflet and our scripts"
    assert not [u for u in urls if u.lower().startswith(("http:", "https:", "//"))]
    assert not re.search(r"(?:src|href)\s*=\s*[\"']https?:", html, re.I)


def test_page_assets_are_local_files_that_exist(tmp_path):
    urls = asset_urls(build_page(MapSettings(geodata_dir=tmp_path)))
    files = [Path(unquote(urlparse(u).path)) for u in urls if u.startswith("file:")]
    names = {f.name for f in files}
    assert {"leaflet.js", "leaflet.markercluster.js", "live_layers.js"} <= names
    assert all(f.is_file() for f in files), [f for f in files if not f.is_file()]
    assert "qrc:///qtwebchannel/qwebchannel.js" in urls


def test_missing_geodata_draws_nothing_rather_than_failing(tmp_path):
    html = build_page(MapSettings(basemap="outline", geodata_dir=tmp_path / "absent"))
    assert "crBasemap.vector(" in html
    assert "outline: null" in html


def test_geodata_is_embedded_from_configurable_files(tmp_path):
    (tmp_path / "area.geojson").write_text(json.dumps(OUTLINE))
    settings = MapSettings(geodata_dir=tmp_path, outline_file="area.geojson")
    html = build_page(settings)
    assert "52.9" in html and "outline: null" not in html
    written = write_page(settings, tmp_path / "out")
    assert written.name == "map.html" and "[-2.3, 52.9]" in written.read_text()


def test_xyz_basemap_uses_the_configured_tile_url(tmp_path):
    url = "http://tiles.local:8080/{z}/{x}/{y}.png"
    settings = MapSettings(basemap=url, geodata_dir=tmp_path)
    assert settings.basemap_kind == "xyz"
    html = build_page(settings)
    assert url in html and "crBasemap.vector(" not in html


def test_mbtiles_basemap_asks_our_url_scheme(tmp_path):
    settings = MapSettings(basemap=str(tmp_path / "area.mbtiles"), geodata_dir=tmp_path)
    assert settings.basemap_kind == "mbtiles"
    assert "mbtiles:/{z}/{x}/{y}" in build_page(settings)
