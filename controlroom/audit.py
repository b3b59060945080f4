"""Checking the audit log's chain end to end, naming every break rather than the first.

A record breaks the chain when it does not follow the record before it (one was removed,
inserted or reordered), when its hash does not match its content under the audit key (edited, or
recomputed by someone without the key), or when it carries an unkeyed hash after the keyed chain
began. Records from before the chain was keyed are checked by their unkeyed hash and counted
apart. A checkpoint left by this data directory's hub names a record that must still be there
with the same hash: a log cut short, or rewritten, no longer matches it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from controlroom.hub.auditchain import GENESIS, AuditChain, Checkpoint, unkeyed_hash
from controlroom.store.schema import AuditRecord

AUDIT = AuditRecord.__table__

UNLINKED = "does not follow the record before it (records removed, inserted or reordered)"
EDITED = "does not match its hash (edited, or its hash recomputed without the audit key)"
UNKEYED = "has an unkeyed hash after the keyed chain began (recomputed without the audit key)"
NEEDS_KEY = "does not match its unkeyed hash: written under an audit key not here, or altered"


@dataclass
class Break:
    first_id: int
    last_id: int
    records: int
    problem: str

    def describe(self) -> str:
        where = (
            f"record {self.first_id}"
            if self.records == 1
            else f"records {self.first_id}-{self.last_id} ({self.records} records)"
        )
        return f"{where}: {self.problem}"


@dataclass
class ChainReport:
    records: int = 0
    keyed: int = 0
    unkeyed: int = 0  # before the keyed chain
    breaks: list[Break] = field(default_factory=list)
    checkpoint: Checkpoint | None = None

    @property
    def ok(self) -> bool:
        return not self.breaks

    def add(self, record_id: int, problem: str, follows: bool) -> None:
        """A break at `record_id`; `follows` says it comes straight after the last one seen."""
        last = self.breaks[-1] if self.breaks else None
        if last is not None and follows and last.problem == problem:
            last.last_id, last.records = record_id, last.records + 1
        else:
            self.breaks.append(Break(record_id, record_id, 1, problem))

    def document(self) -> dict:
        first = self.breaks[0] if self.breaks else None
        checkpoint = self.checkpoint
        return {
            "ok": self.ok,
            "records": self.records,
            "keyed_records": self.keyed,
            "unkeyed_records": self.unkeyed,
            "first_bad_id": first.first_id if first else None,
            "problem": first.problem if first else "",
            "breaks": [vars(b) | {"description": b.describe()} for b in self.breaks],
            "checkpoint": {"id": checkpoint.id, "at": checkpoint.at} if checkpoint else None,
        }


def verify_chain(engine: Engine, chain: AuditChain | None, batch: int = 5000) -> ChainReport:
    """Check every record; without a chain (no audit key here) only unkeyed hashes can be."""
    report = ChainReport(checkpoint=chain.read_checkpoint() if chain else None)
    prev, last_id, last_broken = GENESIS, 0, -1
    checkpoint_seen = False
    with engine.connect() as connection:
        while True:
            rows = connection.execute(
                select(AUDIT).where(AUDIT.c.id > last_id).order_by(AUDIT.c.id).limit(batch)
            ).all()
            for row in rows:
                record = dict(row._mapping)
                follows = last_broken == report.records - 1
                problems = _problems(chain, record, prev, report)
                for problem in problems:
                    report.add(row.id, problem, follows)
                if problems:
                    last_broken = report.records
                if report.checkpoint is not None and row.id == report.checkpoint.id:
                    checkpoint_seen = True
                    if row.hash != report.checkpoint.hash:
                        report.add(row.id, "differs from the record this hub wrote there", False)
                prev, last_id = row.hash, row.id
                report.records += 1
            if len(rows) < batch:
                break
    _check_checkpoint(report, checkpoint_seen, last_id)
    return report


def _problems(chain: AuditChain | None, record: dict, prev: str, report: ChainReport) -> list[str]:
    """What is wrong with one record, checked against its own stated previous hash so that one
    edit is one break; tallies it as keyed or unkeyed."""
    problems = [] if record["prev_hash"] == prev else [UNLINKED]
    if chain is not None and chain.link(record["prev_hash"], record) == record["hash"]:
        report.keyed += 1
    elif unkeyed_hash(record["prev_hash"], record) == record["hash"]:
        if report.keyed:
            problems.append(UNKEYED)
        else:
            report.unkeyed += 1
    else:
        problems.append(EDITED if chain is not None else NEEDS_KEY)
    return problems


def _check_checkpoint(report: ChainReport, seen: bool, last_id: int) -> None:
    checkpoint = report.checkpoint
    if checkpoint is None:
        return
    if not checkpoint.genuine:
        report.add(checkpoint.id, "the checkpoint file was altered (its MAC is wrong)", False)
    elif not seen:
        report.add(
            checkpoint.id,
            f"is missing: this hub wrote it, and the log now ends at record {last_id} "
            "(records removed from the end)",
            False,
        )
