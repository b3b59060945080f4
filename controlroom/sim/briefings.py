"""The briefing as officers' devices hold it: their team's pack, version by version, kept
current from the stream (a newer version replaces the one held, a withdrawn item goes at once),
and when each officer reads and acknowledges it (at parade; late starters when they come on;
an update between jobs).

Pure and deterministic for a seed, like the shift: what to send is returned, not sent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TypeVar

import msgspec

from controlroom.contract.briefings import BriefingItem, BriefingItemWithdrawn, DeviceBriefing
from controlroom.sim.officer import Officer

READ_AT_PARADE_S = (60.0, 600.0)  # on duty when it is published: read within the parade
READ_ON_COMING_ON_S = (120.0, 900.0)  # a late starter reads it after booking on
READ_UPDATE_S = (30.0, 300.0)  # an update's notice, read between jobs
BUSY_STATES = ("en_route", "on_scene")  # nobody reads a briefing on blue lights
RETRY_S = 60.0  # an acknowledgement the hub did not take is sent again after this long
T = TypeVar("T")


class MalformedBriefing(ValueError):
    """A briefing document the device cannot use (it is ignored, never fatal)."""


def decode(doc: object, kind: type[T]) -> T:
    try:
        return msgspec.convert(doc, kind)
    except msgspec.ValidationError as exc:
        raise MalformedBriefing(f"not a {kind.__name__}: {exc}") from exc


@dataclass
class HeldPack:
    """One pack on one device: the newest version it has, items in the pack's order."""

    id: int
    version: int
    title: str
    items: dict[str, BriefingItem]
    notice: str = ""
    versions: list[int] = field(default_factory=list)  # every version held, as they came
    read_version: int = 0  # the newest version the officer has read (and acknowledged)

    def to_acknowledge(self) -> list[str]:
        return [item.id for item in self.items.values() if item.acknowledge]


class Shelf:
    """Every pack one device holds, applied idempotently by version (the stream delivers at
    least once, and a reconnect's fetch may bring what the stream already did)."""

    def __init__(self) -> None:
        self.packs: dict[int, HeldPack] = {}

    def take(self, pack: DeviceBriefing, notice: str = "") -> HeldPack | None:
        """Hold `pack` if it is newer than the version held; the held pack if it changed."""
        held = self.packs.get(pack.id)
        if held is not None and held.version >= pack.version:
            return None
        items = {item.id: item for item in pack.items}
        versions = [*held.versions, pack.version] if held else [pack.version]
        read = held.read_version if held else 0
        self.packs[pack.id] = HeldPack(
            pack.id, pack.version, pack.title, items, notice, versions, read
        )
        return self.packs[pack.id]

    def withdraw(self, withdrawn: BriefingItemWithdrawn) -> bool:
        """Drop an item no longer in the pack from `withdrawn.version` on; True if it was held
        (a version that new, already held, never had it)."""
        held = self.packs.get(withdrawn.id)
        if held is None or held.version >= withdrawn.version:
            return False
        return held.items.pop(withdrawn.item_id, None) is not None


@dataclass(frozen=True)
class Acknowledgement:
    callsign: str
    briefing_id: int
    version: int
    items: list[str]

    def body(self) -> dict:
        return {"version": self.version, "items": self.items}


class DeviceBriefings:
    """The shift's devices' briefings, and the reads each officer has still to make."""

    def __init__(self, seed: int, officers: dict[str, Officer]) -> None:
        self.officers = officers
        self.shelves = {callsign: Shelf() for callsign in officers}
        self.rngs = {c: random.Random(f"briefing:{seed}:{c}") for c in officers}
        self.due: dict[tuple[str, int], float] = {}  # (callsign, briefing id) -> read at
        # the hub's task id -> (briefing id, the task item): tasks the briefing set, by the
        # item's ref, as the devices they are assigned to hold them
        self.tasks: dict[str, tuple[int, BriefingItem]] = {}

    def received(self, callsign: str, pack: DeviceBriefing, t: float, notice: str = "") -> bool:
        """A version reached the device (on its stream or fetched); True if it was new."""
        shelf = self.shelves.get(callsign)
        held = shelf.take(pack, notice) if shelf is not None else None
        if held is None:
            return False
        for item in held.items.values():
            if item.kind == "task" and item.assigned_to == callsign and item.ref:
                self.tasks[item.ref] = (pack.id, item)
        key = (callsign, pack.id)
        read_at = self._read_at(callsign, held, t)
        self.due[key] = min(self.due.get(key, read_at), read_at)
        return True

    def withdrawn(self, callsign: str, withdrawn: BriefingItemWithdrawn) -> bool:
        shelf = self.shelves.get(callsign)
        return shelf is not None and shelf.withdraw(withdrawn)

    def _read_at(self, callsign: str, held: HeldPack, t: float) -> float:
        rng, plan = self.rngs[callsign], self.officers[callsign].plan
        if t < plan.shift_start:
            return plan.shift_start + rng.uniform(*READ_ON_COMING_ON_S)
        return t + rng.uniform(*(READ_UPDATE_S if held.read_version else READ_AT_PARADE_S))

    def reads_due(self, t: float) -> list[Acknowledgement]:
        """The officers who read their pack by simulated time `t`: what each acknowledges."""
        out = []
        for key, at in list(self.due.items()):
            callsign, briefing_id = key
            officer = self.officers[callsign]
            if at > t or not officer.on_duty(t) or _busy(officer):
                continue
            del self.due[key]
            held = self.shelves[callsign].packs[briefing_id]
            held.read_version = held.version
            out.append(Acknowledgement(callsign, briefing_id, held.version, held.to_acknowledge()))
        return out

    def not_taken(self, ack: Acknowledgement, t: float) -> None:
        """The hub did not take an acknowledgement: the officer sends it again later."""
        self.due.setdefault((ack.callsign, ack.briefing_id), t + RETRY_S)

    def holding(self, callsign: str, briefing_id: int) -> HeldPack | None:
        return self.shelves[callsign].packs.get(briefing_id)


def _busy(officer: Officer) -> bool:
    return officer.task is not None and officer.task.state in BUSY_STATES
