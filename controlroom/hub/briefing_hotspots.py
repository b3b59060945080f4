"""Hotspots of a pack: squares of the area where captures and incidents since the team was last
on stand out from the rest of the area (counted by the store, on the heat map's own grid, of
what a reader not cleared for C could find: controlroom.hub.heat_reads)."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from sqlalchemy import Connection, select

from controlroom.contract.briefings import BriefingItem
from controlroom.geo.reverse import reverse
from controlroom.hub.briefing_window import Window, body, iso, title, when
from controlroom.hub.heat_reads import METRES_PER_DEGREE, WIDER, Grid, capture_heat
from controlroom.hub.search_reads import SearchFilter
from controlroom.store.schema import Incident

INCIDENTS = Incident.__table__
CELL_M = 250.0
MOST_CELLS = 100_000  # cells the area's box is divided into at most (larger squares if need be)
MOST_HOTSPOTS = 5
FEWEST = 3  # a square with fewer than this is never a hotspot
SPREAD = 2.0  # standard deviations above the area's mean a hotspot stands


@dataclass(frozen=True)
class Hotspots:
    cells: list[tuple[float, float, int]]  # (lat, lon, count) of each square, busiest first
    mean: float  # of the area's squares with anything in them
    metres: float  # a square's side


def hotspots(connection: Connection, window: Window) -> Hotspots:
    """The squares that stand out, busiest first."""
    metres = _cell_metres(window)
    grid = Grid.of(metres, window.bbox)
    found = capture_heat(
        connection,
        SearchFilter(bbox=window.bbox, since=window.since, until=window.until, cleared=False),
        grid,
    )
    counts: dict[tuple[int, int], int] = {}
    for x, y, n in found.cells:
        counts[(x, y)] = counts.get((x, y), 0) + n
    for x, y in _incident_cells(connection, window, grid):
        counts[(x, y)] = counts.get((x, y), 0) + 1
    centres = [grid.centre(*cell) for cell in counts]
    keep = window.area.contains_many([c[0] for c in centres], [c[1] for c in centres])
    inside = {cell: n for (cell, n), k in zip(counts.items(), keep, strict=True) if k}
    if len(inside) < 2:
        return Hotspots([], 0.0, metres)
    mean, spread = statistics.fmean(inside.values()), statistics.pstdev(inside.values())
    stand_out = [
        (cell, n) for cell, n in inside.items() if n >= max(FEWEST, mean + SPREAD * spread)
    ]
    stand_out.sort(key=lambda c: (-c[1], c[0]))
    cells = [(*grid.centre(*cell), n) for cell, n in stand_out[:MOST_HOTSPOTS]]
    return Hotspots(cells, mean, metres)


def _cell_metres(window: Window) -> float:
    west, south, east, north = window.bbox
    cells = (east - west) * (north - south) * (METRES_PER_DEGREE / CELL_M) ** 2 / WIDER
    return CELL_M * max(1.0, math.sqrt(cells / MOST_CELLS) * 1.1)


def _incident_cells(connection: Connection, window: Window, grid: Grid) -> list[tuple[int, int]]:
    west, south, east, north = window.bbox
    rows = connection.execute(
        select(INCIDENTS.c.lat, INCIDENTS.c.lon)
        .where(
            INCIDENTS.c.lon.between(west, east),
            INCIDENTS.c.lat.between(south, north),
            INCIDENTS.c.raised_at.between(window.since, window.until),
        )
        .limit(20_000)
    ).all()
    return [
        (math.floor((r.lon + 180) / grid.lon), math.floor((r.lat + 90) / grid.lat)) for r in rows
    ]


def hotspot_items(window: Window, found: Hotspots) -> list[BriefingItem]:
    return [
        BriefingItem(
            id=f"hotspot:{lat:.4f},{lon:.4f}",
            section="information",
            kind="hotspot",
            title=title(f"Hotspot: {reverse(lat, lon).label}"),
            text=body(
                f"{n} captures and incidents in this {found.metres:.0f} m square since "
                f"{when(window.since)}, against {found.mean:.1f} in the area's other squares "
                "with any."
            ),
            source="heat map of captures and incidents",
            ref=f"{lat:.4f},{lon:.4f}",
            expires_at=iso(window.shift_end),
            lat=round(lat, 5),
            lon=round(lon, 5),
            proposed=True,
        )
        for lat, lon, n in found.cells
    ]
