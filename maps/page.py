"""The map page: built once with folium from local assets, never a CDN.

The page holds the basemap and an empty set of live layers; every later change travels through
the bridge as a batched diff (see ``resources/map/live_layers.js``).
"""

from __future__ import annotations

import gzip
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import folium
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from controlroom.geo.streets import street_lines
from controlroom.vocabulary import page_vocabulary

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
MAP_ASSETS = RESOURCES / "map"
LEAFLET = Path(xstatic.pkg.leaflet.BASE_DIR)
MARKERCLUSTER = Path(xstatic.pkg.leaflet_markercluster.BASE_DIR)
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"
MBTILES_SCHEME = "mbtiles"
PAGE_NAME = "map.html"

BasemapKind = Literal["xyz", "mbtiles", "vector"]


BUNDLED_ATTRIBUTION = "OGL v3 &middot; OS/ONS data &copy; Crown copyright and database right"


@dataclass(frozen=True)
class MapSettings:
    """What the map page is built from. ``basemap`` is one settings value: an XYZ tile URL
    template (contains ``{z}``), a path to an ``.mbtiles`` file, or empty for the bundled
    vector outline of the area."""

    basemap: str = ""
    geodata_dir: Path = RESOURCES / "geodata"
    outline_file: str = "districts.geojson"
    wards_file: str = "wards.geojson"
    # A GeoJSON file, or the bundled street graph (drawn as one line per street).
    streets_file: str = "streets.json.gz"
    centre: tuple[float, float] = (52.88, -2.05)
    zoom: int = 10
    attribution: str = BUNDLED_ATTRIBUTION
    dark_tiles: bool = True
    live_options: dict[str, Any] = field(default_factory=dict)

    @property
    def basemap_kind(self) -> BasemapKind:
        if "{z}" in self.basemap:
            return "xyz"
        if self.basemap.lower().endswith(".mbtiles"):
            return "mbtiles"
        return "vector"


def load_geojson(path: Path) -> dict[str, Any] | None:
    """A GeoJSON file (optionally gzipped), or None when it is absent or unreadable."""
    for candidate in (path, path.with_name(path.name + ".gz")):
        if not candidate.is_file():
            continue
        try:
            opener = gzip.open if candidate.suffix == ".gz" else open
            with opener(candidate, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as exc:
            log.warning("map: cannot read geodata %s: %s", candidate, exc)
            return None
        if isinstance(data, dict) and data.get("type") in ("FeatureCollection", "Feature"):
            return data
        log.warning("map: %s is not GeoJSON; not drawn", candidate)
        return None
    log.info("map: no geodata at %s; layer not drawn", path)
    return None


class ControlRoomMap(folium.Map):
    """folium's Map with Leaflet from the local xstatic package instead of its CDN defaults."""

    default_js = [("leaflet", (LEAFLET / "leaflet.js").as_uri())]
    default_css = [
        ("leaflet_css", (LEAFLET / "leaflet.css").as_uri()),
        ("controlroom_map_css", (MAP_ASSETS / "map.css").as_uri()),
    ]


class VectorBasemap(JSCSSMixin, MacroElement):
    """The offline basemap: force outline, wards and street graph as dark vector layers."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            crBasemap.vector({{ this._parent.get_name() }}, {
                outline: {{ this.outline|tojson }},
                wards: {{ this.wards|tojson }},
                streets: {{ this.streets|tojson }},
                fillArea: {{ this.fill_area|tojson }},
                attribution: {{ this.attribution|tojson }}
            });
        {% endmacro %}
        """
    )
    default_js = [("controlroom_basemap", (MAP_ASSETS / "basemap.js").as_uri())]

    def __init__(self, outline, wards, streets, attribution: str = "", fill_area: bool = True):
        super().__init__()
        self._name = "VectorBasemap"
        self.outline, self.wards, self.streets = outline, wards, streets
        self.attribution = attribution
        self.fill_area = fill_area  # False over tiles, where only the outline is drawn


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
    ]
    default_css = [
        ("markercluster_css", (MARKERCLUSTER / "MarkerCluster.css").as_uri()),
        ("controlroom_live_css", (MAP_ASSETS / "live_layers.css").as_uri()),
        ("controlroom_geo_css", (MAP_ASSETS / "geo_layers.css").as_uri()),
    ]

    def __init__(self, options: dict[str, Any] | None = None):
        super().__init__()
        self._name = "LiveLayers"
        self.options = options or {}


def _add_basemap(m: folium.Map, settings: MapSettings) -> None:
    kind = settings.basemap_kind
    if kind == "xyz":
        folium.TileLayer(
            tiles=settings.basemap,
            attr=settings.attribution or "Basemap",
            className="cr-tiles-dark" if settings.dark_tiles else "cr-tiles",
        ).add_to(m)
    elif kind == "mbtiles":
        from maps.mbtiles import read_metadata  # no Qt needed to read metadata

        meta = read_metadata(Path(settings.basemap))
        folium.TileLayer(
            tiles=f"{MBTILES_SCHEME}:/{{z}}/{{x}}/{{y}}",
            attr=settings.attribution or meta.get("attribution", "MBTiles"),
            min_zoom=int(meta.get("minzoom", 0)),
            max_zoom=20,
            max_native_zoom=int(meta.get("maxzoom", 18)),
            className="cr-tiles-dark" if settings.dark_tiles else "cr-tiles",
        ).add_to(m)
    geo = settings.geodata_dir
    outline = load_geojson(geo / settings.outline_file)
    if kind == "vector":
        wards = load_geojson(geo / settings.wards_file)
        streets = _streets(geo, settings.streets_file)
        VectorBasemap(outline, wards, streets, settings.attribution).add_to(m)
    elif outline is not None:
        VectorBasemap(outline, None, None, fill_area=False).add_to(m)


def _streets(geo: Path, name: str) -> dict[str, Any] | None:
    if name.endswith(".geojson") or name.endswith(".geojson.gz"):
        return load_geojson(geo / name)
    path = geo / name
    if not path.is_file():
        log.info("map: no street graph at %s; streets not drawn", path)
        return None
    with gzip.open(path, "rt", encoding="utf-8") if name.endswith(".gz") else open(path) as fh:
        graph = json.load(fh)
    return street_lines(graph["names"], graph["nodes"], graph["edges"])


def build_page(settings: MapSettings) -> str:
    """The whole map page as HTML. Build it once; live changes go through the bridge."""
    m = ControlRoomMap(
        location=list(settings.centre),
        zoom_start=settings.zoom,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        zoom_control="bottomright",
        attribution_control=True,
        maxZoom=19,
        zoomSnap=0.25,  # the live clusters need a bound even when no tile layer sets one
    )
    _add_basemap(m, settings)
    LiveLayers({"vocabulary": page_vocabulary(), **settings.live_options}).add_to(m)
    return m.get_root().render()


def write_page(settings: MapSettings, directory: Path) -> Path:
    """Build the page and write it to ``directory``; returns the file to load."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / PAGE_NAME
    path.write_text(build_page(settings), encoding="utf-8")
    return path
