"""Documents of the heat map and of the context layers drawn under it: counts per grid cell,
and the police.uk street-level crimes imported as context."""

from __future__ import annotations

from msgspec import Struct, field


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
