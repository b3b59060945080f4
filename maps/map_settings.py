"""What the map page is built from: ``MapSettings``, and where the page's assets live."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
MAP_ASSETS = RESOURCES / "map"
STREET_TILES = RESOURCES / "basemap" / "streets.pmtiles"
MBTILES_SCHEME = "mbtiles"
STREETS_SCHEME = "streets"
OUTLINE_BASEMAP = "outline"  # the settings value for the offline vector outline alone

BasemapKind = Literal["streets", "xyz", "mbtiles", "vector"]
Theme = Literal["dark", "light"]

BUNDLED_ATTRIBUTION = "OGL v3 &middot; OS/ONS data &copy; Crown copyright and database right"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)


@dataclass(frozen=True)
class MapSettings:
    """What the map page is built from. ``basemap`` is one settings value: empty for the bundled
    street map, a ``.pmtiles`` archive of OpenMapTiles vector tiles, an XYZ tile URL template
    (contains ``{z}``), a path to an ``.mbtiles`` file, or ``"outline"`` for the vector outline
    and wards in ``geodata_dir``. ``view`` (lat, lon, zoom) opens the map there
    instead of on the whole area."""

    basemap: str = ""
    geodata_dir: Path = RESOURCES / "geodata"
    outline_file: str = "districts.geojson"
    wards_file: str = "wards.geojson"
    centre: tuple[float, float] = (52.88, -2.05)
    zoom: float = 10
    view: tuple[float, float, float] | None = None
    attribution: str = BUNDLED_ATTRIBUTION
    theme: Theme = "dark"
    live_options: dict[str, Any] = field(default_factory=dict)

    @property
    def basemap_kind(self) -> BasemapKind:
        if "{z}" in self.basemap:
            return "xyz"
        if self.basemap.lower().endswith(".mbtiles"):
            return "mbtiles"
        if self.basemap.strip().lower() in (OUTLINE_BASEMAP, "vector"):
            return "vector"
        return "streets" if self.street_tiles.is_file() else "vector"

    @property
    def street_tiles(self) -> Path:
        """The vector tile archive of the street map."""
        if self.basemap.lower().endswith(".pmtiles"):
            return Path(self.basemap).expanduser()
        return STREET_TILES

    @property
    def dark_tiles(self) -> bool:
        return self.theme != "light"
