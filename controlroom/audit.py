"""Checking the audit log's hash chain: any edited, removed or reordered record breaks it, and
every break is named (the check goes on past one, taking each record's stored hash as the link
for the next, so a second edit further on is found too)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from controlroom.hub.writer import GENESIS, audit_hash
from controlroom.store.schema import AuditRecord

AUDIT = AuditRecord.__table__
MAX_BREAKS = 1000  # a log broken in more places than this is named up to here


@dataclass
class ChainReport:
    records: int  # how many were checked
    breaks: list[tuple[int, str]] = field(default_factory=list)  # (record id, what is wrong)

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def first_bad_id(self) -> int | None:
        return self.breaks[0][0] if self.breaks else None

    @property
    def problem(self) -> str:
        return self.breaks[0][1] if self.breaks else ""


def verify_chain(engine: Engine, batch: int = 5000) -> ChainReport:
    report = ChainReport(0)
    prev, last_id = GENESIS, 0
    with engine.connect() as connection:
        while True:
            rows = connection.execute(
                select(AUDIT).where(AUDIT.c.id > last_id).order_by(AUDIT.c.id).limit(batch)
            ).all()
            if not rows:
                return report
            for row in rows:
                problem = _problem(prev, row)
                if problem and len(report.breaks) < MAX_BREAKS:
                    report.breaks.append((row.id, problem))
                prev, last_id, report.records = row.hash, row.id, report.records + 1


def _problem(prev: str, row) -> str:
    if row.prev_hash != prev:
        return "link to the previous record broken (a record removed or reordered before it)"
    if audit_hash(prev, dict(row._mapping)) != row.hash:
        return "record does not match its hash (edited)"
    return ""
