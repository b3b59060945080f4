"""A shift: every officer's device and the calls coming in, advanced in simulated time.

Pure and deterministic for a seed: it produces Outgoing messages; sending them is runner.py's job.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from controlroom.contract.briefings import DeviceBriefing
from controlroom.geo.reverse import reverse
from controlroom.sim.briefing_results import result_capture
from controlroom.sim.briefings import DeviceBriefings
from controlroom.sim.calls import Call, CallHandler
from controlroom.sim.captures import Context, build_capture
from controlroom.sim.chatter import Chatter
from controlroom.sim.device import Device
from controlroom.sim.officer import Officer
from controlroom.sim.population import Population
from controlroom.sim.roster import gps_profile, make_roster


@dataclass
class Outgoing:
    """kind: pings | capture | task_status | emergency | incident | status | message |
    briefing_ack; callsign None for incidents (which carry the call they came from)."""

    kind: str
    callsign: str | None
    body: dict
    attachment: tuple[str, bytes, str] | None = None
    truth: list[dict] | None = None  # for a capture: who each mention really is
    call: Call | None = None


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
        self.population = Population(random.Random(f"population:{seed}"))
        self.roster = make_roster(seed, officers)
        self.officers = {p.callsign: Officer(p, seed, capture_rate) for p in self.roster}
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
        patrols = [p.home for p in self.roster if p.mode == "vehicle" and p.shift_start <= 0]
        self.calls = CallHandler(seed, officers, incident_rate, patrols)
        self.incidents: dict[int, Call] = {}  # the hub's incident id -> the call it came from
        self.chatter = Chatter(seed, officers, incident_rate)
        self.briefings = DeviceBriefings(seed, self.officers)
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
        for call in self.calls.due(t):
            body = {**call.body(), "at": self.iso(call.at)}
            out.append(Outgoing("incident", None, body, call=call))
        on_shift = sorted(self._booked_on)
        for callsign, text in self.chatter.due(t, on_shift, self._street_of):
            out.append(Outgoing("message", callsign, {"text": text}))
        for ack in self.briefings.reads_due(t):
            body = {"id": ack.briefing_id, **ack.body()}
            out.append(Outgoing("briefing_ack", ack.callsign, body))
        self.now = t
        return out

    def _tick(self, callsign: str, t: float) -> list[Outgoing]:
        officer, device = self.officers[callsign], self.devices[callsign]
        out = []
        if callsign not in self._booked_on:  # the first tick of the shift: book on
            self._booked_on.add(callsign)
            out.append(Outgoing("status", callsign, {"status": "available"}))
        for action in officer.advance(t):
            result = []
            if action.kind == "task_status" and action.data["state"] == "completed":
                result = self._briefing_result(officer, action.data["id"], t)
            if result:  # the task says where its result went
                capture = result[0].body
                action.data["note"] = f"Result in capture {capture['id']}: {capture['summary']}"
            out += [self._outgoing(officer, action), *result]
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
        where = f"{action.data['lat']:.6f},{action.data['lon']:.6f}"
        rng = random.Random(f"{action.data['seed']}:{where}:{action.t!r}")
        ctx = Context(
            self.when(action.t),
            action.data["lat"],
            action.data["lon"],
            self.population,
            officer.plan.callsign,
            officer.plan.name,
        )
        capture = build_capture(rng, action.data["kind"], ctx)
        callsign = officer.plan.callsign
        return Outgoing("capture", callsign, capture.body, capture.attachment, capture.truth)

    def incident_raised(self, incident_id: int, call: Call) -> None:
        self.incidents[incident_id] = call

    def _street_of(self, callsign: str) -> str:
        lat, lon = self.officers[callsign].position(self.now)[:2]
        return reverse(lat, lon).label

    def receive_task(
        self,
        callsign: str,
        task_id,
        incident_id: int | None,
        lat: float | None,
        lon: float | None,
        kind: str = "attend",
    ) -> None:
        """A task for an officer: to an incident (one of ours, or one a dispatcher raised, at
        the given place), or without a place (patrol, enquiry) to the place its briefing item
        gives, else to a hotspot of their beat. A patrol or enquiry waits for the job in hand."""
        officer = self.officers.get(callsign)
        if officer is None:
            return
        call = self.incidents.get(incident_id) if incident_id is not None else None
        stay = officer.task_rng.uniform(*call.kind.on_scene_s) if call else None
        if call is not None:
            lat, lon = call.lat, call.lon
        if lat is None or lon is None:
            lat, lon = self._briefed_place(str(task_id)) or (None, None)
        if lat is None or lon is None:
            (lat, lon), _ = officer.beat.next_stop(officer.task_rng, officer.leg.goal)
        officer.receive_task(str(task_id), lat, lon, self.now, stay, when_free=kind != "attend")

    def briefing_received(self, callsign: str, pack: DeviceBriefing, notice: str = "") -> bool:
        """A version of a pack reached the officer's device; True if it was new to it. A task
        it sets that has arrived already is steered to the item's place."""
        if not self.briefings.received(callsign, pack, self.now, notice):
            return False
        officer = self.officers[callsign]
        for task in [officer.task, *officer.waiting]:
            place = self._briefed_place(task.id) if task is not None else None
            if task is not None and place is not None and task.state in ("sent", "acknowledged"):
                task.goal = place
        return True

    def _briefed_place(self, task_id: str) -> tuple[float, float] | None:
        _, item = self.briefings.tasks.get(task_id, (0, None))
        if item is None or item.lat is None or item.lon is None:
            return None
        return item.lat, item.lon

    def _briefing_result(self, officer: Officer, task_id: str, t: float) -> list[Outgoing]:
        """A task the briefing set is done: its result, sent as a capture naming the task."""
        briefing_id, item = self.briefings.tasks.get(task_id, (0, None))
        if item is None:
            return []
        where = officer.position(t)[:2]
        rng = random.Random(f"result:{self.seed}:{task_id}")
        callsign = officer.plan.callsign
        place = reverse(*where).label
        body = result_capture(rng, item, briefing_id, task_id, self.when(t), where, place, callsign)
        return [Outgoing("capture", callsign, body)]

    def cancel_task(self, callsign: str, task_id) -> None:
        if callsign in self.officers:
            self.officers[callsign].cancel_task(str(task_id))
