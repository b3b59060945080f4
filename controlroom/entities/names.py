"""Comparing names the way people write them: nicknames (Bill for William), initials, typing
slips, sounds-alike surnames and a forename written where the surname should be.

Nicknames come from the ``nicknames`` package (a hand-curated list of English given names and
their nicknames by Carlton Northern and Nick Crews, Apache-2.0); the given names used to find a
person in free text add the US Census 1990 first-name lists (public domain) that the ``names``
package ships (MIT)."""

from __future__ import annotations

import functools
from importlib import resources

import jellyfish

from controlroom.entities.normalise import Name


@functools.cache
def _nicknames() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    from nicknames import NickNamer

    namer = NickNamer()
    return namer.nickname_lookup, namer.canonical_lookup


def formal_names(forename: str) -> frozenset[str]:
    """The name itself and every formal name it may be short for ("bill": william, ...)."""
    _, canonical = _nicknames()
    return frozenset({forename, *canonical.get(forename, ())})


def is_nickname_pair(a: str, b: str) -> bool:
    """One is a nickname of the other, or both are nicknames of one formal name."""
    if not a or not b or a == b:
        return False
    nick, _ = _nicknames()
    if b in nick.get(a, ()) or a in nick.get(b, ()):
        return True
    return bool(formal_names(a) & formal_names(b) - {a, b})


@functools.cache
def known_forenames() -> frozenset[str]:
    """Every given name and nickname the list holds (used to find names in free text)."""
    nick, canonical = _nicknames()
    census: set[str] = set()
    for name in ("dist.male.first", "dist.female.first"):
        text = resources.files("names").joinpath(name).read_text(encoding="ascii")
        census.update(line.split()[0].lower() for line in text.splitlines() if line.strip())
    return frozenset(nick) | frozenset(canonical) | frozenset(census)


def similar(a: str, b: str) -> float:
    """Jaro-Winkler similarity of two lower-case words."""
    if not a or not b:
        return 0.0
    return jellyfish.jaro_winkler_similarity(a, b)


def sounds_like(a: str, b: str) -> bool:
    return bool(a and b) and jellyfish.metaphone(a) == jellyfish.metaphone(b)


def surname_key(surname: str) -> str:
    """A phonetic key of a surname (Metaphone): Smith and Smyth share one."""
    return jellyfish.metaphone(surname) if surname else ""


def one_slip(a: str, b: str) -> bool:
    """The words differ by one typing slip: a letter added, dropped, changed or two swapped."""
    return bool(a and b) and a != b and jellyfish.damerau_levenshtein_distance(a, b) == 1


def word_match(a: str, b: str) -> str | None:
    """How two surnames (or two full forenames) agree: exact, slip, sounds, close, or None."""
    if not a or not b:
        return None
    if a == b:
        return "exact"
    if one_slip(a, b) and min(len(a), len(b)) >= 4:
        return "slip"
    if sounds_like(a, b) and similar(a, b) >= 0.85:
        return "sounds"
    return "close" if similar(a, b) >= 0.93 else None


def forename_match(a: str, b: str) -> str | None:
    """exact, nickname, initial, slip, sounds, close; None when they disagree (or one is
    missing, which the caller tells apart)."""
    if not a or not b:
        return None
    if a == b:
        return "exact"
    if len(a) == 1 or len(b) == 1:
        return "initial" if a[0] == b[0] else None
    if is_nickname_pair(a, b):
        return "nickname"
    return word_match(a, b)


def swapped(a: Name, b: Name) -> bool:
    """One was written surname first: a's forename is b's surname and the other way round."""
    return (
        bool(a.forename and b.forename)
        and len(a.forename) > 1
        and word_match(a.forename, b.surname) in ("exact", "slip")
        and forename_match(a.surname, b.forename) in ("exact", "nickname", "slip")
    )
