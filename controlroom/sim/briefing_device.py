"""What an officer's device does with the briefing: fetch the team's current pack whenever its
stream opens (at start and on every reconnect), follow ``briefing.published`` and
``briefing.item_withdrawn``, and send the officer's acknowledgement once they have read it."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from controlroom.contract.briefings import BriefingItemWithdrawn, BriefingPublished, DeviceBriefing
from controlroom.sim.briefings import Acknowledgement, MalformedBriefing, decode
from controlroom.sim.http import HttpError
from controlroom.sim.shift import Outgoing

if TYPE_CHECKING:
    from controlroom.sim.runner import Player

log = logging.getLogger("controlroom.sim")
PACKS = "/api/v1/device/briefings"


@dataclass(frozen=True)
class PackHeld:
    """A device came to hold a version of a pack: `how` is "stream" or "fetch", `at` the
    time.monotonic() of it."""

    callsign: str
    briefing_id: int
    version: int
    how: str
    at: float


@dataclass
class AckSent:
    """An acknowledgement: the simulated time it was made, the time.monotonic() it was sent
    and answered (None: not answered)."""

    callsign: str
    briefing_id: int
    version: int
    sim_t: float
    sent: float
    answered: float | None = None


def _hold(player: Player, callsign: str, pack: DeviceBriefing, how: str, notice: str) -> None:
    if player.shift.briefing_received(callsign, pack, notice):
        held = PackHeld(callsign, pack.id, pack.version, how, time.monotonic())
        player.stats.packs_held.append(held)
        if notice:
            log.debug("%s: %s", callsign, notice)


def published(player: Player, callsign: str, payload: dict) -> None:
    """A version of a pack reached the team: the device holds it if it is newer."""
    pack = decode(payload, BriefingPublished)
    _hold(player, callsign, pack, "stream", pack.notice)


def item_withdrawn(player: Player, callsign: str, payload: dict) -> None:
    """An item left the pack: the device drops it at once, whatever version it holds."""
    withdrawn = decode(payload, BriefingItemWithdrawn)
    if player.shift.briefings.withdrawn(callsign, withdrawn):
        log.debug("%s dropped %s from briefing %d", callsign, withdrawn.item_id, withdrawn.id)


async def fetch(player: Player, callsign: str) -> None:
    """The team's current packs, as the device asks for them when its stream opens."""
    try:
        reply = await player.api.device(player.tokens[callsign], "GET", PACKS, None)
    except HttpError as exc:
        log.warning("%s could not fetch its briefings: %s", callsign, exc)
        return
    if reply.status == 404:
        return  # a hub without briefings
    if reply.status != 200:
        log.warning("%s: briefings refused: %s %s", callsign, reply.status, reply.body[:200])
        return
    for doc in _listed(reply.body):
        try:
            pack = decode(doc, DeviceBriefing)
        except MalformedBriefing as exc:
            log.warning("%s skipped a malformed briefing: %s", callsign, exc)
            continue
        _hold(player, callsign, pack, "fetch", "")


def _listed(body: bytes) -> list:
    try:
        packs = orjson.loads(body).get("briefings")
    except (orjson.JSONDecodeError, AttributeError):
        return []
    return packs if isinstance(packs, list) else []


async def acknowledge(player: Player, item: Outgoing) -> bool:
    """The officer has read the version they hold: acknowledge it, and the items asked for."""
    ack = Acknowledgement(
        item.callsign or "", item.body["id"], item.body["version"], item.body["items"]
    )
    path = f"{PACKS}/{ack.briefing_id}/ack"
    sent = AckSent(ack.callsign, ack.briefing_id, ack.version, player.shift.now, time.monotonic())
    player.stats.acks_sent.append(sent)
    try:
        reply = await player.api.device(player.tokens[ack.callsign], "POST", path, ack.body())
    except HttpError as exc:
        log.warning("%s: acknowledgement not sent: %s", ack.callsign, exc)
        reply = None
    taken = reply is not None and reply.status in (200, 201)
    sent.answered = time.monotonic() if taken else None
    if not taken:
        if reply is not None:
            log.warning(
                "%s: acknowledgement refused: %s %r", ack.callsign, reply.status, reply.body
            )
        player.shift.briefings.not_taken(ack, player.shift.now)
    return taken
