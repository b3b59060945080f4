"""An officer's beat: stops on the roads (or streets and paths, on foot) around where they
start, and the crime hotspots among them, which they visit more often."""

from __future__ import annotations

import random

from controlroom.geo.area import load_area
from controlroom.geo.hotspots import hotspots_within
from controlroom.geo.routing import router

Point = tuple[float, float]
STOPS = 60
HOT_SHARE = 0.7  # of patrol stops, the share at a hotspot (where the beat has any)
CRIME_NEAR_M = 300.0  # a stop this near a hotspot is where crime happens too


class Beat:
    def __init__(self, mode: str, home: Point, radius_m: float, rng: random.Random) -> None:
        index = router().network("vehicle" if mode == "vehicle" else "foot").index
        self.home = home
        stops = index.points_around(*home, radius_m, STOPS, rng)
        inside = load_area().contains_many([s[0] for s in stops], [s[1] for s in stops])
        self.stops = [s for s, ok in zip(stops, inside.tolist(), strict=True) if ok] or [home]
        hot = hotspots_within(*home, radius_m)
        if hot:  # each hotspot moved onto the nearest road this officer uses
            _, _, lats, lons, _ = index.snap_many(
                [h[0] for h in hot], [h[1] for h in hot], candidates=1
            )
            self.hot = list(zip(lats.tolist(), lons.tolist(), strict=True))
            self.hot_weight = [h[2] for h in hot]
        else:
            self.hot, self.hot_weight = [], []
        self._hot = set(self.hot) | {
            stop for stop in self.stops if hotspots_within(*stop, CRIME_NEAR_M)
        }

    def next_stop(self, rng: random.Random, here: Point) -> tuple[Point, bool]:
        """Where to patrol next, and whether crime is recorded there."""
        if self.hot and rng.random() < HOT_SHARE:
            stop = rng.choices(self.hot, weights=self.hot_weight)[0]
            if stop != here:
                return stop, True
        stop = rng.choice(self.stops)
        return stop, stop in self._hot
