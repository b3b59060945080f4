"""The briefing document's type and colours: one sans-serif family with wide Unicode cover
(DejaVu Sans where the system has it, else the Vera family reportlab ships), a few paragraph
styles, and the text of an item made safe for reportlab's paragraph markup."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import arabic_reshaper
import reportlab
from bidi import get_display
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT, BOLD, ITALIC, BOLD_ITALIC = "Brief", "Brief-Bold", "Brief-Italic", "Brief-BoldItalic"
NAVY = HexColor("#1f3a5f")
INK = HexColor("#1b1b1b")
MUTED = HexColor("#5b5b5b")
RULE = HexColor("#b9c2cc")
SHADE = HexColor("#eef1f5")
WARN = HexColor("#8a1c1c")

WIDE_FONTS = Path("/usr/share/fonts/truetype/dejavu")
_FACES = {  # our name -> (DejaVu file, Vera file)
    FONT: ("DejaVuSans.ttf", "Vera.ttf"),
    BOLD: ("DejaVuSans-Bold.ttf", "VeraBd.ttf"),
    ITALIC: ("DejaVuSans-Oblique.ttf", "VeraIt.ttf"),
    BOLD_ITALIC: ("DejaVuSans-BoldOblique.ttf", "VeraBI.ttf"),
}


@cache
def register_fonts() -> None:
    """Register the family once per process (TrueType, embedded in each document)."""
    vera = Path(reportlab.__file__).parent / "fonts"
    wide = all((WIDE_FONTS / dejavu).is_file() for dejavu, _ in _FACES.values())
    for name, (dejavu, fallback) in _FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(WIDE_FONTS / dejavu if wide else vera / fallback)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )


def style(name: str, **overrides: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": FONT,
        "fontSize": 9.5,
        "leading": 12.5,
        "textColor": INK,
        "alignment": TA_LEFT,
        "splitLongWords": 1,
    }
    base.update(overrides)
    return ParagraphStyle(name, **base)


register_fonts()
TITLE = style("title", fontName=BOLD, fontSize=19, leading=23, textColor=NAVY, spaceAfter=2)
SUBTITLE = style("subtitle", fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=8)
LABEL = style("label", fontName=BOLD, fontSize=8.5, leading=11, textColor=MUTED)
VALUE = style("value", fontSize=9.5, leading=12)
SECTION = style("section", fontName=BOLD, fontSize=11.5, leading=14, textColor="#ffffff")
ITEM_TITLE = style("item-title", fontName=BOLD, fontSize=10.5, leading=13.5, spaceAfter=1)
META = style("meta", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=3)
BODY = style("body", spaceAfter=3)
NOTE = style("note", fontName=ITALIC, leftIndent=8, borderPadding=0, spaceAfter=3)
EMPTY = style("empty", fontName=ITALIC, textColor=MUTED, spaceBefore=2, spaceAfter=4)
WITHHELD = style("withheld", fontName=BOLD_ITALIC, textColor=WARN, spaceAfter=4)
SMALL = style("small", fontSize=7.5, leading=9.5, textColor=MUTED)


def markup(text: str) -> str:
    """Plain text as paragraph markup: escaped (so ``<b>&amp;`` prints as typed), control
    characters dropped, right-to-left runs (Hebrew, Arabic) put in the order they are read,
    line breaks kept."""
    kept = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs", "Co")
    )
    lines = [_visual(line) for line in kept.replace("\t", " ").split("\n")]
    return "<br/>".join(escape(line) for line in lines)


def _visual(line: str) -> str:
    """A line with right-to-left script in display order, Arabic letters joined (reportlab
    lays text out left to right and does not shape). A right-to-left run that wraps onto the
    next printed line reads from the wrong end there: names and short phrases are the case."""
    if not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in line):
        return line
    return str(get_display(arabic_reshaper.reshape(line)))
