"""Words of place names as a search sees them: folded, abbreviations known, typos forgiven.

"Joiner's Square" is the words joiners, square; "Stoke-on-Trent" is stoke, on, trent. A typed
word matches a word of a name exactly, as an abbreviation of it (rd: road), as its beginning, or
within one typing slip (two for long words): a letter missing, extra, wrong or swapped.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict

WORD = re.compile(r"[a-z0-9]+")
HOUSE_NUMBER = re.compile(r"\d{1,4}[a-z]?")
# Abbreviation -> the words it may stand for (and back): each pair matches both ways.
ABBREVIATIONS = {
    "rd": ("road",),
    "st": ("street", "saint"),
    "ave": ("avenue",),
    "av": ("avenue",),
    "ln": ("lane",),
    "dr": ("drive",),
    "cl": ("close",),
    "cres": ("crescent",),
    "ct": ("court",),
    "pl": ("place",),
    "sq": ("square",),
    "gdns": ("gardens",),
    "gr": ("grove",),
    "tce": ("terrace",),
    "pk": ("park",),
    "hosp": ("hospital",),
    "stn": ("station",),
    "sch": ("school",),
    "uni": ("university",),
    "nr": ("near",),
    "n": ("north",),
    "s": ("south",),
    "e": ("east",),
    "w": ("west",),
    "gt": ("great",),
    "lt": ("little",),
    "upr": ("upper",),
    "lwr": ("lower",),
}
ALIASES: dict[str, set[str]] = defaultdict(set)
for short, longs in ABBREVIATIONS.items():
    for long in longs:
        ALIASES[short].add(long)
        ALIASES[long].add(short)
IGNORED = {"the", "of", "and", "on", "near", "or"}  # still indexed; never required of a query


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = folded.replace("'", "").replace("&", " and ")
    return WORD.findall(folded)


def within_one(a: str, b: str) -> bool:
    """True when b is a away by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i + 1 :] == b[i:] if la > lb else a[i:] == b[i + 1 :]


def distance(a: str, b: str, cap: int = 3) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein without re-edits), up to cap."""
    if abs(len(a) - len(b)) >= cap:
        return cap
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) >= cap:
            return cap
        prev2, prev = prev, row
    return min(prev[-1], cap)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Vocabulary:
    """Every word of the index, found exactly, by beginning, or with a slip."""

    def __init__(self, vocabulary: dict[str, int]) -> None:
        self.count = vocabulary  # word -> how many entries use it
        self.sorted = sorted(vocabulary)
        self._by_delete: dict[str, list[str]] = defaultdict(list)
        for word in vocabulary:
            if len(word) >= 4:
                for d in _deletes(word):
                    self._by_delete[d].append(word)

    def starting(self, prefix: str, most: int = 150) -> list[str]:
        """Words beginning with prefix (not the prefix itself), the most used first."""
        at = bisect_left(self.sorted, prefix)
        found = []
        while at < len(self.sorted) and self.sorted[at].startswith(prefix):
            if self.sorted[at] != prefix:
                found.append(self.sorted[at])
            at += 1
        if len(found) > most:
            found = sorted(found, key=lambda w: -self.count[w])[:most]
        return found

    def slips(self, word: str) -> dict[str, int]:
        """Words within one slip of word (len >= 4), or two for words of 8 letters or more."""
        if len(word) < 4:
            return {}
        near: set[str] = set(self._by_delete.get(word, ()))
        if word in self.count:
            near.add(word)
        for d in _deletes(word):
            if d in self.count:
                near.add(d)
            near.update(self._by_delete.get(d, ()))
        if len(word) >= 8:
            for d in _deletes(word):
                for dd in _deletes(d):
                    near.update(self._by_delete.get(dd, ()))
        found = {}
        for other in near:
            if other == word:
                continue
            slips = 1 if within_one(word, other) else distance(word, other)
            if slips == 1 or (slips == 2 and len(word) >= 8):
                found[other] = slips
        return found
