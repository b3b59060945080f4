"""Which capture an analyst should read first: a score made of signals, each a function of the
capture that says why it matters and how much.

Intelligence and stop-search records come before the rest; a capture that mentions a wanted
person or a vehicle of interest comes before those. More signals join by being passed in (the
entity links, when they exist, will say that a capture names someone the force is looking for
even when the officer's check did not).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from controlroom.contract.documents import Capture


@dataclass(frozen=True)
class Reason:
    weight: int
    why: str


@dataclass(frozen=True)
class Priority:
    score: int
    reasons: tuple[str, ...] = ()

    def words(self) -> str:
        return "; ".join(self.reasons)


Signal = Callable[[Capture], Reason | None]

FIRST_KINDS = {"intelligence": "intelligence", "stop_search": "stop and search"}
WANTED = re.compile(
    r"\bwanted (?:on|by|for|in connection|person|marker)\b|\bon warrant\b|\bmissing person\b"
    r"|\bfailed to appear\b",
    re.I,
)
OF_INTEREST = re.compile(r"\bstolen\b|\bof interest\b|\bintel marker\b|\banpr\b", re.I)
VEHICLE_KEYS = ("vehicle", "vehicles")


def kind_first(capture: Capture) -> Reason | None:
    words = FIRST_KINDS.get(capture.kind)
    return Reason(10, words) if words else None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _checked(capture: Capture) -> str:
    """What a check said of the person or vehicle (a PNC result), with its marker."""
    result = capture.fields.get("result")
    return result if isinstance(result, str) else ""


def wanted_person(capture: Capture) -> Reason | None:
    fields = capture.fields
    if capture.kind == "vehicle_check":  # its result is the vehicle's, not a person's
        fields = {k: v for k, v in fields.items() if k != "result"}
    if WANTED.search(" ".join(_strings(fields))):
        return Reason(40, "a wanted person")
    return None


def vehicle_of_interest(capture: Capture) -> Reason | None:
    if capture.kind == "vehicle_check":
        said = _checked(capture)
    elif any(capture.fields.get(k) for k in VEHICLE_KEYS):
        said = " ".join(_strings([capture.fields.get(k) for k in VEHICLE_KEYS]))
    else:
        return None
    return Reason(30, "a vehicle of interest") if OF_INTEREST.search(said) else None


SIGNALS: tuple[Signal, ...] = (wanted_person, vehicle_of_interest, kind_first)


def priority(capture: Capture, signals: Iterable[Signal] = SIGNALS) -> Priority:
    found = [r for r in (signal(capture) for signal in signals) if r is not None]
    found.sort(key=lambda r: -r.weight)
    return Priority(sum(r.weight for r in found), tuple(r.why for r in found))


def with_signals(*more: Signal, base: Sequence[Signal] = SIGNALS) -> tuple[Signal, ...]:
    """The standard signals and ``more`` (the entity links' "names someone wanted", ...)."""
    return (*base, *more)
