"""The audit chain's check as a supervisor reads it: intact, or every break named."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    records: int
    breaks: dict[int, str]  # record id -> what is wrong there

    def words(self) -> str:
        if self.ok:
            return f"✔ Audit chain intact: {self.records:,} records checked"
        named = "; ".join(f"record {ident}: {why}" for ident, why in sorted(self.breaks.items()))
        return f"✖ Audit chain BROKEN after {self.records:,} good records — {named}"


def chain_check(answer: dict) -> ChainCheck:
    """From ``GET /api/v1/audit/verify``: its ``breaks`` where the hub names each, else the
    first bad record it stopped at."""
    breaks: dict[int, str] = {}
    for item in answer.get("breaks") or []:
        if isinstance(item, dict) and item.get("id") is not None:
            breaks[int(item["id"])] = str(item.get("problem") or "does not verify")
    first = answer.get("first_bad_id")
    if first is not None and int(first) not in breaks:
        breaks[int(first)] = str(answer.get("problem") or "does not verify")
    ok = bool(answer.get("ok")) and not breaks
    return ChainCheck(ok, int(answer.get("records") or 0), breaks)
