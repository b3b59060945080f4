"""Search of captures: words, a drawn area, a time window and a kind, newest first (blocking:
called in a worker thread). Restricted captures are left out for a reader not cleared."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select, text

from controlroom.contract import documents as doc
from controlroom.hub import dissemination
from controlroom.hub.records import capture_doc
from controlroom.hub.search_index import first_doc, last_doc
from controlroom.search.markers import RESTRICTED, cells_covering, kind_word
from controlroom.search.words import Term
from controlroom.store.schema import Capture, Unit

CAPTURES, UNITS = Capture.__table__, Unit.__table__
CHUNK = 500  # ids asked for in one statement
COUNT_CAP = 1000  # a total beyond this is reported as this, and said to be more (1000+)


@dataclass
class SearchFilter:
    terms: list[Term] = field(default_factory=list)
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    since: float | None = None
    until: float | None = None
    kind: str | None = None
    limit: int = 50
    cleared: bool = False


@dataclass
class Found:
    ids: list[str]
    total: int
    capped: bool  # more than COUNT_CAP matched


def search(connection: Connection, f: SearchFilter) -> Found:
    """The ids of the newest matches and how many match in all (up to COUNT_CAP)."""
    if _gathers_every_match(connection, f):
        newest = matching(connection, f, COUNT_CAP + 1)
        return Found(newest[: f.limit], min(len(newest), COUNT_CAP), len(newest) > COUNT_CAP)
    ids = matching(connection, f, f.limit)
    if len(ids) < f.limit:  # every match is on the page
        return Found(ids, len(ids), False)
    query = _query(connection, f)
    counted = connection.execute(
        text(f"SELECT count(*) FROM ({query.counted} LIMIT :cap) AS hits"),
        {**query.params, "cap": COUNT_CAP + 1},
    ).scalar_one()
    return Found(ids, min(counted, COUNT_CAP), counted > COUNT_CAP)


def _gathers_every_match(connection: Connection, f: SearchFilter) -> bool:
    """Whether the store finds every match before it picks the newest: PostgreSQL does for an
    area named by its map cells (the word index gives the matches, which are then sorted), so
    the newest COUNT_CAP + 1 in one statement give the page and the total, where counting in a
    second statement would find them all again (1,000,000 captures, words + area + 30 days:
    p50 22.7 -> 15.0 ms). Walking newest first (no area, on either store) stops at the page, and
    counting on is cheaper than reading a thousand rows."""
    if connection.dialect.name != "postgresql" or f.bbox is None:
        return False
    return cells_covering(f.bbox) is not None and f.limit <= COUNT_CAP


def matching(connection: Connection, f: SearchFilter, limit: int) -> list[str]:
    """The ids of the newest `limit` matches, newest first."""
    query = _query(connection, f)
    newest = text(f"{query.listed} ORDER BY {query.order} DESC LIMIT :limit")
    return list(connection.execute(newest, {**query.params, "limit": limit}).scalars())


def captures_by_id(connection: Connection, ids: list[str], cleared: bool) -> list[doc.Capture]:
    """The captures with these ids, in this order, as this reader may see them (the index
    already leaves out what a reader not cleared may not find; this reads the capture's
    state now, whatever the index held)."""
    found = {}
    for start in range(0, len(ids), CHUNK):
        rows = connection.execute(
            select(CAPTURES, UNITS.c.callsign)
            .join(UNITS, UNITS.c.id == CAPTURES.c.unit_id)
            .where(CAPTURES.c.id.in_(ids[start : start + CHUNK]))
        )
        found.update({r.id: capture_doc(r, r.callsign) for r in rows})
    seen = [dissemination.for_role(found[i], cleared) for i in ids if i in found]
    # a reader not cleared finds only what they see in full (as the index has it)
    return [c for c in seen if c is not None and (cleared or not c.sanitised)]


@dataclass
class _Sql:
    listed: str  # SELECT s.capture_id ... of every match, unordered
    order: str  # the column that orders them by time
    counted: str  # SELECT of the same matches, perhaps without reading their rows
    params: dict[str, Any]


def matches_from(connection: Connection, f: SearchFilter) -> tuple[str, dict[str, Any]]:
    """The FROM and WHERE of every match (the row of capture_search as `s`) and their
    parameters, for a read that aggregates exactly what a search finds."""
    query = _query(connection, f)
    return query.listed.removeprefix(_LISTED), query.params


_LISTED = "SELECT s.capture_id "


def _query(connection: Connection, f: SearchFilter) -> _Sql:
    if connection.dialect.name == "postgresql":
        # A prepared statement's generic plan cannot tell a rare word from a common one: plan
        # each search for its own words (walk newest first, or gather the few matches).
        connection.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        return _postgresql(f)
    return _sqlite(f)


def _tokens(f: SearchFilter) -> tuple[list[Term], list[Term]]:
    """What the text index is asked for: every one of the first, and one of the second (the
    cells of the area)."""
    every = list(f.terms)
    if f.kind is not None:
        every.append(Term((kind_word(f.kind),)))
    return every, (cells_covering(f.bbox) or []) if f.bbox is not None else []


def _exact(f: SearchFilter, params: dict[str, Any], column: str) -> list[str]:
    """The tests a match's own row answers: its time (to the millisecond, as the document
    number holds it), its place, and (belt and braces) its handling code."""
    conditions = []
    if f.since is not None or f.until is not None:
        params["lo"] = first_doc(f.since) if f.since is not None else -(2**63)
        params["hi"] = last_doc(f.until) if f.until is not None else 2**63 - 1
        conditions.append(f"{column} BETWEEN :lo AND :hi")
    if f.bbox is not None:
        params.update(zip(("west", "south", "east", "north"), f.bbox, strict=True))
        conditions.append("s.lon BETWEEN :west AND :east AND s.lat BETWEEN :south AND :north")
    if not f.cleared:
        conditions.append("s.open")
    if f.kind is not None:
        params["kind"] = f.kind
        conditions.append("s.kind = :kind")
    return conditions


def _where(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def _sqlite(f: SearchFilter) -> _Sql:
    every, one_of = _tokens(f)
    params: dict[str, Any] = {}
    if not every and not one_of:  # nothing for the text index to ask
        conditions = _exact(f, params, "s.doc")
        listed = f"{_LISTED}FROM capture_search AS s{_where(conditions)}"
        return _Sql(listed, "s.doc", listed, params)
    match = [_fts5(t) for t in every]
    if one_of:
        match.append("(" + " OR ".join(_fts5(t) for t in one_of) + ")")
    params["match"] = " AND ".join(match)
    if not f.cleared:
        params["match"] = f'({params["match"]}) NOT "{RESTRICTED}"'
    conditions = ["capture_words MATCH :match", *_exact(f, params, "w.rowid")]
    # The words lead: FTS5 walks its matches newest first within the document range.
    listed = (
        f"{_LISTED}FROM capture_words AS w CROSS JOIN capture_search AS s "
        f"ON s.doc = w.rowid{_where(conditions)}"
    )
    if f.bbox is not None:  # each match's place is tested on its row
        return _Sql(listed, "w.rowid", listed, params)
    # Everything else the text index answers alone: no row is read to count.
    in_range = " AND w.rowid BETWEEN :lo AND :hi" if "lo" in params else ""
    counted = f"SELECT w.rowid FROM capture_words AS w WHERE capture_words MATCH :match{in_range}"
    return _Sql(listed, "w.rowid", counted, params)


def _fts5(term: Term) -> str:
    """A term as FTS5 syntax: its words are letters and digits only, so quoting is exact."""
    phrase = '"' + " ".join(term.words) + '"'
    return phrase + " *" if term.prefix else phrase


def _postgresql(f: SearchFilter) -> _Sql:
    every, one_of = _tokens(f)
    params: dict[str, Any] = {}
    conditions = _exact(f, params, "s.doc")
    query = [_tsquery(t) for t in every]
    if one_of:
        query.append("(" + " | ".join(_tsquery(t) for t in one_of) + ")")
    if query:
        params["query"] = " & ".join(query)
        conditions.insert(0, "s.words @@ to_tsquery('simple', :query)")
    if f.bbox is not None and not one_of:
        # An area too big to be named by its cells is found through the point index. One that
        # is named by them is not: the cells already narrow the word index's matches, and
        # ANDing in every point of the area (hundreds of thousands in a town over a year) cost
        # more than all the rest (1,000,000 captures: p95 797 ms with it, 141 ms without).
        conditions.append("point(s.lon, s.lat) <@ box(point(:west, :south), point(:east, :north))")
    listed = f"{_LISTED}FROM capture_search AS s{_where(conditions)}"
    return _Sql(listed, "s.doc", listed, params)


def _tsquery(term: Term) -> str:
    """A term as tsquery syntax: letters and digits only, each lexeme quoted."""
    lexemes = [f"'{w}'" for w in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"
