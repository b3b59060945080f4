"""Documents of the heat map and of the context layers drawn under it: counts per grid cell,
and the police.uk street-level crimes imported as context."""

from __future__ import annotations

from msgspec import Struct, field

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."


class HeatCell(Struct, array_like=True):
    """One cell that holds something: its middle, and how many it holds."""

    lat: float
    lon: float
    count: int


class HeatMap(Struct, kw_only=True):
    """What a filter matches, counted per cell of a grid fixed to the earth: a cell is
    `cell_lat` degrees high and `cell_lon` wide."""

    layer: str
    metres: float
    cell_lat: float
    cell_lon: float
    cells: list[HeatCell] = field(default_factory=list)
    total: int = 0
    max: int = 0


class Crime(Struct, kw_only=True):
    """A police.uk street-level crime: its place is police.uk's anonymised map point ("On or
    near" a street), its month the month it was reported."""

    key: str
    crime_id: str | None = None
    month: str
    type: str
    lat: float
    lon: float
    location: str = ""
    lsoa_name: str = ""
    outcome: str = ""
    context: str = ""


class Crimes(Struct, kw_only=True):
    """The crimes a filter matches (at most its limit) and how many match in all."""

    crimes: list[Crime] = field(default_factory=list)
    total: int = 0
    more: bool = False
    attribution: str = OGL


class CrimeSummary(Struct, kw_only=True):
    """What the crime layer holds: each police.uk crime type with how many, and its months."""

    categories: dict[str, int] = field(default_factory=dict)
    first_month: str | None = None
    last_month: str | None = None
    months: list[str] = field(default_factory=list)  # every month held (the newest 600)


class CrimesImported(Struct, kw_only=True):
    """A police.uk file imported (``context.crimes_imported``): what it added, of which months
    and types, so every desk's crime layer draws it without being asked."""

    file: str
    sha256: str
    rows: int
    added: int
    held: int
    refused: int
    first_month: str | None = None
    last_month: str | None = None
    categories: dict[str, int] = field(default_factory=dict)  # added, by crime type
    by: str = ""
