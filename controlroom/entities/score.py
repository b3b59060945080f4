"""How alike a person mention and a known person are, as evidence in bits (log2 likelihood
ratios, Fellegi-Sunter style), each feature with the reason a reviewer reads.

A feature compares the new mention with every mention of the entity and keeps the best
agreement; a reason names the mention that supports it, so a reader not cleared for that
capture is not shown the reason."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from controlroom.entities.names import forename_match, swapped, word_match
from controlroom.entities.normalise import Name

# Evidence per agreement, in bits. m: how often the same person's mentions agree so;
# u: how often two different people's do.
FORENAME = {"exact": 5.5, "nickname": 4.5, "slip": 4.0, "sounds": 3.5, "close": 3.0, "initial": 2.5}
SURNAME_SLIP = {"slip": -1.0, "sounds": -1.5, "close": -2.0}  # less than an exact surname
NAME_DISAGREES = -9.0
FORENAME_DISAGREES = -6.0
DOB = {"exact": 13.0, "swapped": 8.0, "one digit": 3.0, "differs": -7.0}
GENDER = {"same": 0.5, "differs": -12.0}  # recorded gender is seldom wrong
PHONE_SAME = 11.0
HOUSE_SAME = 10.0
STREET_SAME = 2.0
AKA_SAME = 4.0
VEHICLE_SAME = 5.0
SWAP_PENALTY = -1.0


@dataclass(slots=True)
class Reason:
    text: str
    bits: float
    mention: int | None = None  # the entity's mention that supports it


@dataclass(slots=True)
class Known:
    """One mention of a known entity, as the scorer sees it."""

    mention_id: int
    attributes: dict
    vehicles: frozenset[str] = frozenset()  # marks mentioned with it in its capture


@dataclass(slots=True)
class Evidence:
    bits: float = 0.0
    reasons: list[Reason] = field(default_factory=list)

    def add(self, reason: Reason | None) -> None:
        if reason is not None:
            self.bits += reason.bits
            self.reasons.append(reason)


def probability(bits: float) -> float:
    return 1.0 / (1.0 + math.pow(2.0, -bits))


def surname_bits(share: float) -> float:
    """An exact surname is worth more the rarer it is among the people known."""
    return min(12.0, max(3.0, -math.log2(max(share, 1e-6)) + math.log2(0.9)))


def _name(a: dict) -> Name:
    return Name(a.get("forename", ""), a.get("middle", ""), a.get("surname", ""), a.get("name", ""))


def name_reason(new: dict, known: list[Known], surname_weight: float) -> Reason | None:
    best: Reason | None = None
    for k in known:
        reason = _name_pair(_name(new), _name(k.attributes), surname_weight, k.mention_id)
        if reason is not None and (best is None or reason.bits > best.bits):
            best = reason
    return best


def _name_pair(a: Name, b: Name, weight: float, mention: int) -> Reason | None:
    if not a.surname or not b.surname:
        return None
    if swapped(a, b) or swapped(b, a):
        bits = weight + FORENAME["exact"] + SWAP_PENALTY
        return Reason(f"forename and surname swapped ({a.written} / {b.written})", bits, mention)
    surname = word_match(a.surname, b.surname)
    if surname is None:
        return Reason(
            f"surnames differ ({a.surname.title()} / {b.surname.title()})", NAME_DISAGREES, mention
        )
    bits = weight + SURNAME_SLIP.get(surname, 0.0)
    text = (
        "same surname"
        if surname == "exact"
        else f"surname {b.surname.title()} written {a.surname.title()}"
    )
    if a.forename and b.forename:
        forename = forename_match(a.forename, b.forename)
        if forename is None:
            return Reason(
                f"forenames differ ({a.forename.title()} / {b.forename.title()})",
                bits + FORENAME_DISAGREES,
                mention,
            )
        bits += FORENAME[forename]
        text += "; " + _forename_text(forename, a.forename, b.forename)
    return Reason(text, bits, mention)


def _forename_text(how: str, a: str, b: str) -> str:
    if how == "exact":
        return "same forename"
    if how == "nickname":
        return f"{a.title()} and {b.title()} are one name (nickname)"
    if how == "initial":
        return f"initial {a[0].upper()} fits {max(a, b, key=len).title()}"
    return f"forename {b.title()} written {a.title()}"


def dob_match(a: str, b: str) -> str:
    if a == b:
        return "exact"
    da, db = date.fromisoformat(a), date.fromisoformat(b)
    if da.year == db.year and (da.day, da.month) == (db.month, db.day):
        return "swapped"
    if sum(x != y for x, y in zip(a, b, strict=True)) == 1:
        return "one digit"
    return "differs"


_DOB_TEXT = {
    "exact": "same date of birth",
    "swapped": "date of birth with day and month swapped ({a} / {b})",
    "one digit": "date of birth one digit apart ({a} / {b})",
    "differs": "dates of birth differ ({a} / {b})",
}


def dob_reason(new: dict, known: list[Known]) -> Reason | None:
    if not new.get("dob"):
        return None
    best: Reason | None = None
    for k in known:
        if theirs := k.attributes.get("dob"):
            how = dob_match(new["dob"], theirs)
            reason = Reason(_DOB_TEXT[how].format(a=new["dob"], b=theirs), DOB[how], k.mention_id)
            if best is None or reason.bits > best.bits:
                best = reason
    return best


def gender_reason(new: dict, known: list[Known]) -> Reason | None:
    mine = new.get("gender")
    theirs = [(k.attributes["gender"], k.mention_id) for k in known if k.attributes.get("gender")]
    if not mine or mine not in ("male", "female") or not theirs:
        return None
    for gender, mention in theirs:
        if gender == mine:
            return Reason("same gender", GENDER["same"], mention)
    return Reason(f"recorded as {theirs[0][0]}", GENDER["differs"], theirs[0][1])


def contact_reasons(new: dict, known: list[Known]) -> list[Reason]:
    """Same phone, same house or street, same nickname, same vehicle: the best of each."""
    found: dict[str, Reason] = {}
    for k in known:
        a = k.attributes
        if new.get("phone") and new["phone"] == a.get("phone"):
            found["phone"] = Reason("same phone", PHONE_SAME, k.mention_id)
        house = new.get("address_key")
        if house and house == a.get("address_key"):
            found["house"] = Reason("same address", HOUSE_SAME, k.mention_id)
        elif new.get("address_street") and new["address_street"] == a.get("address_street"):
            found.setdefault("street", Reason("same street", STREET_SAME, k.mention_id))
        if set(new.get("aka", ())) & set(a.get("aka", ())):
            found["aka"] = Reason("same nickname", AKA_SAME, k.mention_id)
        if new.get("vehicles") and set(new["vehicles"]) & k.vehicles:
            found["vehicle"] = Reason("seen with the same vehicle", VEHICLE_SAME, k.mention_id)
    if "house" in found:
        found.pop("street", None)
    return list(found.values())


def person_evidence(new: dict, known: list[Known], surname_share: float, people: int) -> Evidence:
    """Everything for and against the new mention being this known person, in bits, starting
    from the odds of picking the right one of ``people`` at random."""
    evidence = Evidence(bits=-math.log2(max(people, 20)))
    evidence.add(name_reason(new, known, surname_bits(surname_share)))
    evidence.add(dob_reason(new, known))
    evidence.add(gender_reason(new, known))
    for reason in contact_reasons(new, known):
        evidence.add(reason)
    return evidence
