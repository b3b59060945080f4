"""Movement along the street graph: a leg is a route walked or driven at a steady speed."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from controlroom.geo.geometry import bearing_deg
from controlroom.geo.streets import StreetGraph


@dataclass
class Leg:
    """From start_t (simulated seconds) along path at speed_mps; stands still at the end."""

    graph: StreetGraph
    path: list[int]
    start_t: float
    speed_mps: float

    def __post_init__(self) -> None:
        self.cum = [0.0]
        for a, b in zip(self.path, self.path[1:], strict=False):
            self.cum.append(self.cum[-1] + dict(self.graph.adj[a])[b])
        self.end_t = self.start_t + self.cum[-1] / self.speed_mps

    @property
    def goal(self) -> int:
        return self.path[-1]

    @property
    def length_m(self) -> float:
        return self.cum[-1]

    def arrived(self, t: float) -> bool:
        return t >= self.end_t

    def at(self, t: float) -> tuple[float, float, float, float]:
        """(lat, lon, speed m/s, heading degrees) at simulated time t."""
        g = self.graph
        if len(self.path) == 1 or t >= self.end_t:
            end = self.path[-1]
            return g.lat[end], g.lon[end], 0.0, 0.0
        dist = max(0.0, (t - self.start_t) * self.speed_mps)
        i = min(bisect.bisect_right(self.cum, dist) - 1, len(self.path) - 2)
        a, b = self.path[i], self.path[i + 1]
        span = self.cum[i + 1] - self.cum[i] or 1.0
        f = (dist - self.cum[i]) / span
        lat = g.lat[a] + (g.lat[b] - g.lat[a]) * f
        lon = g.lon[a] + (g.lon[b] - g.lon[a]) * f
        return lat, lon, self.speed_mps, bearing_deg(g.lat[a], g.lon[a], g.lat[b], g.lon[b])


def standing(graph: StreetGraph, node: int, t: float) -> Leg:
    return Leg(graph, [node], t, 1.0)


def leg_to(graph: StreetGraph, start: int, goal: int, t: float, speed_mps: float) -> Leg:
    return Leg(graph, graph.route(start, goal), t, speed_mps)
