"""The pack as a PDF: what the hub hands ``controlroom.briefings.pdf.render`` (the area's
outline, its hotspots, the photos it may show, the street tiles), rendered in a worker thread.
Without the renderer installed the route answers 503, never a made-up document."""

from __future__ import annotations

import asyncio
import hashlib
import importlib
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from controlroom.contract.briefings import Briefing
from controlroom.hub.blobstore import FileStore
from controlroom.hub.briefing_area import area_outline
from controlroom.hub.briefing_hotspots import hotspots
from controlroom.hub.briefing_proposal import window_of
from controlroom.hub.capture_fields import is_restricted
from controlroom.hub.context import Hub
from controlroom.hub.errors import ApiError
from controlroom.store.schema import Attachment, Capture
from controlroom.timeutil import parse_iso

ATTACHMENTS, CAPTURES = Attachment.__table__, Capture.__table__


def _renderer() -> Callable[..., bytes]:
    try:
        module = importlib.import_module("controlroom.briefings.pdf")
    except ImportError as exc:
        raise ApiError(503, "unavailable", "this hub has no briefing PDF renderer") from exc
    return module.render


def _hotspots(engine: Engine, briefing: Briefing) -> list[tuple[float, float, int]]:
    """The squares of the area that stand out over the pack's window, as the proposal finds
    them."""
    start, end = parse_iso(briefing.shift_start), parse_iso(briefing.shift_end)
    team = briefing.team
    with engine.connect() as connection:
        window = window_of(connection, briefing.area, start, end, briefing.callsigns, team)
        return hotspots(connection, window).cells


def photo_reader(engine: Engine, store: FileStore) -> Callable[[str], bytes | None]:
    """Bytes of an attachment by its id, when its capture is not restricted and the bytes
    still hash to what the device recorded."""

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
        content = store.read(row.sha256)
        return content if content and hashlib.sha256(content).hexdigest() == row.sha256 else None

    return photo


def streets_file() -> Path | None:
    path = Path(str(resources.files("resources").joinpath("basemap", "streets.pmtiles")))
    return path if path.is_file() else None


async def pdf_of(hub: Hub, briefing: Briefing, cleared: bool) -> bytes:
    """``cleared``: the reader may see handling code C (items made from C captures are
    printed for them alone, and then still as their sanitised text)."""
    render = _renderer()

    def run() -> bytes:
        return render(
            briefing,
            produced_at=datetime.now(UTC),
            photos=photo_reader(hub.engine, hub.blobs),
            hotspots=_hotspots(hub.engine, briefing),
            outline=area_outline(briefing.area),
            streets=streets_file(),
            cleared=cleared,
        )

    return await asyncio.to_thread(run)
