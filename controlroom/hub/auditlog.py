"""Reading the audit log for a supervisor: filtered by person, action, target and time, newest
first in pages, or all of it that matches as CSV (blocking: called in a worker thread).

An auditor not cleared for code C (an administrator) is told who did what to which capture and
when, never why: the reason of a record about a capture is an analyst's note, a grading's
rationale or a stated purpose, and may carry what the capture says."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import orjson
from sqlalchemy import Engine, select

from controlroom.contract import documents as doc
from controlroom.store.schema import AuditRecord
from controlroom.timeutil import to_iso

AUDIT = AuditRecord.__table__
CSV_COLUMNS = ("id", "at", "actor", "action", "target", "reason", "client", "detail", "hash")
CSV_PAGE = 2000
WITHHELD = "(withheld: about a capture, for roles cleared for code C)"


@dataclass
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    target: str | None = None
    target_prefix: str | None = None  # every target starting so ("capture:ID" and its exhibits)
    since: float | None = None
    until: float | None = None
    before: int | None = None  # records older than this id (the next page)

    def conditions(self) -> list[Any]:
        found: list[Any] = []
        for column, value in (
            ("actor", self.actor),
            ("action", self.action),
            ("target", self.target),
        ):
            if value is not None:
                found.append(AUDIT.c[column] == value)
        if self.target_prefix:
            escaped = (
                self.target_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            )
            found.append(AUDIT.c.target.like(f"{escaped}%", escape="\\"))
        if self.since is not None:
            found.append(AUDIT.c.at >= self.since)
        if self.until is not None:
            found.append(AUDIT.c.at <= self.until)
        if self.before is not None:
            found.append(AUDIT.c.id < self.before)
        return found


def entry(row: Any, cleared: bool = True) -> doc.AuditEntry:
    """One record as `cleared` (for code C) or not the reader is."""
    reason = row.reason
    if reason and not cleared and str(row.target).startswith("capture:"):
        reason = WITHHELD
    return doc.AuditEntry(
        id=row.id,
        at=to_iso(row.at) or "",
        actor=row.actor,
        action=row.action,
        target=row.target,
        detail=orjson.loads(row.detail) if row.detail else None,
        client=row.client,
        reason=reason,
        hash=row.hash,
    )


def page(engine: Engine, f: AuditFilter, limit: int, cleared: bool) -> doc.AuditPage:
    """Up to `limit` records, newest first; ``next`` continues from the last of them."""
    query = select(AUDIT).where(*f.conditions()).order_by(AUDIT.c.id.desc()).limit(limit + 1)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    more = len(rows) > limit
    records = [entry(r, cleared) for r in rows[:limit]]
    return doc.AuditPage(records=records, next=records[-1].id if more and records else None)


def csv_lines(engine: Engine, f: AuditFilter, limit: int, cleared: bool) -> Iterator[str]:
    """The matching records as CSV, newest first, at most `limit` of them (read in pages)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield _take(buffer)
    left, cursor = limit, f
    while left > 0:
        found = page(engine, cursor, min(CSV_PAGE, left), cleared)
        for record in found.records:
            writer.writerow(_csv_row(record))
        yield _take(buffer)
        left -= len(found.records)
        if found.next is None:
            return
        cursor = replace(cursor, before=found.next)


def _csv_row(record: doc.AuditEntry) -> list[str]:
    detail = orjson.dumps(record.detail).decode() if record.detail is not None else ""
    values = (record.id, record.at, record.actor, record.action, record.target, record.reason)
    return [_cell(v) for v in values] + [_cell(record.client), _cell(detail), record.hash]


def _cell(value: object) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
