"""The map page: built once with folium from local assets, never a CDN.

The page holds the basemap and an empty set of live layers; every later change travels through
the bridge as a batched diff (see ``resources/map/live_layers.js``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import folium
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from controlroom.vocabulary import page_vocabulary
from maps.basemaps import add_basemap
from maps.map_settings import MAP_ASSETS, RESOURCES, MapSettings

__all__ = ["RESOURCES", "MapSettings", "build_page", "write_page"]

log = logging.getLogger(__name__)

LEAFLET = Path(xstatic.pkg.leaflet.BASE_DIR)
MARKERCLUSTER = Path(xstatic.pkg.leaflet_markercluster.BASE_DIR)
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"
PAGE_NAME = "map.html"


class ControlRoomMap(folium.Map):
    """folium's Map with Leaflet from the local xstatic package instead of its CDN defaults."""

    default_js = [("leaflet", (LEAFLET / "leaflet.js").as_uri())]
    default_css = [
        ("leaflet_css", (LEAFLET / "leaflet.css").as_uri()),
        ("controlroom_map_css", (MAP_ASSETS / "map.css").as_uri()),
    ]


class LiveLayers(JSCSSMixin, MacroElement):
    """Our own live layers (units, captures, track, ...) and the QWebChannel bridge."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            crLive.init({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )
    default_js = [
        ("qwebchannel", QWEBCHANNEL_JS),
        ("markercluster", (MARKERCLUSTER / "leaflet.markercluster.js").as_uri()),
        ("controlroom_live", (MAP_ASSETS / "live_layers.js").as_uri()),
        ("controlroom_dispatch", (MAP_ASSETS / "dispatch_layers.js").as_uri()),
        ("controlroom_geo", (MAP_ASSETS / "geo_layers.js").as_uri()),
        ("controlroom_heat", (MAP_ASSETS / "heat_layer.js").as_uri()),
        ("controlroom_intel", (MAP_ASSETS / "intel_layers.js").as_uri()),
    ]
    default_css = [
        ("markercluster_css", (MARKERCLUSTER / "MarkerCluster.css").as_uri()),
        ("controlroom_live_css", (MAP_ASSETS / "live_layers.css").as_uri()),
        ("controlroom_geo_css", (MAP_ASSETS / "geo_layers.css").as_uri()),
        ("controlroom_heat_css", (MAP_ASSETS / "heat_layer.css").as_uri()),
    ]

    def __init__(self, options: dict[str, Any] | None = None):
        super().__init__()
        self._name = "LiveLayers"
        self.options = options or {}


def build_page(settings: MapSettings) -> str:
    """The whole map page as HTML. Build it once; live changes go through the bridge."""
    lat, lon, zoom = settings.view or (*settings.centre, settings.zoom)
    m = ControlRoomMap(
        location=[lat, lon],
        zoom_start=zoom,  # type: ignore[arg-type]  # fractional zooms work (zoomSnap 0.25)
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        zoom_control="bottomright",
        attribution_control=True,
        maxZoom=19,
        zoomSnap=0.25,  # the live clusters need a bound even when no tile layer sets one
    )
    add_basemap(m, settings)
    LiveLayers({"vocabulary": page_vocabulary(), **settings.live_options}).add_to(m)
    return m.get_root().render()


def write_page(settings: MapSettings, directory: Path) -> Path:
    """Build the page and write it to ``directory``; returns the file to load."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / PAGE_NAME
    path.write_text(build_page(settings), encoding="utf-8")
    return path
