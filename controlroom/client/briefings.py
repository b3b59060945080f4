"""The briefing API as the desk speaks it: list, make (the hub proposes the items), read, save
the draft's items in order, publish, receipts, offered changes, and the exports (the PDF, and
the audit of one briefing for disclosure)."""

from __future__ import annotations

from typing import Any

import msgspec

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.briefings import Briefing, BriefingItem, BriefingOffer, BriefingReceipt
from controlroom.live.briefings import Pack


class Briefings(msgspec.Struct):
    briefings: list[Pack] = msgspec.field(default_factory=list)


class Receipts(msgspec.Struct):
    receipts: list[BriefingReceipt] = msgspec.field(default_factory=list)


class Offers(msgspec.Struct):
    offers: list[BriefingOffer] = msgspec.field(default_factory=list)


def _as(kind: type[Any], answer: dict, what: str) -> Any:
    try:
        return msgspec.convert(answer, kind)
    except msgspec.ValidationError as exc:
        raise HubError(f"{what}: the hub's answer does not fit the contract: {exc}") from exc


async def list_briefings(client: HubClient) -> list[Pack]:
    """The packs, newest first (their items counted, not sent)."""
    return (await client.read(Briefings, "/api/v1/briefings")).briefings


async def read_briefing(client: HubClient, briefing_id: int) -> Briefing:
    return await client.read(Briefing, f"/api/v1/briefings/{briefing_id}")


async def make_briefing(client: HubClient, body: dict[str, Any]) -> Briefing:
    """The draft, with the items the hub proposes for the area, shift and team."""
    return _as(Briefing, await client.post("/api/v1/briefings", body), "new briefing")


async def save_items(client: HubClient, briefing_id: int, items: list[BriefingItem]) -> Briefing:
    """The draft's item list replaced by ``items``, in their order."""
    body = {"items": msgspec.to_builtins(items)}
    answer = await client.send("PATCH", f"/api/v1/briefings/{briefing_id}", body)
    return _as(Briefing, answer, "saved briefing")


async def publish(client: HubClient, briefing_id: int) -> int:
    """The version the draft became on the team's devices."""
    answer = await client.post(f"/api/v1/briefings/{briefing_id}/publish")
    return int(answer["version"])


async def receipts(client: HubClient, briefing_id: int) -> list[BriefingReceipt]:
    path = f"/api/v1/briefings/{briefing_id}/receipts"
    return (await client.read(Receipts, path)).receipts


async def offers(client: HubClient, briefing_id: int) -> list[BriefingOffer]:
    """The changes waiting for a published pack (the stream brings those offered later)."""
    try:
        return (await client.read(Offers, f"/api/v1/briefings/{briefing_id}/offers")).offers
    except HubError as exc:
        if exc.status == 404:  # a hub that only offers changes on the stream
            return []
        raise


async def pdf(client: HubClient, briefing_id: int, version: int | None = None) -> bytes:
    given = {} if version is None else {"version": version}
    return (await client.get(f"/api/v1/briefings/{briefing_id}/pdf", **given)).content


async def audit(client: HubClient, briefing_id: int) -> bytes:
    """Who built, published, read and acknowledged what and when (for disclosure)."""
    return (await client.get(f"/api/v1/briefings/{briefing_id}/audit")).content
