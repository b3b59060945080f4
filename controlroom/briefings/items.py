"""One item of the pack as printed: its title, what it says, the sergeant's note, where it came
from, its 3x5x2 code, when it expires, who carries it out, and a tick box where the sergeant asks
for it to be acknowledged; beside it a map inset (a place) or a photo slot (a person)."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from controlroom.briefings.styles import (
    BODY,
    FONT,
    INK,
    ITEM_TITLE,
    META,
    MUTED,
    NOTE,
    RULE,
    SHADE,
    WITHHELD,
    markup,
)
from controlroom.contract.briefings import BriefingItem
from controlroom.localtime import local

KIND_WORDS = {
    "incident": "Incident",
    "intelligence": "Intelligence",
    "person": "Person",
    "vehicle": "Vehicle",
    "place": "Place",
    "hotspot": "Hotspot",
    "task": "Task",
    "note": "Note",
}
FIGURE_WIDTH = 52 * mm
FIGURE_HEIGHT = 40 * mm
PHOTO_WIDTH, PHOTO_HEIGHT = 30 * mm, 38 * mm


def item_flowables(
    item: BriefingItem, number: str, map_ref: int | None, figure: Flowable | None
) -> list[Flowable]:
    """The item's block (the caller keeps it together: reportlab's KeepTogether must not nest)."""
    parts: list[Flowable] = [Paragraph(f"{number}&nbsp;&nbsp;{markup(item.title)}", ITEM_TITLE)]
    parts.append(Paragraph(meta_line(item, map_ref), META))
    if item.text:
        parts.append(Paragraph(markup(item.text), BODY))
    if item.note:
        parts.append(Paragraph(f"<b>Sergeant's note:</b> {markup(item.note)}", NOTE))
    if item.acknowledge:
        parts.append(TickBox())
    if figure is not None:
        return [_beside(parts, figure), Rule()]
    return [*parts, Rule()]


def _beside(parts: list[Flowable], figure: Flowable) -> Table:
    """The item's text in a column with the figure at its right (a table, so even a word
    longer than the column breaks inside it; rows split across pages for a long text)."""
    gap = 4 * mm
    return Table(
        [[parts, figure]],
        colWidths=[None, figure.width + gap],
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ],
        splitInRow=1,
    )


def withheld_flowables(number: str) -> list[Flowable]:
    text = f"{number}&nbsp;&nbsp;Item withheld: handling code C, not for this audience."
    return [Paragraph(text, WITHHELD), Rule()]


def meta_line(item: BriefingItem, map_ref: int | None) -> str:
    words = [f"<b>{KIND_WORDS.get(item.kind, item.kind.title())}</b>"]
    if map_ref is not None:
        words.append(f"<b>map {map_ref}</b>")
    words.append(f"Source: {markup(item.source or 'sergeant')}")
    words.append(f"3x5x2: {markup(item.code)}" if item.code else "3x5x2: not graded")
    if item.handling_code:
        words.append(f"Handling: {markup(item.handling_code)}")
    expires = local(item.expires_at)
    words.append(f"Expires {expires:%a %d %b %H:%M}" if expires else "No expiry")
    if item.assigned_to:
        words.append(f"<b>Assigned to {markup(item.assigned_to)}</b>")
    return " · ".join(words)


class Rule(Flowable):
    """A thin line between items."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, 6

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.4)
        self.canv.line(0, 3, self.width, 3)


class TickBox(Flowable):
    """A box to tick on paper: the officer's acknowledgement of this item."""

    TEXT = "Acknowledged: read and understood          Initials ________"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 16

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(INK)
        c.setFillColor(SHADE)
        c.setLineWidth(0.9)
        c.rect(0, 3, 10, 10, stroke=1, fill=1)
        c.setFillColor(INK)
        c.setFont(FONT, 8.5)
        c.drawString(15, 5.5, self.TEXT)


class Figure(Flowable):
    """A fixed-size drawing that text can flow beside (``ImageAndFlowables`` asks these)."""

    width: float
    height: float

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _restrictSize(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _unRestrictSize(self) -> None:
        pass


class PhotoSlot(Figure):
    """A person's photo in a frame, or the empty frame saying "no photo"."""

    def __init__(self, photo: bytes | None):
        super().__init__()
        self.width, self.height = PHOTO_WIDTH, PHOTO_HEIGHT
        self._image = _readable(photo)

    def draw(self) -> None:
        c = self.canv
        if self._image is not None:
            w, h = self._image.getSize()
            scale = min(self.width / w, self.height / h)
            dw, dh = w * scale, h * scale
            x, y = (self.width - dw) / 2, (self.height - dh) / 2
            c.drawImage(self._image, x, y, dw, dh, preserveAspectRatio=True, mask="auto")
        else:
            c.setFillColor(SHADE)
            c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            c.setFillColor(MUTED)
            c.setFont(FONT, 8)
            c.drawCentredString(self.width / 2, self.height / 2 - 3, "no photo")
        c.setStrokeColor(INK)
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)


def _readable(photo: bytes | None) -> ImageReader | None:
    if not photo:
        return None
    try:
        image = ImageReader(BytesIO(photo))
        image.getSize()
    except (OSError, ValueError):  # not an image: the slot stays empty
        return None
    return image


def spacer(height: float) -> Spacer:
    return Spacer(1, height)
