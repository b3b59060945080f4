"""The search index of captures, written in the transaction that stores the capture.

Each capture has a document number that sorts as its time does (milliseconds since the epoch,
shifted left 20 bits, plus its place among captures made in the same millisecond), so "newest
first" and "within these days" are ranges of one integer that the text index (FTS5's rowid on
SQLite, the primary key on PostgreSQL) walks in order. SQLite keeps the words in an FTS5
table, PostgreSQL in a tsvector (GIN) beside a point (GiST); both hold, among the words, the
markers of a capture's kind, its openness and its map cell (controlroom.search.markers), the
spatial index a drawn area is found by before each match is tested exactly.

"Open" in the index means shown in full to roles not cleared for handling code C (see
controlroom.hub.dissemination): a capture that is C, or graded (shown to them only as its
sanitised text), is found only by the cleared, so no word of what the officer wrote can be
found through it. An amendment or a grading indexes the capture again in its own transaction."""

from __future__ import annotations

import math
from typing import Any

import orjson
from sqlalchemy import Connection, text

from controlroom.hub.dissemination import FULL, visibility
from controlroom.search.markers import marker_words
from controlroom.search.words import capture_words

SHIFT = 20  # bits for captures in the same millisecond
SAME_MILLISECOND = (1 << SHIFT) - 1


def first_doc(at: float) -> int:
    """The lowest document number a capture made at `at` can have."""
    return math.floor(at * 1000) << SHIFT


def last_doc(at: float) -> int:
    return first_doc(at) | SAME_MILLISECOND


def index_capture(connection: Connection, row: dict[str, Any]) -> int:
    """Index a just-stored capture (`row` as written to captures, fields as JSON text or a
    document); returns its document number."""
    base = first_doc(row["at"])
    taken = connection.execute(
        text("SELECT max(doc) FROM capture_search WHERE doc BETWEEN :lo AND :hi"),
        {"lo": base, "hi": base | SAME_MILLISECOND},
    ).scalar()
    doc = base if taken is None else taken + 1
    write_entries(connection, [entry(row, doc)])
    return doc


def reindex_capture(connection: Connection, before: dict[str, Any], after: dict[str, Any]) -> int:
    """Index a capture again after it changed (an amendment, a grading): `before` is the row
    as it was indexed, `after` as it is now. Its old entry goes and the new one takes a document
    number for its (perhaps amended) time."""
    held = connection.execute(
        text("SELECT doc FROM capture_search WHERE capture_id = :id"), {"id": before["id"]}
    ).scalar()
    if held is not None:
        if connection.dialect.name == "sqlite":
            # a contentless FTS5 table forgets a row's words when told them again
            old = entry(before, held)
            connection.execute(
                text("INSERT INTO capture_words (capture_words, rowid, words) "
                     "VALUES ('delete', :doc, :words)"),
                {"doc": held, "words": old["words"]},
            )  # fmt: skip
        connection.execute(text("DELETE FROM capture_search WHERE doc = :doc"), {"doc": held})
    return index_capture(connection, after)


def entry(row: dict[str, Any], doc: int, words: str | None = None) -> dict[str, Any]:
    """What the index holds of a capture under document number `doc`."""
    if words is None:
        words = capture_words(row["summary"], _document(row["fields"]))
    is_open = visibility(row["handling_code"], row.get("graded_at") is not None) == FULL
    markers = marker_words(row["kind"], is_open, row["lat"], row["lon"])
    return {
        "doc": doc,
        "capture_id": row["id"],
        "at": row["at"],
        "kind": row["kind"],
        "open": is_open,
        "lat": row["lat"],
        "lon": row["lon"],
        "words": f"{words} {markers}",
    }


def write_entries(connection: Connection, entries: list[dict[str, Any]]) -> None:
    for statement in _INSERTS[connection.dialect.name]:
        connection.execute(text(statement), entries)


def _document(fields: object) -> object:
    return orjson.loads(fields) if isinstance(fields, str | bytes) else fields


_INSERTS = {
    "sqlite": (
        "INSERT INTO capture_search (doc, capture_id, at, kind, open, lat, lon) "
        "VALUES (:doc, :capture_id, :at, :kind, :open, :lat, :lon)",
        "INSERT INTO capture_words (rowid, words) VALUES (:doc, :words)",
    ),
    "postgresql": (
        "INSERT INTO capture_search (doc, capture_id, at, kind, open, lat, lon, words) "
        "VALUES (:doc, :capture_id, :at, :kind, :open, :lat, :lon, "
        "to_tsvector('simple', :words))",
    ),
}
