"""RouteFeed: the route of every unit tasked to an incident and not yet there, drawn on the map
with its ETA, from the hub's routing (GET /api/v1/geo/route). A route is asked for when the task
is made and again as the unit moves on (at most every REFRESH_S); it goes when the unit is at
scene or the task ends."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject
from shiboken6 import isValid

from controlroom.client.hub import HubError
from controlroom.contract.documents import Task
from controlroom.live.state import Change, LiveState
from maps.view import MapView
from ui.components.place_search import Geography

TRAVELLING = ("sent", "acknowledged", "en_route")
REFRESH_S = 20.0
MOVED_M = 100.0
RETRY_S = 5.0  # after a route the hub could not give


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (a[0] - b[0]) * 111_195.0
    dx = (a[1] - b[1]) * 111_195.0 * math.cos(math.radians(a[0]))
    return math.hypot(dx, dy)


class RouteFeed(QObject):
    def __init__(
        self,
        view: MapView,
        state: LiveState,
        geography: Geography,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.view, self.state, self.geography = view, state, geography
        self.routes: dict[int, dict] = {}  # task id -> the route drawn, with where it began
        state.subscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        if change.section in ("tasks", "units", "incidents"):
            self.refresh()

    def _journeys(self) -> dict[int, tuple[Task, tuple[float, float], tuple[float, float]]]:
        """Task id -> (task, the unit's position, the incident's place) for units on their way."""
        out = {}
        for task_id, task in self.state.tasks.items():
            incident = self.state.incidents.get(task.incident_id or -1)
            unit = self.state.units.get(task.callsign)
            if task.state not in TRAVELLING or incident is None or unit is None:
                continue
            if unit.lat is None or unit.lon is None:
                continue
            out[task_id] = (task, (unit.lat, unit.lon), (incident.lat, incident.lon))
        return out

    def refresh(self) -> None:
        journeys = self._journeys()
        gone = [task_id for task_id in self.routes if task_id not in journeys]
        for task_id in gone:
            del self.routes[task_id]
        if gone:
            self.view.apply_diff({"routes": {"upsert": [], "remove": gone}})
        now = time.monotonic()
        for task_id, (task, here, there) in journeys.items():
            drawn = self.routes.get(task_id)
            if drawn is None or self._due(drawn, here, now):
                shown = drawn["item"] if drawn else None  # stays drawn until the new one comes
                self.routes[task_id] = {"asked": now, "from": here, "item": shown, "pending": True}
                fetch = self._fetch(task_id, task, here, there)
                self.geography.tasks.run(fetch, name=f"route-{task_id}")
            elif drawn["item"] is not None and drawn["item"]["state"] != task.state:
                drawn["item"]["state"] = task.state
                self.view.apply_diff({"routes": {"upsert": [drawn["item"]], "remove": []}})

    @staticmethod
    def _due(drawn: dict, here: tuple[float, float], now: float) -> bool:
        """Ask again: the last ask failed, or the unit has moved on since."""
        waited = now - drawn["asked"]
        if drawn["pending"]:
            return False
        if drawn["item"] is None:
            return waited >= RETRY_S
        return waited >= REFRESH_S and _metres(here, drawn["from"]) >= MOVED_M

    async def _fetch(
        self, task_id: int, task: Task, here: tuple[float, float], there: tuple[float, float]
    ) -> None:
        unit = self.state.units.get(task.callsign)
        mode = "vehicle" if unit is not None and unit.mode == "vehicle" else "foot"
        try:
            route = await self.geography.client.route(here, there, mode)
        except HubError:
            route = None
        if not isValid(self) or task_id not in self.routes:
            return
        self.routes[task_id]["pending"] = False
        if route is None:
            return
        item = {
            "id": task_id,
            "callsign": task.callsign,
            "state": (self.state.tasks.get(task_id) or task).state,
            "eta_s": route["duration_s"],
            "distance_m": route["distance_m"],
            "path": route["path"],
        }
        self.routes[task_id]["item"] = item
        self.view.apply_diff({"routes": {"upsert": [item], "remove": []}})
