"""Search of captures: words, a drawn area, a time window and a kind, newest first (blocking:
called in a worker thread). Restricted captures are left out for a reader not cleared."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select, text

from controlroom.contract import documents as doc
from controlroom.hub.records import capture_doc
from controlroom.hub.search_index import first_doc, last_doc
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
    ids = matching(connection, f, f.limit)
    if len(ids) < f.limit:  # every match is on the page
        return Found(ids, len(ids), False)
    sql, params = _matches(connection.dialect.name, f)
    counted = connection.execute(
        text(f"SELECT count(*) FROM ({sql} LIMIT :cap) AS hits"), {**params, "cap": COUNT_CAP + 1}
    ).scalar_one()
    return Found(ids, min(counted, COUNT_CAP), counted > COUNT_CAP)


def matching(connection: Connection, f: SearchFilter, limit: int) -> list[str]:
    """The ids of the newest `limit` matches, newest first."""
    sql, params = _matches(connection.dialect.name, f)
    if connection.dialect.name == "postgresql":
        # A prepared statement's generic plan cannot tell a rare word from a common one: plan
        # each search for its own words (walk newest first, or gather the few matches).
        connection.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    # FTS5 gives its matches in rowid order only when asked by its own rowid.
    order = "w.rowid" if f.terms and connection.dialect.name == "sqlite" else "s.doc"
    newest = text(f"{sql} ORDER BY {order} DESC LIMIT :limit")
    return list(connection.execute(newest, {**params, "limit": limit}).scalars())


def captures_by_id(connection: Connection, ids: list[str]) -> list[doc.Capture]:
    """The captures with these ids, in this order."""
    found = {}
    for start in range(0, len(ids), CHUNK):
        rows = connection.execute(
            select(CAPTURES, UNITS.c.callsign)
            .join(UNITS, UNITS.c.id == CAPTURES.c.unit_id)
            .where(CAPTURES.c.id.in_(ids[start : start + CHUNK]))
        )
        found.update({r.id: capture_doc(r, r.callsign) for r in rows})
    return [found[i] for i in ids if i in found]


def _matches(dialect: str, f: SearchFilter) -> tuple[str, dict[str, Any]]:
    """SELECT s.capture_id ... for the filter, unordered, and its parameters."""
    params: dict[str, Any] = {}
    conditions = _common(f, params)
    if dialect == "postgresql":
        return _postgresql(f, conditions, params), params
    return _sqlite(f, conditions, params), params


def _common(f: SearchFilter, params: dict[str, Any]) -> list[str]:
    conditions = []
    if f.since is not None or f.until is not None:
        params["lo"] = first_doc(f.since) if f.since is not None else -(2**63)
        params["hi"] = last_doc(f.until) if f.until is not None else 2**63 - 1
        conditions.append("s.doc BETWEEN :lo AND :hi")
    if f.since is not None:
        params["since"] = f.since
        conditions.append("s.at >= :since")
    if f.until is not None:
        params["until"] = f.until
        conditions.append("s.at <= :until")
    if f.kind is not None:
        params["kind"] = f.kind
        conditions.append("s.kind = :kind")
    if not f.cleared:
        conditions.append("s.open")
    if f.bbox is not None:
        params.update(zip(("west", "south", "east", "north"), f.bbox, strict=True))
        conditions.append("s.lon BETWEEN :west AND :east AND s.lat BETWEEN :south AND :north")
    return conditions


def _where(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def _sqlite(f: SearchFilter, conditions: list[str], params: dict[str, Any]) -> str:
    if f.terms:
        # The words lead: FTS5 walks its matches newest first within the document range.
        params["match"] = " AND ".join(_fts5(t) for t in f.terms)
        conditions = ["capture_words MATCH :match", *conditions]
        if "lo" in params:
            conditions.append("w.rowid BETWEEN :lo AND :hi")
        return (
            "SELECT s.capture_id FROM capture_words AS w CROSS JOIN capture_search AS s "
            f"ON s.doc = w.rowid{_where(conditions)}"
        )
    if f.bbox is None:
        return f"SELECT s.capture_id FROM capture_search AS s{_where(conditions)}"
    # An area alone: the R*Tree finds what lies in it (its bounds are rounded outwards; the
    # exact test on the row follows).
    area = (
        "a.min_lon >= :west AND a.max_lon <= :east AND a.min_lat >= :south AND a.max_lat <= :north"
    )
    return (
        "SELECT s.capture_id FROM capture_area AS a CROSS JOIN capture_search AS s "
        f"ON s.doc = a.doc{_where([area, *conditions])}"
    )


def _fts5(term: Term) -> str:
    """A term as FTS5 syntax: its words are letters and digits only, so quoting is exact."""
    phrase = '"' + " ".join(term.words) + '"'
    return phrase + " *" if term.prefix else phrase


def _postgresql(f: SearchFilter, conditions: list[str], params: dict[str, Any]) -> str:
    if f.terms:
        params["query"] = " & ".join(_tsquery(t) for t in f.terms)
        conditions = ["s.words @@ to_tsquery('simple', :query)", *conditions]
    if f.bbox is not None:
        conditions.append("point(s.lon, s.lat) <@ box(point(:west, :south), point(:east, :north))")
    return f"SELECT s.capture_id FROM capture_search AS s{_where(conditions)}"


def _tsquery(term: Term) -> str:
    """A term as tsquery syntax: letters and digits only, each lexeme quoted."""
    lexemes = [f"'{w}'" for w in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"
