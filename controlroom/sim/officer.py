"""One officer through a shift: patrol their beat, take a break, respond to tasks."""

from __future__ import annotations

import random
from dataclasses import dataclass

from controlroom.geo.hotspots import beat_nodes, node_weights, pick_hotspot_node
from controlroom.geo.streets import StreetGraph
from controlroom.sim.captures import CRIME_LIKE, pick_kind
from controlroom.sim.movement import Leg, leg_to, standing
from controlroom.sim.roster import OfficerPlan

BEAT_RADIUS_M = {"foot": 1200.0, "vehicle": 4000.0}
DWELL_S = {"foot": (60, 600), "vehicle": (30, 300)}
CAPTURE_CHANCE = {"foot": 0.25, "vehicle": 0.15}  # per patrol stop
EMERGENCIES_PER_HOUR = 0.0015


@dataclass
class Task:
    id: str
    goal: int
    state: str  # our side of the lifecycle: sent, acknowledged, en_route, on_scene
    due: float  # simulated time of the next step


@dataclass
class Action:
    """Something the officer's device sends: kind is capture, task_status, emergency or status
    (booking refreshments and back on)."""

    kind: str
    t: float
    data: dict


class Officer:
    def __init__(self, plan: OfficerPlan, graph: StreetGraph, seed: int, capture_rate: float):
        self.plan, self.graph = plan, graph
        self.patrol_rng = random.Random(f"patrol:{seed}:{plan.callsign}")
        self.capture_rng = random.Random(f"capture:{seed}:{plan.callsign}")
        self.task_rng = random.Random(f"task:{seed}:{plan.callsign}")
        self.capture_chance = min(1.0, CAPTURE_CHANCE[plan.mode] * capture_rate)
        self.beat = beat_nodes(graph, plan.home, BEAT_RADIUS_M[plan.mode])
        weights = node_weights()
        self.hot = [n for n in self.beat if weights[n] > 0] or self.beat
        start = max(0.0, plan.shift_start)
        self.leg: Leg = standing(graph, plan.home, start)
        self.dwell_until = start
        self.on_break = False
        self.task: Task | None = None
        self.emergency_at = start + self.patrol_rng.expovariate(EMERGENCIES_PER_HOUR / 3600)

    def on_duty(self, t: float) -> bool:
        return self.plan.shift_start <= t < self.plan.shift_end

    def position(self, t: float) -> tuple[float, float, float, float]:
        return self.leg.at(t)

    def _here(self, t: float) -> int:
        if self.leg.arrived(t):
            return self.leg.goal
        lat, lon, _, _ = self.leg.at(t)
        return self.graph.nearest(lat, lon)

    def receive_task(self, task_id: str, lat: float, lon: float, t: float) -> None:
        """A task arrived on the device stream; acknowledge it after a plausible delay."""
        goal = self.graph.nearest(lat, lon)
        self.task = Task(task_id, goal, "sent", t + self.task_rng.uniform(10, 90))

    def cancel_task(self, task_id: str) -> None:
        if self.task and self.task.id == task_id:
            self.task = None

    def advance(self, t: float) -> list[Action]:
        """Everything that happens up to simulated time t."""
        actions: list[Action] = []
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
            self.leg = leg_to(
                self.graph, self._here(start), self.plan.home, start, self.plan.patrol_speed_mps
            )

    def _patrol(self, t: float) -> list[Action]:
        actions = []
        while self.leg.arrived(t):
            if self.dwell_until < self.leg.end_t:  # just arrived at a stop
                actions += self._maybe_capture(self.leg.end_t, self.leg.goal)
                lo, hi = DWELL_S[self.plan.mode]
                self.dwell_until = self.leg.end_t + self.patrol_rng.uniform(lo, hi)
            if t < self.dwell_until:
                break
            self.leg = self._next_patrol_leg(self.dwell_until)
        return actions

    def _next_patrol_leg(self, t: float) -> Leg:
        rng = self.patrol_rng
        goal = pick_hotspot_node(rng, self.hot) if rng.random() < 0.7 else rng.choice(self.beat)
        if goal == self.leg.goal:
            goal = rng.choice(self.beat)
        return leg_to(self.graph, self.leg.goal, goal, t, self.plan.patrol_speed_mps)

    def _maybe_capture(self, t: float, node: int) -> list[Action]:
        rng = self.capture_rng
        if rng.random() >= self.capture_chance:
            return []
        kind = pick_kind(rng)
        if kind in CRIME_LIKE and node_weights()[node] == 0:
            kind = rng.choice(["vehicle_check", "person_check", "note"])
        return [Action("capture", t, {"kind": kind, "node": node, "seed": rng.getrandbits(64)})]

    def _advance_task(self, t: float) -> list[Action]:
        task, out = self.task, list[Action]()
        if task is None:
            return out
        if task.state == "sent" and t >= task.due:
            if self.task_rng.random() < 0.03:
                self.task = None
                return [
                    Action(
                        "task_status",
                        t,
                        {"id": task.id, "state": "declined", "note": "Committed to another job"},
                    )
                ]
            task.state, task.due = "acknowledged", t + self.task_rng.uniform(5, 40)
            out.append(Action("task_status", t, {"id": task.id, "state": "acknowledged"}))
        if task.state == "acknowledged" and t >= task.due:
            self.leg = leg_to(self.graph, self._here(t), task.goal, t, self.plan.response_speed_mps)
            task.state = "en_route"
            out.append(Action("task_status", t, {"id": task.id, "state": "en_route"}))
        if task.state == "en_route" and self.leg.arrived(t):
            task.state, task.due = "on_scene", t + self.task_rng.uniform(300, 1800)
            out.append(Action("task_status", t, {"id": task.id, "state": "on_scene"}))
        if task.state == "on_scene" and t >= task.due:
            self.task, self.dwell_until = None, t
            self.leg = standing(self.graph, self.leg.goal, t)
            out.append(Action("task_status", t, {"id": task.id, "state": "completed"}))
        return out
