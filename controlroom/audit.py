"""Checking the audit log's hash chain: any edited, removed or reordered record breaks it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from controlroom.hub.writer import GENESIS, audit_hash
from controlroom.store.schema import AuditRecord

AUDIT = AuditRecord.__table__


@dataclass
class ChainReport:
    ok: bool
    records: int
    first_bad_id: int | None = None
    problem: str = ""


def verify_chain(engine: Engine, batch: int = 5000) -> ChainReport:
    prev, count, last_id = GENESIS, 0, 0
    with engine.connect() as connection:
        while True:
            rows = connection.execute(
                select(AUDIT).where(AUDIT.c.id > last_id).order_by(AUDIT.c.id).limit(batch)
            ).all()
            if not rows:
                return ChainReport(True, count)
            for row in rows:
                record = dict(row._mapping)
                if row.prev_hash != prev:
                    return ChainReport(False, count, row.id, "link to the previous record broken")
                if audit_hash(prev, record) != row.hash:
                    return ChainReport(False, count, row.id, "record does not match its hash")
                prev, last_id, count = row.hash, row.id, count + 1
