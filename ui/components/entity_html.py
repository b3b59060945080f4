"""A record's page as rich text for a text browser: what it is known as, each attribute with
every claim made about it and the grade of the best capture saying it, the captures that
mention it (with their grade and handling code), a timeline of sightings and decisions, and the
records it appears with. Captures link as ``capture:ID``, records as ``entity:ID``."""

from __future__ import annotations

from html import escape

from controlroom.contract.entities import Claim, Decision, EntityPage, Sighting
from controlroom.localtime import day_and_clock
from controlroom.vocabulary import CAPTURE_KIND
from ui.components.record_html import INKS, Ink, section

KIND_COLOURS = {"person": "#2dd4bf", "vehicle": "#60a5fa", "phone": "#f472b6", "address": "#c084fc"}
DECIDED = {
    "merge": "merged another record in",
    "split": "split captures off",
    "link": "linked a suggested mention",
    "not_same": "said a suggestion was not the same",
    "unsure": "was unsure of a suggestion",
}


LINKS = {"dark": "#7dd3fc", "light": "#0369a1"}


def link_style(theme: str) -> str:
    """The browser's style sheet for links, legible on the theme's background."""
    return f"a {{ color: {LINKS.get(theme, LINKS['dark'])}; text-decoration: none; }}"


def _cell(text: str, ink: Ink, muted: bool = False, nowrap: bool = False) -> str:
    colour = f"color:{ink.muted}; " if muted else ""
    whole = "white-space:nowrap; " if nowrap else ""
    return f"<td valign='top' style='{colour}{whole}padding-right:10px'>{text}</td>"


def one_per_value(claims: list[Claim]) -> list[Claim]:
    """A value claimed by captures of different grades, once: its best grade (the hub lists
    the best first) and every capture saying it."""
    merged: dict[str, Claim] = {}
    for claim in claims:
        known = merged.get(claim.value)
        if known is None:
            merged[claim.value] = Claim(
                value=claim.value, grade=claim.grade, captures=list(claim.captures)
            )
        else:
            known.captures += [c for c in claim.captures if c not in known.captures]
    return list(merged.values())


def _claims(page: EntityPage, ink: Ink) -> str:
    rows = []
    for name, claims in page.claims.items():
        for n, claim in enumerate(one_per_value(claims)):
            rows.append(
                "<tr>"
                + _cell(escape(name.replace("_", " ")) if n == 0 else "", ink, muted=True)
                + _cell(_claim_value(claim, page.attributes.get(name), ink), ink)
                + _cell(escape(claim.grade or "ungraded"), ink, muted=True, nowrap=True)
                + _cell(_times(len(claim.captures)), ink, muted=True, nowrap=True)
                + "</tr>"
            )
    if not rows:
        return f"<p style='color:{ink.muted}'>No attributes recorded.</p>"
    head = "".join(
        f"<td style='color:{ink.muted}; font-size:8pt'>{h}</td>"
        for h in ("", "claimed", "best grade", "said in")
    )
    return f"<table cellspacing='0' cellpadding='2'><tr>{head}</tr>{''.join(rows)}</table>"


def _claim_value(claim: Claim, best: str | None, ink: Ink) -> str:
    if claim.value == best:
        return f"<b>{escape(claim.value)}</b>"
    return escape(claim.value)


def _times(n: int) -> str:
    return "1 capture" if n == 1 else f"{n} captures"


def _sighting_row(s: Sighting, ink: Ink) -> str:
    code = s.handling_code or ""
    code_style = f"color:{ink.accent}; font-weight:bold" if code == "C" else f"color:{ink.muted}"
    summary = escape(s.summary[:140]) or escape(CAPTURE_KIND.words(s.kind))
    return (
        "<tr>"
        + _cell(escape(day_and_clock(s.at)), ink, muted=True, nowrap=True)
        + _cell(escape(CAPTURE_KIND.words(s.kind)), ink, nowrap=True)
        + _cell(escape(", ".join(s.roles)), ink, muted=True, nowrap=True)
        + _cell(escape(s.grading or "ungraded"), ink, nowrap=True)
        + f"<td style='{code_style}; padding-right:10px'>{escape(code)}</td>"
        + _cell(f"<a href='capture:{escape(s.capture_id)}'>{summary}</a>", ink)
        + "</tr>"
    )


def _captures(page: EntityPage, ink: Ink) -> str:
    newest = sorted(page.timeline, key=lambda s: s.at, reverse=True)
    head = "".join(
        f"<td style='color:{ink.muted}; font-size:8pt'>{h}</td>"
        for h in ("when", "kind", "as", "grade", "code", "")
    )
    rows = "".join(_sighting_row(s, ink) for s in newest)
    return f"<table cellspacing='0' cellpadding='2'><tr>{head}</tr>{rows}</table>"


def _timeline(page: EntityPage, ink: Ink) -> str:
    """Sightings and decisions together, oldest first."""
    events: list[tuple[str, str]] = []
    for s in page.timeline:
        where = f" ({', '.join(s.roles)})" if s.roles else ""
        what = f"{CAPTURE_KIND.words(s.kind)}{where}: {s.summary[:90]}"
        events.append((s.at, escape(what)))
    for d in page.decisions:
        events.append((d.at or "", escape(_decision(d))))
    events.sort(key=lambda e: e[0])
    rows = "".join(
        "<tr>" + _cell(escape(day_and_clock(at)), ink, muted=True, nowrap=True) + _cell(text, ink)
        for at, text in events
    )
    return f"<table cellspacing='0' cellpadding='1'>{rows}</table>"


def _decision(d: Decision) -> str:
    words = DECIDED.get(d.action, d.action.replace("_", " "))
    return f"{d.by} {words}" + (f": {d.note}" if d.note else "")


def _related(page: EntityPage, ink: Ink) -> str:
    if not page.related:
        return f"<p style='color:{ink.muted}'>Not seen with any other record.</p>"
    rows = "".join(
        "<tr>"
        + _cell(
            f"<span style='color:{KIND_COLOURS.get(r.kind, ink.muted)}'>{escape(r.kind)}</span>",
            ink,
            nowrap=True,
        )
        + _cell(f"<a href='entity:{r.id}'>{escape(r.label)}</a>", ink)
        + _cell(escape(r.via), ink, muted=True, nowrap=True)
        + _cell(_times(len(r.captures)), ink, muted=True, nowrap=True)
        + "</tr>"
        for r in page.related
    )
    return f"<table cellspacing='0' cellpadding='2'>{rows}</table>"


def entity_html(page: EntityPage, theme: str = "dark") -> str:
    ink = INKS.get(theme, INKS["dark"])
    tint = KIND_COLOURS.get(page.kind, ink.muted)
    waiting = len(page.suggestions)
    parts = [
        f"<div style='color:{ink.text}'>",
        f"<p style='margin:0'><span style='color:{tint}; font-size:8pt'>"
        f"<b>{escape(page.kind.upper())}</b></span> "
        f"<span style='color:{ink.muted}; font-size:8pt'>record {page.id}</span></p>",
        f"<p style='font-size:13pt; margin:0 0 4px 0'><b>{escape(page.label)}</b></p>",
        f"<p style='margin:0; color:{ink.muted}'>{_times(len(page.captures))}"
        + (f"; {waiting} suggestion{'s' if waiting != 1 else ''} waiting" if waiting else "")
        + "; where it was seen is pinned on the map</p>",
        section("WHAT IS HELD, AND HOW WELL IT IS GRADED", ink) + _claims(page, ink),
        section("CAPTURES THAT MENTION IT", ink) + _captures(page, ink),
        section("APPEARS WITH", ink) + _related(page, ink),
        section("TIMELINE", ink) + _timeline(page, ink),
        "</div>",
    ]
    return "".join(parts)
