"""Movement along the roads: a leg is a route driven or walked at the officer's pace.

Its times come from the route (each stretch of road at its own speed), divided by the pace: a
patrolling car goes at about 0.7 of the road speeds a response drive makes, an officer on foot at
about 0.8 of a brisk walk.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from controlroom.geo.geometry import bearing_deg, haversine_m
from controlroom.geo.routing import router

Point = tuple[float, float]


@dataclass
class Leg:
    """From start_t (simulated seconds) along path, reaching each point at start_t + times[i];
    stands still at the end."""

    path: list[Point]
    times: list[float]
    start_t: float

    @property
    def end_t(self) -> float:
        return self.start_t + self.times[-1]

    @property
    def goal(self) -> Point:
        return self.path[-1]

    def arrived(self, t: float) -> bool:
        return t >= self.end_t

    def at(self, t: float) -> tuple[float, float, float, float]:
        """(lat, lon, speed m/s, heading degrees) at simulated time t."""
        if len(self.path) == 1 or t >= self.end_t:
            lat, lon = self.path[-1]
            return lat, lon, 0.0, 0.0
        since = max(0.0, t - self.start_t)
        i = min(bisect.bisect_right(self.times, since) - 1, len(self.path) - 2)
        (lat0, lon0), (lat1, lon1) = self.path[i], self.path[i + 1]
        span = self.times[i + 1] - self.times[i]
        f = 0.0 if span <= 0 else min(1.0, (since - self.times[i]) / span)
        speed = haversine_m(lat0, lon0, lat1, lon1) / span if span > 0 else 0.0
        heading = bearing_deg(lat0, lon0, lat1, lon1)
        return lat0 + (lat1 - lat0) * f, lon0 + (lon1 - lon0) * f, speed, heading


def standing(point: Point, t: float) -> Leg:
    return Leg([point], [0.0], t)


def leg_to(mode: str, start: Point, goal: Point, t: float, pace: float) -> Leg:
    """The route from start to goal on the mode's network, at pace times the route's speeds."""
    if start == goal:
        return standing(goal, t)
    route = router().route(start, goal, "vehicle" if mode == "vehicle" else "foot")
    if not math.isfinite(route.duration_s):
        return standing(start, t)
    return Leg(route.path, [s / pace for s in route.times], t)
