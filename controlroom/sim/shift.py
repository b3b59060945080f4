"""A shift: every officer's device and the calls coming in, advanced in simulated time.

Pure and deterministic for a seed: it produces Outgoing messages; sending them is runner.py's job.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from controlroom.geo.hotspots import pick_hotspot_node
from controlroom.geo.streets import load_streets
from controlroom.sim.captures import Context, build_capture
from controlroom.sim.chatter import Chatter
from controlroom.sim.device import Device
from controlroom.sim.officer import Officer
from controlroom.sim.population import Population
from controlroom.sim.roster import gps_profile, make_roster

INCIDENTS_PER_OFFICER_HOUR = 0.08
GRADES = [("immediate", 2), ("priority", 4), ("scheduled", 3), ("resolution", 1)]
CALLS = [
    "Report of a burglary in progress",
    "Concern for welfare",
    "Shoplifter detained by staff",
    "Fight outside licensed premises",
    "Suspicious vehicle",
    "Road traffic collision",
    "Domestic disturbance",
    "Youths causing annoyance",
    "Theft from motor vehicle",
    "Missing person, vulnerable adult",
]


@dataclass
class Outgoing:
    """kind: pings | capture | task_status | emergency | incident | status | message;
    callsign None for incidents."""

    kind: str
    callsign: str | None
    body: dict
    attachment: tuple[str, bytes, str] | None = None


class Shift:
    def __init__(
        self,
        seed: int,
        officers: int,
        start: datetime,
        ping_interval: float = 5.0,
        capture_rate: float = 1.0,
        incident_rate: float = 1.0,
        clock_scale: float = 1.0,
    ) -> None:
        # clock_scale: simulated seconds per second of the times sent (the --speed), so an
        # accelerated run still stamps times the hub accepts (never ahead of its clock)
        self.seed, self.start, self.ping_interval = seed, start, ping_interval
        self.clock_scale = clock_scale
        self.graph = load_streets()
        self.population = Population(random.Random(f"population:{seed}"))
        self.roster = make_roster(seed, officers)
        self.officers = {
            p.callsign: Officer(p, self.graph, seed, capture_rate) for p in self.roster
        }
        profile = gps_profile()
        self.devices = {
            p.callsign: Device(
                p.mode,
                random.Random(f"device:{seed}:{p.callsign}"),
                p.battery_pct,
                profile[p.mode]["stationary_jitter_m"] * 0.6,
            )
            for p in self.roster
        }
        self._ticks = [
            (max(0.0, p.shift_start) + i * ping_interval / max(1, officers), i)
            for i, p in enumerate(self.roster)
        ]
        heapq.heapify(self._ticks)
        self._booked_on: set[str] = set()
        self.call_rng = random.Random(f"calls:{seed}")
        self._rate = INCIDENTS_PER_OFFICER_HOUR * officers * incident_rate / 3600
        self._next_call = self.call_rng.expovariate(self._rate) if self._rate else float("inf")
        self.chatter = Chatter(seed, officers, incident_rate)
        self.now = 0.0

    def iso(self, t: float) -> str:
        return self.when(t).isoformat(timespec="milliseconds")

    def when(self, t: float) -> datetime:
        return self.start + timedelta(seconds=t / self.clock_scale)

    def advance(self, t: float) -> list[Outgoing]:
        """Everything sent between the previous call and simulated time t, in time order."""
        out: list[Outgoing] = []
        while self._ticks and self._ticks[0][0] <= t:
            tick, i = heapq.heappop(self._ticks)
            out += self._tick(self.roster[i].callsign, tick)
            if tick + self.ping_interval < self.roster[i].shift_end:
                heapq.heappush(self._ticks, (tick + self.ping_interval, i))
        while self._next_call <= t:
            out.append(self._incident(self._next_call))
            self._next_call += self.call_rng.expovariate(self._rate)
        on_shift = sorted(self._booked_on)
        for callsign, text in self.chatter.due(t, on_shift, self._street_of):
            out.append(Outgoing("message", callsign, {"text": text}))
        self.now = t
        return out

    def _tick(self, callsign: str, t: float) -> list[Outgoing]:
        officer, device = self.officers[callsign], self.devices[callsign]
        out = []
        if callsign not in self._booked_on:  # the first tick of the shift: book on
            self._booked_on.add(callsign)
            out.append(Outgoing("status", callsign, {"status": "available"}))
        out += [self._outgoing(officer, a) for a in officer.advance(t)]
        pings = device.ping(t, *officer.position(t))
        if pings:
            out.append(Outgoing("pings", callsign, {"pings": [self._ping(p) for p in pings]}))
        if t + self.ping_interval >= officer.plan.shift_end:  # the last tick: book off
            out.append(Outgoing("status", callsign, {"status": "off_duty"}))
        return out

    def _ping(self, fix: dict) -> dict:
        ping = dict(fix)
        ping["at"] = self.iso(ping.pop("t"))
        return ping

    def _outgoing(self, officer: Officer, action) -> Outgoing:
        callsign = officer.plan.callsign
        if action.kind == "capture":
            return self._capture(officer, action)
        if action.kind == "status":
            return Outgoing("status", callsign, action.data)
        if action.kind == "emergency":
            body = {**action.data, "at": self.iso(action.t)}
            return Outgoing("emergency", callsign, body)
        return Outgoing("task_status", callsign, {**action.data, "at": self.iso(action.t)})

    def _capture(self, officer: Officer, action) -> Outgoing:
        # A capture made at another place or time (an officer sent elsewhere in another run) is
        # another capture, with another id: a device never reuses an id for other content.
        rng = random.Random(f"{action.data['seed']}:{action.data['node']}:{action.t!r}")
        ctx = Context(
            self.when(action.t),
            action.data["node"],
            self.graph,
            self.population,
            officer.plan.callsign,
            officer.plan.name,
        )
        capture = build_capture(rng, action.data["kind"], ctx)
        return Outgoing("capture", officer.plan.callsign, capture.body, capture.attachment)

    def _incident(self, t: float) -> Outgoing:
        rng = self.call_rng
        node = pick_hotspot_node(rng)
        grade = rng.choices([g for g, _ in GRADES], weights=[w for _, w in GRADES])[0]
        summary = f"{rng.choice(CALLS)}, {self.graph.street[node]}"
        body = {
            "summary": summary,
            "grade": grade,
            "lat": self.graph.lat[node],
            "lon": self.graph.lon[node],
            "at": self.iso(t),
        }
        return Outgoing("incident", None, body)

    def _street_of(self, callsign: str) -> str:
        lat, lon = self.officers[callsign].position(self.now)[:2]
        return self.graph.street[self.graph.nearest(lat, lon)]

    def receive_task(self, callsign: str, task_id, lat: float | None, lon: float | None) -> None:
        """A task for an officer; without a place (patrol, enquiry) they go to a beat hotspot."""
        officer = self.officers.get(callsign)
        if officer is None:
            return
        if lat is None or lon is None:
            node = pick_hotspot_node(officer.task_rng, officer.hot)
            lat, lon = self.graph.lat[node], self.graph.lon[node]
        officer.receive_task(str(task_id), lat, lon, self.now)

    def cancel_task(self, callsign: str, task_id) -> None:
        if callsign in self.officers:
            self.officers[callsign].cancel_task(str(task_id))
