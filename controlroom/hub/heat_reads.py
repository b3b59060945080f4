"""Counts per grid cell of what a filter matches, aggregated by the store (blocking: called in
a worker thread). Captures are counted from the search index with exactly the conditions a
search uses, so a reader not cleared for code C counts only what they could find; police.uk
crimes are counted from the context table.

The grid is fixed to the earth, not to the area asked for: a cell is `metres` of latitude
high and 1.6 times as many degrees of longitude wide (about square in the force area, as the
search index's own cells are), numbered from 180 W and 90 S, so a cell is the same cell in
every view and counts agree across pans."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from controlroom.hub.errors import invalid
from controlroom.hub.filters import Bbox
from controlroom.hub.search_reads import SearchFilter, matches_from
from controlroom.search.markers import CELL_LAT, CELL_LON

METRES_PER_DEGREE = 111_320.0  # of latitude
WIDER = CELL_LON / CELL_LAT  # a cell's width in degrees of longitude over its height
MOST_CELLS = 250_000  # cells an area may be divided into for one answer
EARTH: Bbox = (-180.0, -90.0, 180.0, 90.0)
ROW_BITS = 22  # a cell's row (from 90 S) below its column: 2**22 rows of 10 m cover the earth
ROWS = (1 << ROW_BITS) - 1


@dataclass(frozen=True)
class Grid:
    lat: float  # a cell's height in degrees
    lon: float  # its width in degrees

    @classmethod
    def of(cls, metres: float, area: Bbox | None) -> Grid:
        """Cells `metres` high over `area` (the earth when none), or a 422 when that makes
        more than MOST_CELLS of them."""
        grid = cls(metres / METRES_PER_DEGREE, metres / METRES_PER_DEGREE * WIDER)
        west, south, east, north = area or EARTH
        across = math.floor((east + 180) / grid.lon) - math.floor((west + 180) / grid.lon) + 1
        down = math.floor((north + 90) / grid.lat) - math.floor((south + 90) / grid.lat) + 1
        if across * down > MOST_CELLS:
            raise invalid(
                f"cells of {metres:g} m divide this area into {across * down} cells, at most "
                f"{MOST_CELLS}: draw a smaller area or ask for larger cells"
            )
        return grid

    def centre(self, x: int, y: int) -> tuple[float, float]:
        """The latitude and longitude of the middle of cell (x, y)."""
        return (y + 0.5) * self.lat - 90, (x + 0.5) * self.lon - 180


@dataclass
class Heat:
    cells: list[tuple[int, int, int]]  # x, y, count
    total: int


def capture_heat(connection: Connection, f: SearchFilter, grid: Grid) -> Heat:
    """The captures a search with this filter finds, counted per cell."""
    source, params = matches_from(connection, f)
    return counted(connection, source, params, grid, "s")


def counted(
    connection: Connection, source: str, params: dict[str, Any], grid: Grid, table: str
) -> Heat:
    """What `source` (a FROM and WHERE over `table`, which has lat and lon) holds, per cell.
    The store groups by one integer per cell (its column shifted past its row), which SQLite
    sorts far faster than a pair."""
    x = _cell(connection, f"{table}.lon + 180.0", ":cell_lon")
    y = _cell(connection, f"{table}.lat + 90.0", ":cell_lat")
    rows = connection.execute(
        text(f"SELECT {x} * {1 << ROW_BITS} + {y} AS cell, count(*) AS n {source} GROUP BY 1"),
        {**params, "cell_lon": grid.lon, "cell_lat": grid.lat},
    ).all()
    cells = [(int(r.cell) >> ROW_BITS, int(r.cell) & ROWS, int(r.n)) for r in rows]
    return Heat(cells, sum(n for _, _, n in cells))


def _cell(connection: Connection, offset: str, size: str) -> str:
    """The cell number of a coordinate moved to be positive (so that truncation, which is all
    SQLite is sure to have, is the floor)."""
    if connection.dialect.name == "postgresql":
        return f"CAST(floor(({offset}) / {size}) AS BIGINT)"
    return f"CAST(({offset}) / {size} AS INTEGER)"
