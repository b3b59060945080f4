"""Play a shift against a hub: advance the simulated shift and send what it produces."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson

from controlroom.contract.events import EventType as E
from controlroom.sim import briefing_device
from controlroom.sim.amendments import amend
from controlroom.sim.briefings import MalformedBriefing
from controlroom.sim.colleague import Colleague
from controlroom.sim.http import HttpError, Pool
from controlroom.sim.hubapi import ApiError, HubApi, StreamPoint
from controlroom.sim.shift import Outgoing, Shift
from controlroom.sim.truth import TruthFile

log = logging.getLogger("controlroom.sim")
TICK_S = 0.05
REMEMBERED_CAPTURES = 5000  # what a device keeps of what it sent, to amend it when asked
AMEND_AFTER_S = (20.0, 120.0)  # an officer answers "has issues" after this long (simulated)


@dataclass
class Settings:
    hub: str
    username: str
    password: str
    officers: int = 20
    speed: float = 1.0
    duration: float | None = None
    seed: int = 1
    ping_interval: float = 5.0
    streams: int | None = None  # officers that listen for tasks (None: all)
    connections: int = 16
    capture_rate: float = 1.0
    incidents: bool = True
    truth: str | None = None  # a file to write who each capture's mentions really are
    start: datetime | None = None  # the shift's clock at t=0 (None: now); the same seed and
    # start replay the same captures, which the hub already has
    incident_rate: float = 1.0  # calls per officer-hour, as a share of CALLS_PER_OFFICER_HOUR
    auto_dispatch: bool = False  # a simulated colleague assigns and closes the calls' incidents
    team: str | None = None  # every officer in this one team (None: each in their district's)


@dataclass
class Stats:
    sent: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    pings: int = 0
    # device streams the hub accepted, counted once their team's packs are fetched (at start
    # and on each reconnect)
    streams_opened: int = 0
    task_log: list[tuple[str, str, str, int]] = field(default_factory=list)  # reported states
    packs_held: list[briefing_device.PackHeld] = field(default_factory=list)
    acks_sent: list[briefing_device.AckSent] = field(default_factory=list)

    def count(self, kind: str, ok: bool) -> None:
        target = self.sent if ok else self.failed
        target[kind] = target.get(kind, 0) + 1


class Player:
    def __init__(self, settings: Settings, api: HubApi, shift: Shift) -> None:
        self.settings, self.api, self.shift = settings, api, shift
        self.tokens: dict[str, str] = {}
        self.stats = Stats()
        self._tasks: set[asyncio.Task] = set()  # strong references to background sends
        self.truth = TruthFile(settings.truth) if settings.truth else None
        self.colleague = Colleague(api, settings.speed, settings.seed)
        self.sent_captures: OrderedDict[str, dict] = OrderedDict()  # the latest revision sent
        self.amend_rng = random.Random(f"amend:{settings.seed}")
        self.listeners: dict[str, asyncio.Task] = {}  # each device's stream, while it has signal
        self.stream_points: dict[str, StreamPoint] = {}

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def provision(self) -> None:
        gate = asyncio.Semaphore(self.settings.connections)

        async def one(plan):
            team = self.settings.team or plan.team
            async with gate:
                self.tokens[plan.callsign] = await self.api.provision(
                    plan.callsign, plan.mode, team
                )

        await asyncio.gather(*(one(p) for p in self.shift.roster))
        later = [p for p in self.shift.roster if p.shift_start > 0]
        # Officers whose shift has not started are off duty until their device books them on.
        await asyncio.gather(*(
            self._status(Outgoing("status", p.callsign, {"status": "off_duty"})) for p in later
        ))  # fmt: skip

    def listen_for_tasks(self) -> None:
        """Open the stream of every listening device (at most settings.streams of them)."""
        for plan in self.shift.roster[: self.settings.streams]:
            self.stream_points[plan.callsign] = StreamPoint()
            self._connect(plan.callsign)

    def _connect(self, callsign: str) -> None:
        task = asyncio.ensure_future(self._listen(callsign))
        self.listeners[callsign] = task

    def follow_signal(self, sim_t: float) -> None:
        """A device in a signal gap loses its stream, and opens it again when the gap ends
        (resuming from the last event it read, then fetching its team's current pack)."""
        for callsign, task in list(self.listeners.items()):
            offline = self.shift.devices[callsign].in_gap(sim_t)
            if offline and not task.done():
                task.cancel()
            elif not offline and task.done():
                self._connect(callsign)

    def _token(self, item: Outgoing) -> str:
        """The device token of the officer an outgoing item comes from."""
        if item.callsign is None:
            raise ValueError(f"a {item.kind} is sent from an officer's device, and names none")
        return self.tokens[item.callsign]

    async def _listen(self, callsign: str) -> None:
        def connected() -> None:  # fetched beside the stream, which is read meanwhile
            self._spawn(self._catch_up(callsign))

        stream = self.api.device_events(
            self.tokens[callsign], self.stream_points[callsign], connected
        )
        async for kind, doc in stream:
            self.on_event(callsign, kind, doc)

    async def _catch_up(self, callsign: str) -> None:
        await briefing_device.fetch(self, callsign)
        self.stats.streams_opened += 1

    def on_event(self, callsign: str, kind: str, doc: dict) -> None:
        """Hand one event of a device's stream to its handler; a malformed one is logged and
        skipped, so the device goes on listening."""
        handler = DEVICE_HANDLERS.get(kind)
        if handler is None:
            return
        payload = doc.get("payload")
        try:
            handler(self, callsign, payload if isinstance(payload, dict) else {})
        except (MalformedBriefing, KeyError, TypeError, ValueError) as exc:
            log.warning("%s skipped a malformed %s event: %s", callsign, kind, exc)

    def _task_created(self, callsign: str, task: dict) -> None:
        self._spawn(self._accept_task(callsign, task["id"], task))

    def _task_updated(self, callsign: str, task: dict) -> None:
        if task.get("state") == "cancelled":
            self.shift.cancel_task(callsign, task["id"])

    def _message(self, callsign: str, message: dict) -> None:
        """The officer reads a dispatcher's message and answers a little later."""
        reply = self.shift.chatter.reply(callsign, message.get("text", ""))
        delay = self.shift.chatter.rng.uniform(15, 60) / self.settings.speed
        self._spawn(self._answer(callsign, reply, delay))

    def _feedback(self, callsign: str, feedback: dict) -> None:
        """The analyst says a capture has issues: the officer amends it a little later."""
        body = self.sent_captures.get(feedback.get("capture_id", ""))
        if body is None:
            return  # not sent by this run's devices
        amended = amend(body, str(feedback.get("note", "")), self.amend_rng, self.shift.population)
        delay = self.amend_rng.uniform(*AMEND_AFTER_S) / self.settings.speed
        self._spawn(self._answer_feedback(callsign, amended, delay))

    async def _answer_feedback(self, callsign: str, amended: dict, delay: float) -> None:
        await asyncio.sleep(delay)
        await self._send(Outgoing("capture", callsign, amended))

    async def _answer(self, callsign: str, text: str, delay: float) -> None:
        await asyncio.sleep(delay)
        await self._send(Outgoing("message", callsign, {"text": text}))

    async def _accept_task(self, callsign: str, task_id, task: dict) -> None:
        incident_id, place = task.get("incident_id"), None
        if incident_id is not None and incident_id not in self.shift.incidents:
            place = await self.api.incident_place(incident_id)  # one a dispatcher raised
        lat, lon = place or (None, None)
        kind = task.get("kind", "attend")
        self.shift.receive_task(callsign, task_id, incident_id, lat, lon, kind)

    async def run(self, duration: float | None) -> None:
        if self.settings.auto_dispatch:
            self._spawn(self.colleague.run())
        started = time.monotonic()
        next_report = started + 10
        while duration is None or time.monotonic() - started < duration:
            sim_t = (time.monotonic() - started) * self.settings.speed
            self.follow_signal(sim_t)
            for item in self.shift.advance(sim_t):
                self._spawn(self._send(item))
            if time.monotonic() >= next_report:
                next_report += 10
                log.info(
                    "sim t=%.0fs sent %s failed %s in flight %d",
                    sim_t,
                    self.stats.sent,
                    self.stats.failed,
                    len(self._tasks),
                )
            await asyncio.sleep(TICK_S)

    async def drain(self, timeout: float = 5.0) -> None:
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=timeout)
        for task in [*self._tasks, *self.listeners.values()]:
            task.cancel()

    async def _send(self, item: Outgoing) -> None:
        try:
            ok = await SENDERS[item.kind](self, item)
        except (HttpError, ApiError, OSError) as exc:
            log.warning("%s failed: %s", item.kind, exc)
            ok = False
        self.stats.count(item.kind, ok)

    async def _pings(self, item: Outgoing) -> bool:
        token = self._token(item)
        reply = await self.api.device(token, "POST", "/api/v1/device/pings", item.body)
        self.stats.pings += len(item.body["pings"])
        if reply.status != 200:
            log.warning("pings refused: %s %s", reply.status, reply.body[:300])
        return reply.status == 200

    async def _capture(self, item: Outgoing) -> bool:
        token = self._token(item)
        reply = await self.api.device(token, "POST", "/api/v1/device/captures", item.body)
        if reply.status not in (200, 201):
            log.warning("capture refused: %s %s", reply.status, reply.body[:200])
            return False
        self.stats.count("capture_new" if reply.status == 201 else "capture_repeat", True)
        if self.truth is not None and item.truth is not None:
            self.truth.write(item.body["id"], item.truth)
        self._remember(item.body)
        if item.attachment:
            name, data, ctype = item.attachment
            digest = item.body["fields"]["attachment"]["sha256"]
            put = await self.api.attachment(token, item.body["id"], name, data, ctype, digest)
            return put.status in (200, 201)
        return True

    def _remember(self, body: dict) -> None:
        self.sent_captures[body["id"]] = body
        self.sent_captures.move_to_end(body["id"])
        while len(self.sent_captures) > REMEMBERED_CAPTURES:
            self.sent_captures.popitem(last=False)

    async def _task_status(self, item: Outgoing) -> bool:
        body = {"state": item.body["state"], "note": item.body.get("note", "")}
        path = f"/api/v1/device/tasks/{item.body['id']}/status"
        reply = await self.api.device(self._token(item), "POST", path, body)
        self.stats.task_log.append(
            (item.callsign or "", str(item.body["id"]), body["state"], reply.status)
        )
        return reply.status == 200

    async def _emergency(self, item: Outgoing) -> bool:
        token = self._token(item)
        reply = await self.api.device(token, "POST", "/api/v1/device/emergency", item.body)
        return reply.status in (200, 201, 404)  # 404: this hub has no emergency endpoint yet

    async def _status(self, item: Outgoing) -> bool:
        token = self._token(item)
        reply = await self.api.device(token, "POST", "/api/v1/device/status", item.body)
        # 409: tasked, so the task's lifecycle drives the status; 404: a hub without booking
        return reply.status in (200, 404, 409)

    async def _message_out(self, item: Outgoing) -> bool:
        token = self._token(item)
        reply = await self.api.device(token, "POST", "/api/v1/device/messages", item.body)
        return reply.status == 201

    async def _incident(self, item: Outgoing) -> bool:
        if not self.settings.incidents:
            return True
        reply = await self.api.raise_incident(item.body)
        if reply.status == 201 and item.call is not None:
            incident_id = orjson.loads(reply.body)["id"]
            self.shift.incident_raised(incident_id, item.call)
            self.colleague.raised(incident_id, item.call)
        return reply.status in (200, 201, 403, 404)  # 403: the user may not raise incidents


SENDERS = {
    "pings": Player._pings,
    "capture": Player._capture,
    "task_status": Player._task_status,
    "emergency": Player._emergency,
    "incident": Player._incident,
    "status": Player._status,
    "message": Player._message_out,
    "briefing_ack": briefing_device.acknowledge,
}
# What an officer's device does with each event on its stream.
DEVICE_HANDLERS: dict[str, Callable[[Player, str, dict], None]] = {
    E.TASK_CREATED: Player._task_created,
    E.TASK_UPDATED: Player._task_updated,
    E.MESSAGE_SENT: Player._message,
    E.CAPTURE_FEEDBACK: Player._feedback,
    E.BRIEFING_PUBLISHED: briefing_device.published,
    E.BRIEFING_ITEM_WITHDRAWN: briefing_device.item_withdrawn,
}


async def play(settings: Settings, prepare=None) -> Player:
    """Sign in, provision a device per officer, play for the duration; returns the player.

    prepare(player), if given, runs once the devices are provisioned (tests use it to watch).
    """
    pool = Pool(settings.hub, size=settings.connections)
    api = HubApi(pool)
    await api.sign_in(settings.username, settings.password)
    shift = Shift(
        settings.seed,
        settings.officers,
        settings.start or datetime.now(UTC),
        settings.ping_interval,
        capture_rate=settings.capture_rate,
        incident_rate=settings.incident_rate,
        clock_scale=settings.speed,
    )
    player = Player(settings, api, shift)
    await player.provision()
    log.info("provisioned %d devices; playing the shift", len(player.tokens))
    player.listen_for_tasks()
    if prepare is not None:
        await prepare(player)
    try:
        await player.run(settings.duration)
    finally:
        await player.drain()
        await pool.close()
        await api.close()
        if player.truth is not None:
            player.truth.close()
    return player
