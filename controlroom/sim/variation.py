"""How officers really write the people and vehicles they meet: the same person a little
differently each time (nicknames, initials, slips of the keyboard, surname first, a wrong
digit or day and month swapped in a date of birth, fields left out), a mark with or without
its space, a phone with +44 or 0. The linker is measured against these (bench/linking.py)."""

from __future__ import annotations

import random
from datetime import date

from controlroom.sim.population import Person

# Nicknames officers use for the forenames the simulator draws (our own table).
NICKNAMES = {
    "William": ["Bill", "Will", "Billy"], "James": ["Jim", "Jimmy", "Jamie"],
    "Thomas": ["Tom", "Tommy"], "Daniel": ["Dan", "Danny"], "Joshua": ["Josh"],
    "Jacob": ["Jake"], "Oliver": ["Ollie"], "Charlie": ["Charles"], "Harry": ["Harold"],
    "Stephen": ["Steve"], "Kevin": ["Kev"], "Nathan": ["Nate"], "Benjamin": ["Ben"],
    "Mohammed": ["Mo"], "Marcus": ["Marc"], "Jonathan": ["Jon"], "Lewis": ["Lew"],
    "Rebecca": ["Becky", "Becca"], "Jessica": ["Jess"], "Olivia": ["Liv"], "Amelia": ["Millie"],
    "Emily": ["Em"], "Nicola": ["Nicky"], "Danielle": ["Dani"], "Elizabeth": ["Liz"],
    "Sophie": ["Soph"], "Hannah": ["Han"], "Samantha": ["Sam"], "Natalia": ["Natalie"],
    "Abbie": ["Abigail"], "Kirsty": ["Kirst"], "Megan": ["Meg"],
}  # fmt: skip
KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"

# How often each variation happens in a mention (independently).
RATES = {
    "nickname": 0.10,
    "initial": 0.05,
    "surname_first": 0.04,  # "Smith Jack", taken as written
    "surname_comma": 0.05,  # "SMITH, Jack"
    "capitals": 0.12,  # "Jack SMITH"
    "surname_slip": 0.05,
    "forename_slip": 0.03,
    "lower_case": 0.03,
    "middle_dropped": 0.6,
    "dob_missing": 0.12,
    "dob_digit": 0.03,
    "dob_swapped": 0.02,
    "gender_missing": 0.1,
    "address_missing": 0.3,
    "address_abbreviated": 0.2,
    "address_town_dropped": 0.2,
    "phone_missing": 0.3,
    "aka_missing": 0.5,
    "vrm_no_space": 0.3,
    "vrm_lower": 0.1,
    "vrm_misread": 0.015,
    "vehicle_detail_missing": 0.15,
}


def _chance(rng: random.Random, what: str) -> bool:
    return rng.random() < RATES[what]


def slip(rng: random.Random, word: str) -> str:
    """One typing slip: a letter dropped, doubled, changed or two swapped."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    how = rng.choice(["drop", "double", "change", "swap"])
    if how == "drop":
        return word[:i] + word[i + 1 :]
    if how == "double":
        return word[:i] + word[i] + word[i:]
    if how == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice(KEYBOARD.replace(word[i].lower(), "")) + word[i + 1 :]


def written_name(rng: random.Random, p: Person) -> str:
    forename = p.forename
    if _chance(rng, "nickname") and forename in NICKNAMES:
        forename = rng.choice(NICKNAMES[forename])
    elif _chance(rng, "forename_slip"):
        forename = slip(rng, forename)
    surname = slip(rng, p.surname) if _chance(rng, "surname_slip") else p.surname
    middle = "" if _chance(rng, "middle_dropped") else p.middle
    if _chance(rng, "initial"):
        forename, middle = forename[0] + rng.choice([".", ""]), ""
    if _chance(rng, "surname_comma"):
        return f"{surname.upper()}, {' '.join(x for x in (forename, middle) if x)}"
    if _chance(rng, "surname_first"):
        return " ".join(x for x in (surname, forename) if x)
    if _chance(rng, "capitals"):
        surname = surname.upper()
    text = " ".join(x for x in (forename, middle, surname) if x)
    return text.lower() if _chance(rng, "lower_case") else text


def written_dob(rng: random.Random, born: date) -> str | None:
    if _chance(rng, "dob_missing"):
        return None
    if _chance(rng, "dob_swapped") and born.day <= 12 and born.day != born.month:
        return date(born.year, born.day, born.month).isoformat()
    text = born.isoformat()
    if _chance(rng, "dob_digit"):
        for _ in range(20):
            i = rng.choice([2, 3, 6, 8, 9])  # a digit of the decade, year, month or day
            changed = text[:i] + str(rng.randrange(10)) + text[i + 1 :]
            try:
                if changed != text and date.fromisoformat(changed) <= date.today():
                    return changed
            except ValueError:
                continue
    return text


def written_phone(rng: random.Random, number: str) -> str:
    digits = number.replace(" ", "")
    form = rng.choices(["spaced", "plain", "plus_spaced", "plus"], weights=[5, 2, 2, 1])[0]
    if form == "plain":
        return digits
    if form == "plus_spaced":
        return f"+44 {digits[1:5]} {digits[5:]}"
    return f"+44{digits[1:]}" if form == "plus" else f"{digits[:5]} {digits[5:]}"


ABBREVIATIONS = {" Road": " Rd", " Street": " St", " Avenue": " Ave", " Lane": " Ln"}


def written_address(rng: random.Random, text: str) -> str | None:
    if _chance(rng, "address_missing"):
        return None
    if _chance(rng, "address_abbreviated"):
        for long, short in ABBREVIATIONS.items():
            text = text.replace(long + ",", short + ",")
    parts = text.split(", ")
    if len(parts) > 2 and _chance(rng, "address_town_dropped"):
        parts = parts[:-1]
    return ", ".join(parts)


def written_person(rng: random.Random, p: Person) -> dict:
    """The person object an officer's device sends, in this officer's hand."""
    out: dict = {"name": written_name(rng, p)}
    if born := written_dob(rng, p.dob):
        out["dob"] = born
    if not _chance(rng, "gender_missing"):
        out["gender"] = p.gender
    if address := written_address(rng, p.address["text"]):
        out["address"] = address
    if p.phone and not _chance(rng, "phone_missing"):
        out["phone"] = written_phone(rng, p.phone)
    if p.nickname and not _chance(rng, "aka_missing"):
        out["aka"] = p.nickname
    return out


MISREAD = {"O": "0", "0": "O", "1": "I"}


def written_mark(rng: random.Random, mark: str) -> str:
    if _chance(rng, "vrm_misread"):
        spots = [i for i, c in enumerate(mark) if c in MISREAD]
        if spots:
            i = rng.choice(spots)
            mark = mark[:i] + MISREAD[mark[i]] + mark[i + 1 :]
    if _chance(rng, "vrm_no_space"):
        mark = mark.replace(" ", "")
    return mark.lower() if _chance(rng, "vrm_lower") else mark


def written_vehicle(rng: random.Random, vehicle: dict) -> dict:
    out = {"vrm": written_mark(rng, vehicle["vrm"])}
    for key in ("make", "model", "colour"):
        if not _chance(rng, "vehicle_detail_missing"):
            out[key] = vehicle[key]
    return out


def police_style(rng: random.Random, p: Person) -> str:
    """A name as an officer writes it in an account: often the surname in capitals."""
    name = written_name(rng, p)
    if rng.random() < 0.5 and "," not in name:
        words = name.split()
        words[-1] = words[-1].upper()
        name = " ".join(words)
    return name
