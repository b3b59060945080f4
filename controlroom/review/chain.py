"""The audit chain's check as a supervisor reads it: intact, or every break named."""

from __future__ import annotations

from dataclasses import dataclass, field

MARKED_PER_BREAK = 10_000  # a longer run of broken records is marked this far on screen


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    records: int
    breaks: dict[int, str]  # record id -> what is wrong there (to mark its row)
    named: list[str] = field(default_factory=list)  # each break, in the hub's words

    def words(self) -> str:
        if self.ok:
            return f"✔ Audit chain intact: {self.records:,} records checked"
        return f"✖ Audit chain BROKEN in {self.records:,} records — {'; '.join(self.named)}"


def chain_check(answer: dict) -> ChainCheck:
    """From ``GET /api/v1/audit/verify``: each break is a run of records from ``first_id`` to
    ``last_id`` with its ``problem``; without breaks, the first bad record the hub names."""
    breaks: dict[int, str] = {}
    named: list[str] = []
    for item in answer.get("breaks") or []:
        if not isinstance(item, dict) or item.get("first_id") is None:
            continue
        first, problem = int(item["first_id"]), str(item.get("problem") or "does not verify")
        last = max(first, int(item.get("last_id") or first))
        for ident in range(first, min(last, first + MARKED_PER_BREAK - 1) + 1):
            breaks.setdefault(ident, problem)
        named.append(str(item.get("description") or f"record {first}: {problem}"))
    first_bad = answer.get("first_bad_id")
    if first_bad is not None and int(first_bad) not in breaks:
        problem = str(answer.get("problem") or "does not verify")
        breaks[int(first_bad)] = problem
        named.append(f"record {first_bad}: {problem}")
    ok = bool(answer.get("ok")) and not breaks
    return ChainCheck(ok, int(answer.get("records") or 0), breaks, named)
