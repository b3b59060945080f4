"""Words the index adds to each capture so that the text index alone can also answer "open to
every role", "of this kind" and "in this part of the map": a search asks for them alongside
the searcher's words and the store intersects them as it does words, instead of reading each
match's row to test it. They start with a digit and a letter no word an officer writes does
("0r", "0k", "0c"). Only the few restricted captures are marked, so leaving them out costs the
index little; the rows are still tested."""

from __future__ import annotations

import math

from controlroom.search.words import Term

RESTRICTED = "0restricted"  # a capture only the roles cleared for code C may read
CELL_LAT, CELL_LON = 0.05, 0.08  # degrees: about 5.5 km square in the force area
MAX_CELLS = 16  # an area covering more cells is tested on each match's row alone


def kind_word(kind: str) -> str:
    return "0k" + "".join(c for c in kind.lower() if c.isalnum())


def cell_word(lat: float, lon: float) -> str:
    return f"0c{math.floor((lon + 180) / CELL_LON)}y{math.floor((lat + 90) / CELL_LAT)}"


def marker_words(kind: str, is_open: bool, lat: float, lon: float) -> str:
    words = [kind_word(kind), cell_word(lat, lon)]
    return " ".join(words if is_open else [*words, RESTRICTED])


def cells_covering(bbox: tuple[float, float, float, float]) -> list[Term] | None:
    """The cells an area (W,S,E,N) touches, or None when there are too many to be worth it."""
    west, south, east, north = bbox
    xs = range(math.floor((west + 180) / CELL_LON), math.floor((east + 180) / CELL_LON) + 1)
    ys = range(math.floor((south + 90) / CELL_LAT), math.floor((north + 90) / CELL_LAT) + 1)
    if len(xs) * len(ys) > MAX_CELLS:
        return None
    return [Term((f"0c{x}y{y}",)) for x in xs for y in ys]
