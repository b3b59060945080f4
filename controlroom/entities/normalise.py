"""Values as officers write them, made comparable: registration marks, phone numbers, dates of
birth, names and addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MAX_TEXT = 200  # longer values are cut: a name or an address is never this long

_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_CURRENT_VRM = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z]{3}$")  # AB12CDE (2001 on)
_PREFIX_VRM = re.compile(r"^[A-Z][0-9]{1,3}[A-Z]{3}$")  # A123BCD (1983-2001)
_SUFFIX_VRM = re.compile(r"^[A-Z]{3}[0-9]{1,3}[A-Z]$")  # ABC123D (1963-1983)
_DATELESS_VRM = re.compile(r"^([A-Z]{1,3}[0-9]{1,4}|[0-9]{1,4}[A-Z]{1,3})$")
# The confusions officers and ANPR make: a mark read with O for 0 or I for 1.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1"})


def clean(value: object, limit: int = MAX_TEXT) -> str:
    """A string field as text, trimmed and cut to a sane length ('' for anything else)."""
    if not isinstance(value, str):
        return ""
    printable = "".join(c if c.isprintable() else " " for c in value[: limit * 4])
    return " ".join(printable.split())[:limit]


_VRM_FORMS = (_CURRENT_VRM, _PREFIX_VRM, _SUFFIX_VRM, _DATELESS_VRM)
_AS_LETTER = str.maketrans({"0": "O", "1": "I"})
_AS_DIGIT = str.maketrans({"O": "0", "I": "1"})


def vrm(value: object) -> str | None:
    """A registration mark in one form: capitals, no spaces or punctuation ("BD51SMR"). A mark
    that is one only once an O/0 or I/1 is read the other way ("BD51 S0R") is kept as written:
    the linker offers the likely mark as a suggestion, never as a link."""
    text = _NOT_ALNUM.sub("", clean(value).upper())
    if not 2 <= len(text) <= 8:
        return None
    if any(p.match(text) for p in _VRM_FORMS) and any(c.isdigit() for c in text):
        return text
    return text if _misread_current(text) else None


def _misread_current(text: str) -> bool:
    """A current-format mark with a 0 or 1 among its letters or an O or I among its digits."""
    if len(text) != 7:
        return False
    repaired = (
        text[:2].translate(_AS_LETTER)
        + text[2:4].translate(_AS_DIGIT)
        + text[4:].translate(_AS_LETTER)
    )
    misread = sum(a != b for a, b in zip(text, repaired, strict=True))
    return misread <= 2 and bool(_CURRENT_VRM.match(repaired))


def vrm_confusable(mark: str) -> str:
    """The mark with O read as 0 and I as 1: equal keys mean the marks may be one misread."""
    return mark.translate(_CONFUSABLE)


def vrm_display(mark: str) -> str:
    """A mark as it is written on the plate: current marks as "BD51 SMR"."""
    if _CURRENT_VRM.match(mark):
        return f"{mark[:4]} {mark[4:]}"
    if _PREFIX_VRM.match(mark) or _SUFFIX_VRM.match(mark):
        return f"{mark[:-3]} {mark[-3:]}" if _PREFIX_VRM.match(mark) else f"{mark[:3]} {mark[3:]}"
    return mark


def phone(value: object) -> str | None:
    """A UK number in its national form ("07700900123"): +44, 0044 and (0) handled."""
    text = clean(value)
    if not text:
        return None
    digits = re.sub(r"\(0\)", "", text)
    plus = digits.lstrip().startswith("+")
    digits = re.sub(r"\D", "", digits)
    if plus or digits.startswith("0044"):
        digits = digits[2:] if digits.startswith("00") else digits
        if not digits.startswith("44"):
            return None  # a number abroad: not one we can compare
        digits = "0" + digits[2:]
    elif digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    if len(digits) != 11 or not digits.startswith("0") or digits[1] == "0":
        return None
    return digits


def phone_display(number: str) -> str:
    """Mobiles as "07700 900123", geographic numbers as "01782 123456"."""
    return f"{number[:5]} {number[5:]}"


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_WORD_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$")


def dob(value: object, today: date | None = None) -> date | None:
    """A date of birth: ISO (the contract's form), UK day-first, or "4 March 1999"."""
    text = clean(value, 40)
    parts: tuple[int, int, int] | None = None
    if m := _ISO_DATE.match(text):
        parts = int(m[1]), int(m[2]), int(m[3])
    elif m := _UK_DATE.match(text):
        year = int(m[3])
        if len(m[3]) == 2:
            year += 1900 if year > (today or date.today()).year % 100 else 2000
        parts = year, int(m[2]), int(m[1])
    elif (m := _WORD_DATE.match(text)) and m[2].lower() in _MONTHS:
        parts = int(m[3]), _MONTHS[m[2].lower()], int(m[1])
    if parts is None:
        return None
    try:
        born = date(*parts)
    except ValueError:
        return None
    limit = today or date.today()
    return born if date(1900, 1, 1) <= born <= limit else None


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "master", "sir"}


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name split into its parts, lower case ("" where not known)."""

    forename: str
    middle: str
    surname: str
    written: str

    @property
    def initial_only(self) -> bool:
        return len(self.forename) == 1

    def display(self) -> str:
        return " ".join(p.capitalize() for p in (self.forename, self.middle, self.surname) if p)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s.]+", text) if w]


def name(value: object) -> Name | None:
    """A name as written: "Jack Smith", "J. Smith", "SMITH, Jack", "Jack SMITH", "Smith Jack"
    (taken as written: swaps are the scorer's business), titles dropped."""
    text = clean(value)
    text = re.sub(r"[^\w\s,.'\-]", " ", text).strip(" ,.-'")
    if not text or not any(c.isalpha() for c in text):
        return None
    if "," in text:  # "SMITH, Jack": the surname first, by convention
        surname, _, rest = text.partition(",")
        words = [*_words(rest), surname.strip()]
    else:
        words = _words(text)
        capitals = [w for w in words if len(w) > 1 and w.isupper()]
        if len(capitals) == 1 and len(words) > 1 and words[0] == capitals[0]:
            words = [*words[1:], words[0]]  # "SMITH Jack": capitals mark the surname
    words = [w.lower() for w in words if w.lower() not in _TITLES]
    words = [w for w in words if any(c.isalpha() for c in w)]
    if not words:
        return None
    if len(words) == 1:
        return Name("", "", words[0], clean(value))
    return Name(words[0], " ".join(words[1:-1]), words[-1], clean(value))


_ABBREVIATIONS = {
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "dr": "drive",
    "cl": "close",
    "ct": "court",
    "cres": "crescent",
    "gdns": "gardens",
    "gr": "grove",
    "pl": "place",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "pk": "park",
    "wy": "way",
}
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
_HOUSE = re.compile(r"^(?:(flat|apartment|apt|unit)\s+(\w+),?\s+)?(\d+[a-z]?)\s+(.+)$")


@dataclass(frozen=True, slots=True)
class Address:
    """An address split as far as it can be: flat, house number, street, the places after it
    and a postcode; all lower case with abbreviations written out."""

    flat: str
    number: str
    street: str
    places: tuple[str, ...]
    postcode: str
    written: str

    @property
    def house(self) -> str:
        """What identifies the building: number and street ('' without a number)."""
        return f"{self.number} {self.street}" if self.number and self.street else ""

    def key(self) -> str:
        flat = f"flat {self.flat} " if self.flat else ""
        return f"{flat}{self.house}" if self.house else ""


def _expand(part: str) -> str:
    words = re.sub(r"[^\w\s]", " ", part.lower()).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def address(value: object) -> Address | None:
    """An address as written ("Flat 3, 12 Leek Rd, Hanley, ST1 3AB")."""
    text = clean(value)
    if not text:
        return None
    postcode = ""
    if m := _POSTCODE.search(text):
        postcode = f"{m[1]} {m[2]}".upper()
        text = (text[: m.start()] + text[m.end() :]).strip(" ,")
    parts = [_expand(p) for p in text.split(",")]
    parts = [p for p in parts if p]
    if not parts and not postcode:
        return None
    flat = number = street = ""
    joined = ", ".join(parts)
    if m := _HOUSE.match(
        joined.replace(", ", " ", 1) if parts[:1] and _is_flat(parts[0]) else joined
    ):
        flat, number = m[2] or "", m[3]
        street, _, rest = m[4].partition(", ")
        places = tuple(p for p in rest.split(", ") if p)
    else:
        street = parts[0] if parts else ""
        places = tuple(parts[1:])
    return Address(flat, number, street, places, postcode, clean(value))


def _is_flat(part: str) -> bool:
    return part.split()[0] in ("flat", "apartment", "apt", "unit") if part else False
