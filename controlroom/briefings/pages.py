"""What every page of the briefing carries: the protective marking at its head and foot, the
pack's title, its version and when it was produced, and "page X of Y" (known only once the
last page is laid out, so the canvas keeps each page and draws the furniture at the end)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from controlroom.briefings.styles import BOLD, FONT, INK, MUTED, NAVY, RULE

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 24 * mm


@dataclass(frozen=True)
class Furniture:
    marking: str
    title: str
    version_line: str  # "Version 3, produced Tue 01 Dec 2026 06:40 GMT" (or DRAFT)
    draft: bool = False  # never published: every page says so across it
    shift: str = ""  # "Tue 01 Dec 2026 14:00 to 22:00 GMT"


class BriefingCanvas(Canvas):
    """A canvas that holds its pages until ``save`` so each can say how many there are."""

    def __init__(self, *args: Any, furniture: Furniture, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, page in enumerate(self._pages, start=1):
            self.__dict__.update(page)
            draw_furniture(self, self._furniture, number, total)
            super().showPage()
        super().save()


def draw_furniture(c: Canvas, furniture: Furniture, page: int, pages: int) -> None:
    c.saveState()
    if furniture.draft:
        _draft_across(c)
    for y in (PAGE_HEIGHT - 9 * mm, 6 * mm):  # clear of the running head and foot
        _marking(c, furniture.marking, y)
    c.setStrokeColor(RULE)
    c.setLineWidth(0.5)
    top_rule, foot_rule = PAGE_HEIGHT - 17 * mm, 16 * mm
    c.line(MARGIN_X, top_rule, PAGE_WIDTH - MARGIN_X, top_rule)
    c.line(MARGIN_X, foot_rule, PAGE_WIDTH - MARGIN_X, foot_rule)
    c.setFont(FONT, 7.5)
    c.setFillColor(MUTED)
    c.drawString(MARGIN_X, top_rule + 2.2 * mm, _clipped(c, furniture.title, 95 * mm))
    shift = f"Shift briefing, {furniture.shift}" if furniture.shift else "Shift briefing"
    c.drawRightString(PAGE_WIDTH - MARGIN_X, top_rule + 2.2 * mm, shift)
    c.setFillColor(INK)
    c.setFont(FONT, 8)
    c.drawString(MARGIN_X, foot_rule - 4 * mm, furniture.version_line)
    c.setFont(BOLD, 8)
    c.drawRightString(PAGE_WIDTH - MARGIN_X, foot_rule - 4 * mm, f"page {page} of {pages}")
    c.restoreState()


def _draft_across(c: Canvas) -> None:
    c.saveState()
    c.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    c.rotate(50)
    c.setFillColor(MUTED)
    c.setFillAlpha(0.12)
    c.setFont(BOLD, 120)
    c.drawCentredString(0, -40, "DRAFT")
    c.restoreState()


def _marking(c: Canvas, marking: str, y: float) -> None:
    c.setFont(BOLD, 10)
    width = c.stringWidth(marking, BOLD, 10) + 8 * mm
    c.setStrokeColor(NAVY)
    c.setLineWidth(0.8)
    c.rect((PAGE_WIDTH - width) / 2, y - 1.8 * mm, width, 6 * mm, stroke=1, fill=0)
    c.setFillColor(NAVY)
    c.drawCentredString(PAGE_WIDTH / 2, y, marking)


def _clipped(c: Canvas, text: str, width: float) -> str:
    if c.stringWidth(text, FONT, 7.5) <= width:
        return text
    while text and c.stringWidth(text + "…", FONT, 7.5) > width:
        text = text[:-1]
    return text + "…"
