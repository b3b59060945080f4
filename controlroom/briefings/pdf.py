"""The briefing a sergeant hands out, as a PDF: the protective marking on every page, the pack's
title, area, shift, team and callsigns, an overview map of the area (streets, outline, hotspots
and the pack's numbered places), then the items section by section in IIMARCH order, each place
with a map inset and each person with a photo slot. Material under handling code C is printed
only for an audience cleared for it; otherwise a line says an item is withheld.

``render`` is pure: the hub passes it everything it may show and gets the document's bytes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from io import BytesIO
from pathlib import Path

from pmtiles.tile import MagicNumberNotFound, SpecVersionUnsupported
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Table

from controlroom.briefings.items import (
    FIGURE_HEIGHT,
    FIGURE_WIDTH,
    PhotoSlot,
    item_flowables,
    spacer,
    withheld_flowables,
)
from controlroom.briefings.mapdraw import MapSpec, StreetMap
from controlroom.briefings.pages import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_WIDTH,
    BriefingCanvas,
    Furniture,
)
from controlroom.briefings.streets import StreetTiles, street_tiles
from controlroom.briefings.styles import (
    EMPTY,
    LABEL,
    NAVY,
    RULE,
    SECTION,
    SMALL,
    SUBTITLE,
    TITLE,
    VALUE,
    markup,
)
from controlroom.contract.briefings import SECTION_TITLES, SECTIONS, Briefing, BriefingItem
from controlroom.localtime import FORCE_ZONE, local

log = logging.getLogger(__name__)
PMTILES_ERRORS = (MagicNumberNotFound, SpecVersionUnsupported)
UNREADABLE_TILES = (OSError, ValueError, EOFError, KeyError, *PMTILES_ERRORS)
Photos = Callable[[str], bytes | None]
LatLon = tuple[float, float]
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
OVERVIEW_HEIGHT = 112 * mm
PLACE_KINDS = ("place",)


def render(
    briefing: Briefing,
    *,
    produced_at: datetime,
    photos: Photos | None,
    hotspots: list[tuple[float, float, int]],
    outline: list[list[tuple[float, float]]],
    streets: Path | None,
    cleared: bool = False,
) -> bytes:
    """The briefing as PDF bytes. ``cleared``: the audience may read handling code C items."""
    tiles = _street_tiles(streets)
    printable = [i for i in briefing.items if cleared or (i.handling_code or "").upper() != "C"]
    places = _numbered_places(printable)
    story: list[Flowable] = _front(briefing, produced_at)
    story += _overview(briefing, tiles, hotspots, outline, places)
    for index, section in enumerate(SECTIONS, start=1):
        items = [i for i in briefing.items if i.section == section]
        story += _section(index, section, items, printable, places, tiles, hotspots, photos)
    out = BytesIO()
    line = version_line(briefing, produced_at)
    shift = _shift_words(briefing.shift_start, briefing.shift_end)
    draft = briefing.version == 0
    furniture = Furniture(briefing.marking, briefing.title, line, draft=draft, shift=shift)
    doc = SimpleDocTemplate(
        out,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=briefing.title,
        author=briefing.created_by or "Control Room",
        subject=f"{briefing.marking}: shift briefing",
        pageCompression=1,
    )
    doc.build(story, canvasmaker=partial(BriefingCanvas, furniture=furniture))
    return out.getvalue()


def _street_tiles(streets: Path | None) -> StreetTiles | None:
    """The street tiles, or None (maps without streets) where the file is missing or unreadable:
    a briefing is still printed."""
    if streets is None or not Path(streets).is_file():
        return None
    try:
        return street_tiles(streets)
    except UNREADABLE_TILES as exc:
        log.warning("briefing: no streets on the maps, cannot read %s: %s", streets, exc)
        return None


def version_line(briefing: Briefing, produced_at: datetime) -> str:
    produced = produced_at.astimezone(FORCE_ZONE).strftime("%a %d %b %Y %H:%M %Z")
    version = "DRAFT (not published)" if briefing.version == 0 else f"Version {briefing.version}"
    return f"{version}, produced {produced}"


def _numbered_places(printable: list[BriefingItem]) -> dict[str, int]:
    """Item id -> its number on the maps: the printable items that are places with a position."""
    mapped = [i for i in printable if _is_place(i)]
    return {item.id: number for number, item in enumerate(mapped, start=1)}


def _is_place(item: BriefingItem) -> bool:
    has_position = item.lat is not None and item.lon is not None
    return has_position and (item.kind in PLACE_KINDS or item.section == "places")


def _front(briefing: Briefing, produced_at: datetime) -> list[Flowable]:
    team = briefing.team if isinstance(briefing.team, str) else ", ".join(briefing.team)
    callsigns = ", ".join(briefing.callsigns) or "none resolved"
    rows = [
        ("Area", _area_words(briefing)),
        ("Shift", _shift_words(briefing.shift_start, briefing.shift_end)),
        ("Team", team),
        ("Callsigns", callsigns),
        ("Version", version_line(briefing, produced_at)),
        ("Prepared by", briefing.created_by or "not recorded"),
    ]
    if briefing.published_by:
        when = local(briefing.published_at)
        at = f" at {when:%a %d %b %H:%M}" if when else ""
        rows.append(("Published by", f"{briefing.published_by}{at}"))
    table = Table(
        [[Paragraph(k, LABEL), Paragraph(markup(v), VALUE)] for k, v in rows],
        colWidths=[30 * mm, CONTENT_WIDTH - 30 * mm],
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
        ],
    )
    return [
        Paragraph("SHIFT BRIEFING", SUBTITLE),
        Paragraph(markup(briefing.title), TITLE),
        spacer(3 * mm),
        table,
        spacer(5 * mm),
    ]


def _area_words(briefing: Briefing) -> str:
    area = briefing.area
    if area.district:
        return f"{area.district} district"
    if area.wards:
        return "Wards: " + ", ".join(area.wards)
    if area.bbox and len(area.bbox) == 4:
        w, s, e, n = area.bbox
        return f"Box {s:.4f}, {w:.4f} to {n:.4f}, {e:.4f}"
    if area.polygon:
        return f"Drawn area ({len(area.polygon)} points)"
    return "Not set"


def _shift_words(start: str, end: str) -> str:
    begins, ends = local(start), local(end)
    if begins is None or ends is None:
        return f"{start} to {end}"
    last = f"{ends:%H:%M}" if ends.date() == begins.date() else f"{ends:%a %d %b %Y %H:%M}"
    return f"{begins:%a %d %b %Y %H:%M} to {last} {ends:%Z}"


def _overview(
    briefing: Briefing,
    tiles: StreetTiles | None,
    hotspots: list[tuple[float, float, int]],
    outline: list[list[LatLon]],
    places: dict[str, int],
) -> list[Flowable]:
    marked = [
        (places[i.id], i.lat, i.lon)
        for i in briefing.items
        if i.id in places and i.lat is not None and i.lon is not None
    ]
    covers = [p for ring in outline for p in ring] or _bbox_corners(briefing)
    covers = covers or [(lat, lon) for _, lat, lon in marked] or [(h[0], h[1]) for h in hotspots]
    if not covers:
        return []
    spec = MapSpec(covers, outline, hotspots, marked, min_metres=1500)
    key = (
        "Overview: the briefing area outlined (paler outside it); shaded circles, hotspots "
        "(larger and darker: more reports); numbered markers, the places of interest below."
    )
    figure = StreetMap(spec, tiles, CONTENT_WIDTH, OVERVIEW_HEIGHT)
    return [KeepTogether([figure, spacer(1.5 * mm), Paragraph(key, SMALL)]), spacer(4 * mm)]


def _bbox_corners(briefing: Briefing) -> list[LatLon]:
    box = briefing.area.bbox
    if not box or len(box) != 4:
        return [(p[0], p[1]) for p in briefing.area.polygon or [] if len(p) >= 2]
    w, s, e, n = box
    return [(s, w), (n, e)]


def _section(
    index: int,
    section: str,
    items: list[BriefingItem],
    printable: list[BriefingItem],
    places: dict[str, int],
    tiles: StreetTiles | None,
    hotspots: list[tuple[float, float, int]],
    photos: Photos | None,
) -> list[Flowable]:
    heading = _heading(f"{index}.&nbsp;&nbsp;{SECTION_TITLES.get(section, section.title())}")
    if not items:
        return [KeepTogether([heading, Paragraph("Nothing to brief.", EMPTY)])]
    shown = {i.id for i in printable}
    blocks: list[list[Flowable]] = []
    for n, item in enumerate(items, start=1):
        number = f"{index}.{n}"
        if item.id not in shown:
            blocks.append(withheld_flowables(number))
            continue
        figure = _figure(item, places.get(item.id), tiles, hotspots, photos)
        blocks.append(item_flowables(item, number, places.get(item.id), figure))
    blocks[0] = [heading, *blocks[0]]  # a heading never ends a page alone
    return [KeepTogether(block) for block in blocks]


def _photo(photos: Photos | None, attachment: str | None) -> bytes | None:
    """The photo's bytes; None (an empty slot) where there is none or it cannot be read."""
    if photos is None or not attachment:
        return None
    try:
        return photos(attachment)
    except OSError as exc:  # one unreadable photo must not cost the sergeant the document
        log.warning("briefing: photo %s unreadable: %s", attachment, exc)
        return None


def _heading(text: str) -> Flowable:
    return Table(
        [[Paragraph(text, SECTION)]],
        colWidths=[CONTENT_WIDTH],
        style=[
            ("BACKGROUND", (0, 0), (-1, -1), NAVY),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ],
        spaceBefore=5 * mm,
        spaceAfter=2.5 * mm,
    )


def _figure(
    item: BriefingItem,
    map_ref: int | None,
    tiles: StreetTiles | None,
    hotspots: list[tuple[float, float, int]],
    photos: Photos | None,
) -> Flowable | None:
    if item.kind == "person":
        return PhotoSlot(_photo(photos, item.photo))
    if map_ref is None or item.lat is None or item.lon is None:
        return None
    spec = MapSpec([(item.lat, item.lon)], [], hotspots, [(map_ref, item.lat, item.lon)])
    spec.detail = True
    return StreetMap(spec, tiles, FIGURE_WIDTH, FIGURE_HEIGHT)
