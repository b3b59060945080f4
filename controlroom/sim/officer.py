"""One officer through a shift: patrol their beat, take a break, respond to tasks."""

from __future__ import annotations

import random
from dataclasses import dataclass

from controlroom.sim.beats import Beat
from controlroom.sim.captures import CRIME_LIKE, pick_kind
from controlroom.sim.movement import Leg, Point, leg_to, standing
from controlroom.sim.roster import OfficerPlan

BEAT_RADIUS_M = {"foot": 1200.0, "vehicle": 4000.0}
DWELL_S = {"foot": (60, 600), "vehicle": (30, 300)}
CAPTURE_CHANCE = {"foot": 0.25, "vehicle": 0.15}  # per patrol stop
EMERGENCIES_PER_HOUR = 0.0015
ON_SCENE_S = (300.0, 1200.0)  # a job's length where the call does not say
ACKNOWLEDGE_S = (8.0, 45.0)  # reading the task on the device
SET_OFF_S = (5.0, 25.0)  # from acknowledging to driving off


@dataclass
class Task:
    id: str
    goal: Point
    state: str  # our side of the lifecycle: sent, acknowledged, en_route, on_scene
    due: float  # simulated time of the next step
    on_scene_s: float  # how long the job keeps them at the scene
    may_decline: bool = True  # a dispatcher's task; one set at parade is carried out


@dataclass
class Action:
    """Something the officer's device sends: kind is capture, task_status, emergency or status
    (booking refreshments and back on)."""

    kind: str
    t: float
    data: dict


class Officer:
    def __init__(self, plan: OfficerPlan, seed: int, capture_rate: float):
        self.plan = plan
        self.patrol_rng = random.Random(f"patrol:{seed}:{plan.callsign}")
        self.capture_rng = random.Random(f"capture:{seed}:{plan.callsign}")
        self.task_rng = random.Random(f"task:{seed}:{plan.callsign}")
        self.capture_chance = min(1.0, CAPTURE_CHANCE[plan.mode] * capture_rate)
        self.beat = Beat(plan.mode, plan.home, BEAT_RADIUS_M[plan.mode], self.patrol_rng)
        start = max(0.0, plan.shift_start)
        self.leg: Leg = standing(plan.home, start)
        # mid-shift already: each officer sets off at their own moment, not all at once
        lo, hi = DWELL_S[plan.mode]
        self.dwell_until = start + self.patrol_rng.uniform(0, hi) if plan.shift_start < 0 else start
        self.goal_is_hot = False
        self.on_break = False
        self.task: Task | None = None
        self.waiting: list[Task] = []  # tasks set in the briefing, taken up when free
        self.emergency_at = start + self.patrol_rng.expovariate(EMERGENCIES_PER_HOUR / 3600)

    def on_duty(self, t: float) -> bool:
        return self.plan.shift_start <= t < self.plan.shift_end

    def position(self, t: float) -> tuple[float, float, float, float]:
        return self.leg.at(t)

    def _here(self, t: float) -> Point:
        lat, lon, _, _ = self.leg.at(t)
        return lat, lon

    def _go(self, goal: Point, t: float, pace: float) -> Leg:
        return leg_to(self.plan.mode, self._here(t), goal, t, pace)

    def receive_task(
        self,
        task_id: str,
        lat: float,
        lon: float,
        t: float,
        on_scene_s: float | None = None,
        when_free: bool = False,
    ) -> None:
        """A task arrived on the device stream; acknowledge it after a plausible delay (one
        to do `when_free`, as a briefing sets, waits for the job in hand to finish)."""
        stay = on_scene_s if on_scene_s is not None else self.task_rng.uniform(*ON_SCENE_S)
        due = t + self.task_rng.uniform(*ACKNOWLEDGE_S)
        task = Task(task_id, (lat, lon), "sent", due, stay, may_decline=not when_free)
        if when_free and self.task is not None:
            self.waiting.append(task)
        else:
            self.task = task

    def cancel_task(self, task_id: str) -> None:
        self.waiting = [task for task in self.waiting if task.id != task_id]
        if self.task and self.task.id == task_id:
            self.task = None

    def _next_task(self, t: float) -> None:
        """The job in hand is done: take up the next task waiting, if any."""
        self.task = self.waiting.pop(0) if self.waiting else None
        if self.task is not None:
            self.task.due = t + self.task_rng.uniform(*ACKNOWLEDGE_S)

    def advance(self, t: float) -> list[Action]:
        """Everything that happens up to simulated time t."""
        actions: list[Action] = []
        if self.task is None and self.waiting:
            self._next_task(t)
        if self.task:
            actions += self._advance_task(t)
        elif self.plan.break_start <= t < self.plan.break_start + self.plan.break_length:
            if not self.on_break:
                actions.append(Action("status", t, {"status": "refreshment"}))
            self._take_break(t)
        else:
            if self.on_break:
                actions.append(Action("status", t, {"status": "available"}))
            self.on_break = False
            actions += self._patrol(t)
        if t >= self.emergency_at:
            lat, lon, _, _ = self.position(t)
            actions.append(Action("emergency", t, {"lat": lat, "lon": lon}))
            self.emergency_at = float("inf")
        return actions

    def _take_break(self, t: float) -> None:
        if not self.on_break:
            self.on_break = True
            start = max(self.plan.break_start, self.leg.start_t)
            self.leg = self._go(self.plan.home, start, self.plan.patrol_pace)

    def _patrol(self, t: float) -> list[Action]:
        actions = []
        while self.leg.arrived(t):
            if self.dwell_until < self.leg.end_t:  # just arrived at a stop
                actions += self._maybe_capture(self.leg.end_t, self.leg.goal)
                lo, hi = DWELL_S[self.plan.mode]
                self.dwell_until = self.leg.end_t + self.patrol_rng.uniform(lo, hi)
            if t < self.dwell_until:
                break
            goal, self.goal_is_hot = self.beat.next_stop(self.patrol_rng, self.leg.goal)
            self.leg = leg_to(
                self.plan.mode, self.leg.goal, goal, self.dwell_until, self.plan.patrol_pace
            )
        return actions

    def _maybe_capture(self, t: float, where: Point) -> list[Action]:
        rng = self.capture_rng
        if rng.random() >= self.capture_chance:
            return []
        kind = pick_kind(rng)
        # where the beat has recorded crime, crime-like captures are made there
        if kind in CRIME_LIKE and self.beat.hot and not self.goal_is_hot:
            kind = rng.choice(["vehicle_check", "person_check", "note"])
        data = {"kind": kind, "lat": where[0], "lon": where[1], "seed": rng.getrandbits(64)}
        return [Action("capture", t, data)]

    def _advance_task(self, t: float) -> list[Action]:
        task, out = self.task, list[Action]()
        if task is None:
            return out
        if task.state == "sent" and t >= task.due:
            if self.task_rng.random() < 0.03 and task.may_decline:
                self.task = None
                declined = {"id": task.id, "state": "declined", "note": "Committed to another job"}
                return [Action("task_status", t, declined)]
            task.state, task.due = "acknowledged", t + self.task_rng.uniform(*SET_OFF_S)
            out.append(Action("task_status", t, {"id": task.id, "state": "acknowledged"}))
        if task.state == "acknowledged" and t >= task.due:
            self.leg = self._go(task.goal, t, self.plan.response_pace)
            task.state = "en_route"
            out.append(Action("task_status", t, {"id": task.id, "state": "en_route"}))
        if task.state == "en_route" and self.leg.arrived(t):
            task.state, task.due = "on_scene", self.leg.end_t + task.on_scene_s
            out.append(Action("task_status", t, {"id": task.id, "state": "on_scene"}))
        if task.state == "on_scene" and t >= task.due:
            self.task, self.dwell_until = None, t
            self.leg = standing(self.leg.goal, t)
            out.append(Action("task_status", t, {"id": task.id, "state": "completed"}))
        return out
