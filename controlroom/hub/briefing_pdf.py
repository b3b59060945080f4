"""The pack as a PDF: what the hub hands ``controlroom.briefings.pdf.render`` (the area's
outline, its hotspots, the photos it may show, the street tiles), rendered in a worker thread.
Without the renderer installed the route answers 503, never a made-up document."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from controlroom.contract.briefings import Briefing, BriefingArea
from controlroom.geo.area import load_area
from controlroom.geo.hotspots import load_hotspots
from controlroom.hub.blobs import blob_path
from controlroom.hub.capture_fields import is_restricted
from controlroom.hub.context import Hub
from controlroom.hub.errors import ApiError
from controlroom.store.schema import Attachment, Capture

ATTACHMENTS, CAPTURES = Attachment.__table__, Capture.__table__
LatLonRing = list[tuple[float, float]]


def _renderer() -> Callable[..., bytes]:
    try:
        module = importlib.import_module("controlroom.briefings.pdf")
    except ImportError as exc:
        raise ApiError(503, "unavailable", "this hub has no briefing PDF renderer") from exc
    return module.render


def outline_of(area: BriefingArea) -> list[LatLonRing]:
    """The area's outer rings as (lat, lon): a bounding box, a polygon, or the district's or
    wards' boundaries."""
    if area.bbox:
        west, south, east, north = area.bbox
        return [[(south, west), (south, east), (north, east), (north, west), (south, west)]]
    if area.polygon:
        return [[(p[0], p[1]) for p in area.polygon]]
    regions = load_area().districts if area.district else load_area().wards
    names = {area.district} if area.district else set(area.wards or [])
    return [
        [(lat, lon) for lon, lat in polygon[0]]
        for region in regions
        if region.name in names
        for polygon in region.polygons
    ]


def hotspots_in(rings: list[LatLonRing]) -> list[tuple[float, float, int]]:
    if not rings:
        return []
    lats = [lat for ring in rings for lat, _ in ring]
    lons = [lon for ring in rings for _, lon in ring]
    return [
        (lat, lon, weight)
        for lat, lon, weight, _ in load_hotspots()
        if min(lats) <= lat <= max(lats) and min(lons) <= lon <= max(lons)
    ]


def photo_reader(engine: Engine, root: Path) -> Callable[[str], bytes | None]:
    """Bytes of an attachment by its id, when its capture is not restricted."""

    def photo(attachment_id: str) -> bytes | None:
        if not attachment_id.isdigit():
            return None
        with engine.connect() as connection:
            row: Any = connection.execute(
                select(ATTACHMENTS.c.sha256, CAPTURES.c.handling_code)
                .join(CAPTURES, CAPTURES.c.id == ATTACHMENTS.c.capture_id)
                .where(ATTACHMENTS.c.id == int(attachment_id))
            ).first()
        if row is None or is_restricted(row.handling_code):
            return None
        path = blob_path(root, row.sha256)
        return path.read_bytes() if path.is_file() else None

    return photo


def streets_file() -> Path | None:
    path = Path(str(resources.files("resources").joinpath("basemap", "streets.pmtiles")))
    return path if path.is_file() else None


async def pdf_of(hub: Hub, briefing: Briefing) -> bytes:
    render = _renderer()
    rings = outline_of(briefing.area)

    def run() -> bytes:
        return render(
            briefing,
            produced_at=datetime.now(UTC),
            photos=photo_reader(hub.engine, hub.attachments_dir),
            hotspots=hotspots_in(rings),
            outline=rings,
            streets=streets_file(),
        )

    return await asyncio.to_thread(run)
