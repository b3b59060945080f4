"""An officer's tablet: GPS noise, battery, signal gaps, and the buffer it flushes afterwards."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from controlroom.geo.geometry import offset

HOUR = 3600.0
DRAIN_PCT_PER_HOUR = {
    "foot": 7.0,
    "vehicle": 1.5,
}  # a tablet in a car is on charge most of the time
MEAN_BETWEEN_GAPS_S = 2.5 * HOUR


@dataclass
class Device:
    """Turns true positions into pings as the hub receives them, late and out of order at times."""

    mode: str
    rng: random.Random
    battery_pct: float
    accuracy_m: float  # typical horizontal accuracy (from the GPX stationary jitter)
    buffered: list[dict] = field(default_factory=list)
    last_t: float | None = None
    gap_start: float = 0.0
    gap_end: float = 0.0

    def __post_init__(self) -> None:
        self._schedule_gap(0.0)

    def _schedule_gap(self, after: float) -> None:
        self.gap_start = after + self.rng.expovariate(1 / MEAN_BETWEEN_GAPS_S)
        self.gap_end = self.gap_start + self.rng.uniform(30, 300)

    def in_gap(self, t: float) -> bool:
        return self.gap_start <= t < self.gap_end

    def _drain(self, t: float) -> None:
        if self.last_t is not None:
            used = DRAIN_PCT_PER_HOUR[self.mode] * (t - self.last_t) / HOUR
            self.battery_pct = max(3.0, self.battery_pct - used)
        self.last_t = t

    def fix(self, t: float, lat: float, lon: float, speed: float, heading: float) -> dict:
        """A GPS fix: the true position plus noise, with its reported accuracy."""
        self._drain(t)
        accuracy = max(3.0, self.rng.gauss(self.accuracy_m, self.accuracy_m / 3))
        north, east = self.rng.gauss(0, accuracy / 2), self.rng.gauss(0, accuracy / 2)
        jlat, jlon = offset(lat, lon, north, east)
        return {
            "t": t,
            "lat": round(jlat, 6),
            "lon": round(jlon, 6),
            "accuracy_m": round(accuracy, 1),
            "speed_mps": round(max(0.0, speed + self.rng.gauss(0, 0.3)) if speed else 0.0, 2),
            "heading_deg": round(heading, 1),
            "battery_pct": round(self.battery_pct, 1),
        }

    def ping(self, t: float, lat: float, lon: float, speed: float, heading: float) -> list[dict]:
        """The pings to send now: [] inside a signal gap, else the new one then the backlog."""
        fix = self.fix(t, lat, lon, speed, heading)
        if self.in_gap(t):
            self.buffered.append(fix)
            return []
        if t >= self.gap_end:
            self._schedule_gap(t)
        if not self.buffered:
            return [fix]
        backlog, self.buffered = self.buffered, []
        self.rng.shuffle(backlog)  # apps flush their queue in no particular order
        return [fix, *backlog]
