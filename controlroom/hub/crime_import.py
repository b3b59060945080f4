"""Importing a police.uk street-level crime file: one job, so a file is stored whole or not at
all (a crash mid-import leaves nothing of it, and importing it again completes it), and crimes
already held are left as they are (importing a file twice adds nothing). The import is audited
and streamed (``context.crimes_imported``, with what it added of which months and types) in
that job, so every desk's crime layer redraws on the commit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert, select

from controlroom.context.crimes import CrimeFile
from controlroom.contract.events import EventType as E
from controlroom.contract.heat import CrimesImported
from controlroom.hub.batch import Tx
from controlroom.hub.eventlog import event
from controlroom.store.context_tables import ContextCrime
from controlroom.timeutil import now

CRIMES = ContextCrime.__table__
CHUNK = 500  # keys looked up, or rows inserted, in one statement


def import_crimes(name: str, crimes: CrimeFile, actor: str, client: str) -> Callable[[Tx], Any]:
    def job(tx: Tx) -> dict[str, Any]:
        fresh: dict[str, dict[str, Any]] = {}
        for row in crimes.rows:
            fresh.setdefault(row["key"], row)  # a key repeated in the file: its first row
        keys = list(fresh)
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            held = tx.execute(select(CRIMES.c.key).where(CRIMES.c.key.in_(chunk))).scalars()
            for key in held:
                del fresh[key]
        at, added = now(), [dict(row, source=crimes.sha256) for row in fresh.values()]
        for row in added:
            row["imported_at"] = at
        for start in range(0, len(added), CHUNK):
            tx.execute(insert(CRIMES), added[start : start + CHUNK])
        report = {
            "file": name,
            "sha256": crimes.sha256,
            "rows": crimes.read,
            "added": len(added),
            "held": len(crimes.rows) - len(added),
            "refused": crimes.refused_count,
            "refused_lines": [[line, why] for line, why in crimes.refused],
        }
        tx.audit(actor, "context.crimes_imported", f"file:{name}", client, report)
        months = sorted({row["month"] for row in added})
        imported = CrimesImported(
            file=name[:200], sha256=crimes.sha256, rows=crimes.read, added=len(added),
            held=len(crimes.rows) - len(added), refused=crimes.refused_count,
            first_month=months[0] if months else None, last_month=months[-1] if months else None,
            categories=dict(Counter(row["crime_type"] for row in added)), by=actor,
        )  # fmt: skip
        tx.emit(event(E.CONTEXT_CRIMES_IMPORTED, crimes.sha256[:64], imported, at))
        return report

    return job
