"""A capture's record as rich text for a text browser: the header, the officer's own words, the
people, vehicles and places as cards two abreast, every other field once, and the revisions
with what changed. Colours follow the theme."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from controlroom.review.record import Card, Fact, Record

CARD_COLOURS = {"person": "#2dd4bf", "vehicle": "#60a5fa", "place": "#c084fc"}  # the role line


@dataclass(frozen=True)
class Ink:
    text: str
    muted: str
    card: str
    edge: str
    accent: str


INKS = {
    "dark": Ink("#d6dde6", "#8496aa", "#18212c", "#2a3644", "#f5b342"),
    "light": Ink("#1c2530", "#5b6b7d", "#ffffff", "#c9d2dc", "#b45309"),
}


def _rows(facts: tuple[Fact, ...] | list[Fact], ink: Ink) -> str:
    cells = "".join(
        f"<tr><td style='color:{ink.muted}; padding-right:10px' valign='top' nowrap>"
        f"{escape(f.label)}</td><td>{escape(f.value)}</td></tr>"
        for f in facts
    )
    return f"<table cellspacing='0' cellpadding='1'>{cells}</table>" if cells else ""


def _card(card: Card, ink: Ink) -> str:
    tint = CARD_COLOURS.get(card.kind, ink.muted)
    role = f"<span style='color:{tint}; font-size:8pt'><b>{escape(card.role.upper())}</b></span>"
    title = f"<b style='font-size:11pt'>{escape(card.title)}</b>"
    return (
        f"<td width='50%' valign='top' bgcolor='{ink.card}' "
        f"style='border:1px solid {ink.edge}; padding:6px'>"
        f"{role}<br>{title}{_rows(card.facts, ink)}</td>"
    )


def _cards(cards: tuple[Card, ...], ink: Ink) -> str:
    if not cards:
        return ""
    pairs = [cards[i : i + 2] for i in range(0, len(cards), 2)]
    rows = "".join(
        "<tr>" + "".join(_card(c, ink) for c in pair) + ("<td></td>" if len(pair) == 1 else "")
        for pair in pairs
    )
    return f"<table width='100%' cellspacing='6' cellpadding='0'>{rows}</table>"


def section(title: str, ink: Ink) -> str:
    return f"<p style='margin:8px 0 2px 0; color:{ink.muted}; font-size:8pt'><b>{title}</b></p>"


def record_html(
    record: Record,
    status: list[Fact] | None = None,
    revisions: list[Fact] | None = None,
    theme: str = "dark",
) -> str:
    """``status``: the review and the grade as they stand; ``revisions``: one line each."""
    ink = INKS.get(theme, INKS["dark"])
    parts = [
        f"<div style='color:{ink.text}'>",
        f"<p style='font-size:12pt; margin:0 0 4px 0'><b>{escape(record.heading)}</b></p>",
        _rows([*record.facts, *(status or [])], ink),
    ]
    if revisions:  # an amendment back from the officer: what changed comes first
        parts.append(section("WHAT THE OFFICER CHANGED", ink) + _rows(revisions, ink))
    if record.proposal is not None:
        p = record.proposal
        label = "Grading (as recorded)" if p.historic else "Officer's proposed grade"
        words = p.words + (f"; conditions: {p.conditions}" if p.conditions else "")
        parts.append(
            f"<p style='margin:6px 0 0 0'><span style='color:{ink.muted}'>{label}</span> "
            f"<b style='color:{ink.accent}'>{escape(p.written)}</b> "
            f"<span style='color:{ink.muted}'>— {escape(words)}"
            f"{'' if p.historic else ' (a proposal: the evaluation is the analyst’s)'}</span></p>"
        )
    for fact in record.narrative:
        parts.append(section(fact.label.upper(), ink))
        text = escape(fact.value).replace("\n", "<br>")
        parts.append(f"<p style='margin:0'>{text}</p>")
    if record.cards:
        parts.append(section("PEOPLE, VEHICLES AND PLACES", ink) + _cards(record.cards, ink))
    if record.details:
        parts.append(section("DETAILS", ink) + _rows(record.details, ink))
    parts.append("</div>")
    return "".join(parts)
