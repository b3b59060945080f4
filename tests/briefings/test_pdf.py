"""The printed briefing, read back as a reader reads it: the text of each page extracted from the
PDF (pdfium, independent of the library that wrote it)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from controlroom.briefings.pdf import render
from controlroom.briefings.styles import WIDE_FONTS
from controlroom.contract.briefings import Briefing, BriefingArea, BriefingItem

ROOT = Path(__file__).resolve().parents[2]
STREETS = ROOT / "resources" / "basemap" / "streets.pmtiles"
PRODUCED = datetime(2026, 7, 14, 13, 5, tzinfo=UTC)  # 14:05 in Stoke (summer time)
HANLEY = (53.0245, -2.1785)
OUTLINE = [[(53.00, -2.22), (53.05, -2.22), (53.05, -2.14), (53.00, -2.14), (53.00, -2.22)]]


def item(n: int, section: str = "information", kind: str = "incident", **extra) -> BriefingItem:
    return BriefingItem(
        id=f"incident:{n}",
        section=section,
        kind=kind,
        title=extra.pop("title", f"Burglary dwelling, Etruria Road ({n})"),
        text=extra.pop("text", "Rear door forced overnight; tools taken from the shed. " * 6),
        source=extra.pop("source", f"incident 20260714-{n:04d}"),
        **extra,
    )


def pack(items: list[BriefingItem], version: int = 3) -> Briefing:
    return Briefing(
        id=7,
        title="Hanley late turn",
        area=BriefingArea(district="Stoke-on-Trent"),
        shift_start="2026-07-14T13:00:00Z",
        shift_end="2026-07-14T21:00:00Z",
        team="Team 2",
        callsigns=["SH21", "SH22", "SH23"],
        version=version,
        items=items,
    )


def printed(briefing: Briefing, streets: Path | None = None, **kwargs) -> list[str]:
    options = {"photos": None, "hotspots": [], "outline": OUTLINE, "streets": streets}
    options.update(kwargs)
    pdf = render(briefing, produced_at=PRODUCED, **options)
    assert pdf.startswith(b"%PDF-")
    document = pdfium.PdfDocument(pdf)
    return [page.get_textpage().get_text_range() for page in document]


def test_every_page_carries_the_marking_its_number_of_the_total_and_the_version():
    pages = printed(pack([item(n) for n in range(40)]))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number}: marking at head and foot"
        assert f"page {number} of {len(pages)}" in text
        assert "Version 3, produced Tue 14 Jul 2026 14:05 BST" in text


def test_a_draft_says_so_and_the_front_page_names_area_shift_team_and_callsigns():
    pages = printed(pack([item(n) for n in range(30)], version=0))
    assert len(pages) > 1 and all(page.count("DRAFT") >= 2 for page in pages)  # foot, across
    first = pages[0]
    assert "Version 0" not in first
    for wanted in ("Hanley late turn", "Stoke-on-Trent", "Tue 14 Jul 2026 14:00 to 22:00 BST"):
        assert wanted in first
    assert "Team 2" in first and "SH21, SH22, SH23" in first


def test_sections_print_in_briefing_order_with_each_items_source_code_expiry_and_callsign():
    items = [
        item(1, "risk", title="Dog at 14 Cobden Street", code="1-A-P"),
        item(2, "information", expires_at="2026-07-15T05:00:00Z"),
        item(3, "method", kind="task", title="Visit 22 Hope Street", assigned_to="SH22"),
    ]
    text = "".join(printed(pack(items)))
    order = [text.index(t) for t in ("Information", "Method", "Risk assessment", "Places")]
    assert order == sorted(order)
    assert "incident 20260714-0002" in text and "Expires Wed 15 Jul 06:00" in text
    assert "3x5x2: 1-A-P" in text and "Assigned to SH22" in text


def test_handling_code_c_prints_only_for_a_cleared_audience():
    secret = item(9, "information", kind="intelligence", handling_code="C")
    secret.title, secret.text = "Supply line", "Courier uses the red Astra on Tuesdays"
    briefing = pack([item(1), secret])
    for_the_team = "".join(printed(briefing))
    assert "red Astra" not in for_the_team and "Supply line" not in for_the_team
    assert "Item withheld" in for_the_team
    cleared = "".join(printed(briefing, cleared=True))
    assert "red Astra" in cleared and "Item withheld" not in cleared


def test_a_withheld_place_is_not_marked_on_the_maps():
    secret = item(2, "places", kind="place", handling_code="C", lat=HANLEY[0], lon=HANLEY[1])
    shown = item(3, "places", kind="place", lat=53.0, lon=-2.18)
    for_the_team = "".join(printed(pack([secret, shown])))
    assert "map 1" in for_the_team and "map 2" not in for_the_team  # one place numbered
    assert "".join(printed(pack([secret, shown]), cleared=True)).count("map 2") == 1


def test_hostile_text_prints_as_typed():
    hostile = (
        "<b>&amp; </para><font size=90>x</font> \x00\x07 "
        + "Ünïcödé ✓ — עברית מימין לשמאל العربية "
        + "W" * 600
        + " end of line "
    )
    long_item = item(1, text=(hostile + "\n") * 6, note="<i>note</i> & more", acknowledge=True)
    long_item.title = "T" * 200
    text = "".join(printed(pack([long_item])))
    assert "<b>&amp; </para><font size=90>x</font>" in text
    assert "<i>note</i> & more" in text and "Ünïcödé" in text
    assert "Acknowledged: read and understood" in text


@pytest.mark.skipif(not WIDE_FONTS.is_dir(), reason="no DejaVu Sans: no Hebrew or Arabic glyphs")
def test_hebrew_and_arabic_print_in_reading_order():
    said = "Seen with עברית near the العربية sign"
    text = unicodedata.normalize("NFKC", "".join(printed(pack([item(1, text=said)]))))
    assert said in text  # pdfium reads the glyphs back in logical order only if drawn so


def test_people_get_a_photo_slot_and_places_a_numbered_map_inset():
    photo = BytesIO()
    Image.new("RGB", (60, 80), (120, 90, 70)).save(photo, format="PNG")
    people = [
        item(1, "people", kind="person", title="Wanted: Dean HOLLIS", photo="att-1"),
        item(2, "people", kind="person", title="Missing: Amy PARR", photo="att-2"),
    ]
    place = item(3, "places", kind="place", title="Bus station", lat=HANLEY[0], lon=HANLEY[1])
    pdf = render(
        pack([*people, place]),
        produced_at=PRODUCED,
        photos={"att-1": photo.getvalue()}.get,
        hotspots=[(53.026, -2.176, 30)],
        outline=[],  # the overview then spans the places: a few street tiles, a fast test
        streets=STREETS,
    )
    document = pdfium.PdfDocument(pdf)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    assert text.count("no photo") == 1  # Amy PARR's slot: no attachment to show
    images = [
        obj for page in document for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
    ]
    assert len(images) == 1
    assert "map 1" in text and "© OpenStreetMap contributors" in text


def _unreadable(attachment: str) -> bytes | None:
    raise FileNotFoundError(attachment)


@pytest.mark.parametrize("case", ["none", "missing", "not tiles"])
def test_without_street_tiles_the_maps_still_show_the_area_and_places(case, tmp_path):
    streets = None if case == "none" else tmp_path / "streets.pmtiles"
    if case == "not tiles":
        streets.write_bytes(b"PMTiles? no: " * 20)
    place = item(1, "places", kind="place", lat=HANLEY[0], lon=HANLEY[1])
    person = item(2, "people", kind="person", photo="att-9")
    broken = {"att-9": b"\x89PNG\r\n\x1a\n not a picture"}.get
    if case == "missing":
        broken = _unreadable  # the hub's read of the attachment fails
    text = "".join(printed(pack([place, person]), streets=streets, photos=broken))
    assert "Overview: the briefing area outlined" in text and "map 1" in text
    assert "OpenStreetMap" not in text
    assert "no photo" in text  # an attachment that is no image, or unreadable: an empty slot
