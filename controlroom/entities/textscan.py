"""Finding people, registration marks, phone numbers, dates of birth and addresses in what an
officer wrote in their own words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from controlroom.entities import normalise as norm
from controlroom.entities.names import known_forenames

STREET_WORDS = (
    "Road|Street|Lane|Avenue|Close|Drive|Way|Grove|Crescent|Place|Court|Gardens|Terrace|View|"
    "Walk|Rise|Square|Hill|Green|Row|Mews|Parade|Bank|Croft|Fold|Meadow|Park|Vale|End|Rd|St|Ave"
)
_STREET_WORD = re.compile(rf"^(?:{STREET_WORDS})$")
_NOT_NAMES = {
    "police", "station", "act", "section", "operation", "centre", "shop", "shops", "pub",
    "hospital", "school", "church", "court", "city", "town", "north", "south", "east", "west",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "pnc", "cctv",
    "intel", "the", "a", "an", "i", "he", "she", "they", "we", "when", "at", "on", "in", "of",
    "mot", "anpr", "dvla", "bmw", "vw", "audi", "ford", "vauxhall", "volkswagen", "toyota",
    "nissan", "peugeot", "renault", "kia", "honda", "mercedes", "benz", "no", "not", "s&s",
}  # fmt: skip
_CUE = re.compile(
    r"(?:\b(?:mr|mrs|ms|miss|named|called|spoke to|speaking to|known as|identified as|"
    r"arrested|detained|stopped|searched|suspect|subject|male|female|driver|passenger)\b)\W*$",
    re.IGNORECASE,
)
_WORD = r"(?:[A-Z][a-z][a-z'\-]*|[A-Z]{2,}|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)"
_NAME = re.compile(rf"(?<![&\w])(?:[A-Z]\.?\s+)?{_WORD}(?:\s+{_WORD}){{0,2}}")
_SURNAME_FIRST = re.compile(r"\b([A-Z]{2,}),\s+([A-Z][a-z]+)\b")
_AKA = re.compile(r"^\s*\((?:aka|a\.k\.a\.?|known as)\s+([^)]{1,40})\)", re.IGNORECASE)
_CURRENT_VRM = re.compile(r"\b[A-Za-z01]{2}[0-9OoIi]{2}\s?[A-Za-z01]{3}\b")
_OLDER_VRM = re.compile(r"\b(?:[A-Z][0-9]{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?[0-9]{1,3}[A-Z])\b")
_PHONE = re.compile(r"(?<![\w/])(?:\+44|0044|0)[\d\s\-()]{9,16}\d(?![\w/])")
_DOB_CUE = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*"
    r"(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\s+\d{4})",
    re.IGNORECASE,
)
_PLACE = r"[A-Z][a-z]+(?:[\s\-](?:on|under|upon|in|le)[\s\-][A-Z][a-z]+)?"
_ADDRESS = re.compile(
    rf"\b(?:Flat\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?\s+(?:[A-Z][a-z'\-]+\s+){{1,3}}"
    rf"(?:{STREET_WORDS})\b(?:,\s*{_PLACE}){{0,2}}"
)


@dataclass(slots=True)
class Found:
    kind: str  # person | vehicle | phone | address | dob
    start: int
    end: int
    value: str  # as written
    aka: str = ""


def scan(text: str) -> list[Found]:
    """Everything recognisable in one piece of free text, in order of position."""
    found = _marks(text) + _phones(text) + _dobs(text) + _addresses(text)
    taken = [(f.start, f.end) for f in found]
    found += [f for f in _names(text) if not _overlaps(f, taken)]
    return sorted(found, key=lambda f: f.start)


def _overlaps(f: Found, spans: list[tuple[int, int]]) -> bool:
    return any(f.start < end and start < f.end for start, end in spans)


def _marks(text: str) -> list[Found]:
    out = []
    for pattern in (_CURRENT_VRM, _OLDER_VRM):
        for m in pattern.finditer(text):
            if norm.vrm(m[0]):
                out.append(Found("vehicle", m.start(), m.end(), m[0]))
    return out


def _phones(text: str) -> list[Found]:
    return [
        Found("phone", m.start(), m.end(), m[0]) for m in _PHONE.finditer(text) if norm.phone(m[0])
    ]


def _dobs(text: str) -> list[Found]:
    return [
        Found("dob", m.start(1), m.end(1), m[1]) for m in _DOB_CUE.finditer(text) if norm.dob(m[1])
    ]


def _addresses(text: str) -> list[Found]:
    return [Found("address", m.start(), m.end(), m[0]) for m in _ADDRESS.finditer(text)]


def _names(text: str) -> list[Found]:
    out = [
        Found("person", m.start(), m.end(), f"{m[2]} {m[1]}")
        for m in _SURNAME_FIRST.finditer(text)
        if m[1].lower() not in _NOT_NAMES
    ]
    taken = [(f.start, f.end) for f in out]
    for m in _NAME.finditer(text):
        words = [w.strip(".") for w in m[0].split()]
        if any(_STREET_WORD.match(w) for w in words):
            continue  # "Victoria Road" and the like are places, not people
        if len(words) < 2 or any(w.lower() in _NOT_NAMES for w in words):
            continue
        found = Found("person", m.start(), m.end(), " ".join(words))
        if _overlaps(found, taken) or not _looks_like_person(words, text[: m.start()]):
            continue
        if aka := _AKA.match(text[m.end() :]):
            found.aka = aka[1].strip()
        out.append(found)
    return out


def _looks_like_person(words: list[str], before: str) -> bool:
    """A known forename first, a surname in capitals (the police convention), or a cue."""
    first, last = words[0], words[-1]
    if first.lower() in known_forenames() or (len(first) == 1 and last.isupper()):
        return True
    if last.isupper() and len(last) > 3 and not first.isupper():
        return True
    return bool(_CUE.search(before[-30:]))
