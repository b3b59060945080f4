"""``--map-view LAT,LON,ZOOM`` for `controlroom app` and `controlroom demo`: parsed, carried to
the map page for this run only, never saved with the user's settings."""

import argparse

import pytest
from PySide6.QtCore import QSettings

from controlroom.cli import build_parser, map_view
from maps.page import MapSettings, build_page
from ui.settings import AppSettings

HANLEY = "53.0245,-2.1794,16"


@pytest.mark.parametrize("command", ["app", "demo"])
def test_app_and_demo_take_a_map_view(command):
    args = build_parser().parse_args([command, "--map-view", HANLEY])
    assert args.map_view == (53.0245, -2.1794, 16.0)
    assert build_parser().parse_args([command]).map_view is None


@pytest.mark.parametrize(
    "text", ["53.0245,-2.1794", "Hanley", "53,-2,16,1", "95,-2,16", "53,-2,25", "", "1,2,nan"]
)
def test_a_bad_map_view_is_refused_with_the_expected_form(text):
    with pytest.raises(argparse.ArgumentTypeError, match="LAT,LON,ZOOM|latitude"):
        map_view(text)


def test_a_bad_map_view_stops_the_command_with_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["demo", "--map-view", "Hanley"])
    assert exit_.value.code == 2
    assert "LAT,LON,ZOOM" in capsys.readouterr().err


def test_the_view_reaches_the_page_and_is_never_saved(tmp_path):
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings = AppSettings.load(store)
    settings.map_view = (53.0245, -2.1794, 16.0)
    assert settings.map_settings().view == (53.0245, -2.1794, 16.0)
    settings.save(store)
    store.sync()
    assert "map_view" not in (tmp_path / "settings.ini").read_text()
    assert AppSettings.load(store).map_view is None


def test_a_page_with_a_view_opens_there_instead_of_fitting_the_area():
    html = build_page(MapSettings(view=(53.0245, -2.1794, 16.0)))
    assert "center: [53.0245, -2.1794]" in html and '"zoom": 16.0' in html
    assert "fit: false" in html
    assert "fit: true" in build_page(MapSettings())
