"""A simulated dispatcher colleague, for the demo: the incidents the call handler raised that
nobody has assigned within a grace period (by grade), it assigns to the first recommended unit;
when their task is completed it closes the incident with a result, and a Resolution call it
closes as dealt with by phone. It uses the control-room API with the simulator's own sign-in,
as a second dispatcher at another desk would; what a person assigns first, it leaves alone.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass

import orjson

from controlroom.sim.calls import Call
from controlroom.sim.http import HttpError
from controlroom.sim.hubapi import HubApi

log = logging.getLogger("controlroom.sim")
GRACE_S = {"immediate": 40.0, "priority": 60.0, "scheduled": 180.0, "resolution": 60.0}
POLL_S = 1.0  # wall-clock seconds between looks at the open incidents
ENDED = {"completed", "declined", "cancelled"}
RESULTS = (
    "Words of advice given",
    "Crime report taken, enquiries continuing",
    "One arrested and taken to custody",
    "No trace of the suspects on arrival",
    "Parties separated, safeguarding referral made",
    "Area searched, nothing found",
)


@dataclass
class Pending:
    call: Call
    raised: float  # time.monotonic() when raised


class Colleague:
    def __init__(self, api: HubApi, speed: float, seed: int) -> None:
        self.api, self.speed = api, speed
        self.rng = random.Random(f"colleague:{seed}")
        self.pending: dict[int, Pending] = {}

    def raised(self, incident_id: int, call: Call) -> None:
        self.pending[incident_id] = Pending(call, time.monotonic())

    async def run(self) -> None:
        while True:
            for incident_id in list(self.pending):
                try:
                    await self._look_at(incident_id)
                except (HttpError, OSError, ValueError) as exc:
                    log.warning("colleague: incident %s: %s", incident_id, exc)
            await asyncio.sleep(POLL_S)

    def _waited_s(self, pending: Pending) -> float:
        """Simulated seconds since the incident was raised."""
        return (time.monotonic() - pending.raised) * self.speed

    async def _look_at(self, incident_id: int) -> None:
        pending = self.pending[incident_id]
        reply = await self.api.as_user("GET", f"/api/v1/incidents/{incident_id}")
        if reply.status != 200:
            return
        incident = orjson.loads(reply.body)
        if incident.get("status") == "closed":
            del self.pending[incident_id]
            return
        tasks = incident.get("tasks", [])
        grade = incident.get("grade", pending.call.kind.grade)
        waited = self._waited_s(pending)
        if grade == "resolution" and not tasks:
            if waited >= GRACE_S["resolution"]:
                await self._close(incident_id, "Advice given by phone; no deployment needed")
            return
        live = [t for t in tasks if t.get("state") not in ENDED]
        if any(t.get("state") == "completed" for t in tasks) and not live:
            await self._close(incident_id, self.rng.choice(RESULTS))
        elif not live and waited >= GRACE_S.get(grade, 90.0):
            await self._assign(incident_id)

    async def _assign(self, incident_id: int) -> None:
        path = f"/api/v1/incidents/{incident_id}/recommendations"
        reply = await self.api.as_user("GET", path)
        if reply.status != 200:
            return
        for unit in orjson.loads(reply.body).get("units", [])[:3]:
            body = {"callsign": unit["callsign"], "incident_id": incident_id, "kind": "attend"}
            made = await self.api.as_user("POST", "/api/v1/tasks", body)
            if made.status == 201:
                log.info("colleague: %s sent to incident %s", unit["callsign"], incident_id)
                return

    async def _close(self, incident_id: int, reason: str) -> None:
        path = f"/api/v1/incidents/{incident_id}/close"
        reply = await self.api.as_user("POST", path, {"reason": reason})
        if reply.status in (200, 409):
            self.pending.pop(incident_id, None)
