"""What the hub proposes for a pack until ``controlroom.hub.briefing_proposal`` is present:
the incidents still open in the area (a bounding box; every open incident for an area named
otherwise), newest first. ``proposer()`` gives the full proposal when it is there."""

from __future__ import annotations

from sqlalchemy import Connection, select

from controlroom.contract.briefings import BriefingArea, BriefingItem
from controlroom.hub.briefings import Propose
from controlroom.store.schema import Incident
from controlroom.timeutil import to_iso

INCIDENTS = Incident.__table__
MOST = 30


def proposer() -> Propose:
    try:
        from controlroom.hub.briefing_proposal import propose
    except ImportError:
        return propose_open_incidents
    return propose


def propose_open_incidents(
    connection: Connection,
    area: BriefingArea,
    shift_start: float,
    shift_end: float,
    callsigns: list[str],
    team: str | list[str],
) -> list[BriefingItem]:
    query = select(INCIDENTS).where(INCIDENTS.c.status == "open")
    if area.bbox:
        west, south, east, north = area.bbox
        query = query.where(
            INCIDENTS.c.lon.between(west, east), INCIDENTS.c.lat.between(south, north)
        )
    rows = connection.execute(query.order_by(INCIDENTS.c.raised_at.desc()).limit(MOST))
    return [
        BriefingItem(
            id=f"incident:{r.id}",
            section="information",
            kind="incident",
            title=(r.summary.splitlines() or ["Incident"])[0][:200] or "Incident",
            text=f"{r.grade} incident at {r.location_text or 'a place on the map'}, raised "
            f"{to_iso(r.raised_at)}",
            source=f"incident {r.id}",
            ref=str(r.id),
            lat=r.lat,
            lon=r.lon,
            proposed=True,
        )
        for r in rows
    ]
