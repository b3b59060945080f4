"""The map page's basemap: the street map (vector tiles drawn in the page), raster tiles (a tile
server or an MBTiles file) or the offline vector outline; the force outline over any of them."""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from maps.map_settings import (
    MAP_ASSETS,
    MBTILES_SCHEME,
    OSM_ATTRIBUTION,
    STREETS_SCHEME,
    MapSettings,
)

log = logging.getLogger(__name__)

BASEMAP_JS = [("controlroom_basemap", (MAP_ASSETS / "basemap.js").as_uri())]
STREETS_JS = [
    ("controlroom_mvt", (MAP_ASSETS / "mvt.js").as_uri()),
    ("controlroom_street_style", (MAP_ASSETS / "street_style.js").as_uri()),
    ("controlroom_street_tiles", (MAP_ASSETS / "street_tiles.js").as_uri()),
    ("controlroom_label_geometry", (MAP_ASSETS / "label_geometry.js").as_uri()),
    ("controlroom_label_sprites", (MAP_ASSETS / "label_sprites.js").as_uri()),
    ("controlroom_label_painter", (MAP_ASSETS / "label_painter.js").as_uri()),
    ("controlroom_street_labels", (MAP_ASSETS / "street_labels.js").as_uri()),
]
STREETS_MAX_SOURCE_ZOOM = 14  # the archive's last zoom; deeper zooms are drawn from it


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


class VectorBasemap(JSCSSMixin, MacroElement):
    """The offline basemap: force outline and wards as vector layers."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            crBasemap.vector({{ this._parent.get_name() }}, {
                outline: {{ this.outline|tojson }},
                wards: {{ this.wards|tojson }},
                fillArea: {{ this.fill_area|tojson }},
                fit: {{ this.fit|tojson }},
                theme: {{ this.theme|tojson }},
                attribution: {{ this.attribution|tojson }}
            });
        {% endmacro %}
        """
    )
    default_js = BASEMAP_JS

    def __init__(
        self,
        outline,
        wards,
        attribution: str = "",
        fill_area: bool = True,
        fit: bool = True,
        theme: str = "dark",
    ):
        super().__init__()
        self._name = "VectorBasemap"
        self.outline, self.wards = outline, wards
        self.attribution = attribution
        self.fill_area = fill_area  # False over tiles, where only the outline is drawn
        self.fit = fit  # open on the whole outline (unless a view was asked for)
        self.theme = theme


class StreetBasemap(JSCSSMixin, MacroElement):
    """The street map: vector tiles from ``streets:/z/x/y``, drawn and labelled in the page."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            crBasemap.streets({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )
    default_js = BASEMAP_JS + STREETS_JS

    def __init__(self, theme: str):
        super().__init__()
        self._name = "StreetBasemap"
        self.options = {
            "url": f"{STREETS_SCHEME}:/{{z}}/{{x}}/{{y}}",
            "theme": theme,
            "maxSourceZoom": STREETS_MAX_SOURCE_ZOOM,
            "attribution": OSM_ATTRIBUTION,
        }


class ThemedTiles(JSCSSMixin, MacroElement):
    """Hands a raster tile layer to crBasemap, which dims it in the dark theme."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            crBasemap.tiles({{ this.layer.get_name() }}, {{ this.theme|tojson }});
        {% endmacro %}
        """
    )
    default_js = BASEMAP_JS

    def __init__(self, layer: folium.TileLayer, theme: str):
        super().__init__()
        self._name = "ThemedTiles"
        self.layer, self.theme = layer, theme


def _raster_layer(m: folium.Map, settings: MapSettings) -> None:
    if settings.basemap_kind == "xyz":
        layer = folium.TileLayer(tiles=settings.basemap, attr=settings.attribution or "Basemap")
    else:
        from maps.mbtiles import read_metadata  # no Qt needed to read metadata

        meta = read_metadata(Path(settings.basemap))
        layer = folium.TileLayer(
            tiles=f"{MBTILES_SCHEME}:/{{z}}/{{x}}/{{y}}",
            attr=settings.attribution or meta.get("attribution", "MBTiles"),
            min_zoom=int(meta.get("minzoom", 0)),
            max_zoom=20,
            max_native_zoom=int(meta.get("maxzoom", 18)),
        )
    layer.add_to(m)
    ThemedTiles(layer, settings.theme).add_to(m)


def add_basemap(m: folium.Map, settings: MapSettings) -> None:
    """The basemap ``settings`` ask for, and the force outline over it."""
    kind = settings.basemap_kind
    if kind == "streets":
        StreetBasemap(settings.theme).add_to(m)
    elif kind in ("xyz", "mbtiles"):
        _raster_layer(m, settings)
    geo = settings.geodata_dir
    outline = load_geojson(geo / settings.outline_file)
    fit = settings.view is None
    if kind == "vector":
        wards = load_geojson(geo / settings.wards_file)
        VectorBasemap(outline, wards, settings.attribution, fit=fit, theme=settings.theme).add_to(m)
    elif outline is not None:
        attribution = settings.attribution if kind == "streets" else ""
        VectorBasemap(
            outline, None, attribution, fill_area=False, fit=fit, theme=settings.theme
        ).add_to(m)
