"""Reads of entities for a reader who may or may not be cleared for handling code C: what a
record is known by is only ever made from the captures the reader may see (blocking: run in a
worker thread)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, select

from controlroom.contract import entities as doc
from controlroom.entities import claims as cl
from controlroom.entities.normalise import phone, vrm
from controlroom.hub.entity_rows import CAPTURES, MENTIONS, OPEN, SUGGESTIONS, loads, visible
from controlroom.timeutil import to_iso

MAX_SEEN = 2000  # mentions of one record read for a page


@dataclass(slots=True)
class Seen:
    """A mention the reader may see, with the capture that makes it."""

    mention: Any
    attributes: dict
    capture: Any

    @property
    def said(self) -> cl.Said:
        return cl.Said(
            self.attributes,
            self.capture.id,
            self.capture.at,
            cl.grade_of(loads(self.capture.fields)),
        )


def seen_of(connection: Connection, entity_ids: list[int], cleared: bool) -> dict[int, list[Seen]]:
    found: dict[int, list[Seen]] = defaultdict(list)
    if not entity_ids:
        return found
    rows = connection.execute(
        select(
            MENTIONS,
            CAPTURES.c.kind.label("capture_kind"),
            CAPTURES.c.at.label("capture_at"),
            CAPTURES.c.lat,
            CAPTURES.c.lon,
            CAPTURES.c.summary,
            CAPTURES.c.fields,
            CAPTURES.c.handling_code,
        )
        .join(CAPTURES, CAPTURES.c.id == MENTIONS.c.capture_id)
        .where(MENTIONS.c.entity_id.in_(entity_ids), visible(cleared))
        .order_by(CAPTURES.c.at, MENTIONS.c.id)
        .limit(MAX_SEEN * len(entity_ids))
    )
    for r in rows:
        found[r.entity_id].append(Seen(r, loads(r.attributes), _CaptureView(r)))
    return found


class _CaptureView:
    __slots__ = ("id", "kind", "at", "lat", "lon", "summary", "fields", "handling_code")

    def __init__(self, r: Any):
        self.id, self.kind, self.at = r.capture_id, r.capture_kind, r.capture_at
        self.lat, self.lon, self.summary = r.lat, r.lon, r.summary
        self.fields, self.handling_code = r.fields, r.handling_code


def known_as(kind: str, seen: list[Seen]) -> tuple[str, dict[str, str], dict[str, list[cl.Claim]]]:
    """(label, best attributes, every claim) from the mentions the reader may see."""
    found = cl.claims(kind, [s.said for s in seen])
    best = cl.best(found)
    return cl.label(kind, best), best, found


def labels(
    connection: Connection, entity_ids: list[int], cleared: bool
) -> dict[int, tuple[str, list[str]]]:
    """Each record's label and the captures the reader may see it in (records the reader
    may see nothing of are left out)."""
    out = {}
    for entity_id, seen in seen_of(connection, entity_ids, cleared).items():
        label, _, _ = known_as(seen[0].mention.kind, seen)
        out[entity_id] = (label, list(dict.fromkeys(s.capture.id for s in seen)))
    return out


def visible_mentions(connection: Connection, mention_ids: set[int], cleared: bool) -> set[int]:
    ids = sorted(i for i in mention_ids if i is not None)
    if not ids:
        return set()
    rows = connection.execute(
        select(MENTIONS.c.id)
        .join(CAPTURES, CAPTURES.c.id == MENTIONS.c.capture_id)
        .where(MENTIONS.c.id.in_(ids), visible(cleared))
    )
    return set(rows.scalars())


def quoted_captures(connection: Connection, capture_id: str, cleared: bool) -> list[str]:
    """The other captures whose mentions the reasons of this capture's links and open
    suggestions quote (those a reader who is ``cleared`` or not may see)."""
    mentions = connection.execute(
        select(MENTIONS.c.id, MENTIONS.c.reasons).where(MENTIONS.c.capture_id == capture_id)
    ).all()
    if not mentions:
        return []
    suggested = connection.execute(
        select(SUGGESTIONS.c.reasons).where(
            SUGGESTIONS.c.mention_id.in_([m.id for m in mentions]),
            SUGGESTIONS.c.status.in_(OPEN),
        )
    ).scalars()
    reasons = [r for m in mentions for r in loads(m.reasons)]
    reasons += [r for raw in suggested for r in loads(raw)]
    support = sorted({r["mention"] for r in reasons if r.get("mention") is not None})
    if not support:
        return []
    rows = connection.execute(
        select(MENTIONS.c.capture_id)
        .join(CAPTURES, CAPTURES.c.id == MENTIONS.c.capture_id)
        .where(MENTIONS.c.id.in_(support), visible(cleared), MENTIONS.c.capture_id != capture_id)
        .distinct()
    )
    return sorted(rows.scalars())


def reasons_shown(reasons: list[dict], visible: set[int]) -> list[str]:
    """The reasons whose supporting mention the reader may see."""
    return [r["text"] for r in reasons if r.get("mention") is None or r["mention"] in visible]


def capture_entities(connection: Connection, capture_id: str, cleared: bool) -> doc.CaptureEntities:
    """Every entity a (readable) capture mentions, and the records suggested for its mentions."""
    mentions = connection.execute(
        select(MENTIONS).where(MENTIONS.c.capture_id == capture_id).order_by(MENTIONS.c.ordinal)
    ).all()
    suggestions = (
        connection.execute(
            select(SUGGESTIONS)
            .where(
                SUGGESTIONS.c.mention_id.in_([m.id for m in mentions]),
                SUGGESTIONS.c.status.in_(OPEN),
            )
            .order_by(SUGGESTIONS.c.id)
        ).all()
        if mentions
        else []
    )
    reasons = {m.id: loads(m.reasons) for m in mentions} | {
        f"s{s.id}": loads(s.reasons) for s in suggestions
    }
    support = {r.get("mention") for rs in reasons.values() for r in rs}
    visible = visible_mentions(connection, support, cleared)
    records = {m.entity_id for m in mentions if m.entity_id} | {s.entity_id for s in suggestions}
    named = labels(connection, sorted(records), cleared)
    items: dict[tuple[int, str], doc.EntityLink] = {}
    by_id = {m.id: m for m in mentions}
    for m in mentions:
        if m.entity_id is None or m.entity_id not in named:
            continue
        linked = "confirmed" if m.link == "confirmed" else "auto"
        _add(
            items,
            (m.entity_id, "linked"),
            m,
            named[m.entity_id][0],
            linked,
            m.score,
            reasons_shown(reasons[m.id], visible),
        )
    for s in suggestions:
        if s.entity_id in named:
            item = _add(
                items,
                (s.entity_id, f"s{s.id}"),
                by_id[s.mention_id],
                named[s.entity_id][0],
                "suggested",
                s.score,
                reasons_shown(reasons[f"s{s.id}"], visible),
            )
            item.suggestion = s.id
    return doc.CaptureEntities(capture_id=capture_id, entities=list(items.values()))


def _add(
    items: dict, key: tuple, m: Any, label: str, linked: str, score: float, reasons: list[str]
) -> doc.EntityLink:
    ref = doc.MentionRef(path=m.path, written=m.written)
    item = items.get(key)
    if item is None:
        item = items[key] = doc.EntityLink(
            id=key[0],
            kind=m.kind,
            label=label,
            linked=linked,
            score=round(score, 4),
            reasons=reasons,
        )
    elif linked == "confirmed":
        item.linked = "confirmed"
    item.mentions.append(ref)
    item.reasons = list(dict.fromkeys([*item.reasons, *reasons]))
    return item


def search_terms(q: str) -> list[str]:
    """The words to find, with a registration mark or phone number in its one written form."""
    text = " ".join(q.split())[:200]
    for normal in (phone(text), vrm(text)):
        if normal:
            return [normal.lower()]
    return [w.lower() for w in text.split()[:8]]


def search(
    connection: Connection, kind: str | None, q: str, cleared: bool, limit: int
) -> doc.EntitySearch:
    conditions = [MENTIONS.c.entity_id.is_not(None), visible(cleared)]
    if kind:
        conditions.append(MENTIONS.c.kind == kind)
    for term in search_terms(q):
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(MENTIONS.c.search.like(f"%{escaped}%", escape="\\"))
    ids = (
        connection.execute(
            select(MENTIONS.c.entity_id)
            .join(CAPTURES, CAPTURES.c.id == MENTIONS.c.capture_id)
            .where(and_(*conditions))
            .group_by(MENTIONS.c.entity_id)
            .order_by(MENTIONS.c.entity_id.desc())
            .limit(limit)
        )
        .scalars()
        .all()
    )
    seen = seen_of(connection, list(ids), cleared)
    found = []
    for entity_id in ids:
        if entity_id in seen:
            label, _, _ = known_as(seen[entity_id][0].mention.kind, seen[entity_id])
            captures = {s.capture.id for s in seen[entity_id]}
            last = max(s.capture.at for s in seen[entity_id])
            found.append(
                doc.EntitySummary(
                    id=entity_id,
                    kind=seen[entity_id][0].mention.kind,
                    label=label,
                    captures=len(captures),
                    last_seen=to_iso(last),
                )
            )
    found.sort(key=lambda e: e.last_seen or "", reverse=True)
    return doc.EntitySearch(entities=found)
