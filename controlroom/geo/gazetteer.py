"""Finding a place by typing it: places, streets, points of interest and house numbers of the
force area, from OpenStreetMap (resources/geodata/gazetteer.json.gz, made by
tools/derive_roads.py).

Every word typed must match a word of an entry's name or of where it is (its locality, town,
district, road number, or what kind of building it is), and at least one must match the name.
Entries rank by how well the words match (exactly, an abbreviation, a beginning, a slip), how much
of the name was matched, and how much the entry matters (a town before a hamlet, a hospital before
a shop, a main road before a cul-de-sac). A house number typed first finds that house where the
map has it, and the street where it does not.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

import numpy as np

from controlroom.geo.localities import Place, Places, context
from controlroom.geo.once import once
from controlroom.geo.textmatch import ALIASES, HOUSE_NUMBER, IGNORED, Vocabulary, words

GAZETTEER_FILE = "gazetteer.json.gz"
KINDS = ("street", "place", "poi", "address")
PLACE_RANK = {"city": 10, "town": 9, "suburb": 7, "village": 7, "hamlet": 4}
MAX_WORDS = 8
MAX_CANDIDATES = 800
CONTEXT_WEIGHT = 0.55
QUALITY = {"exact": 1.0, "alias": 0.95, "slip": 0.7, "slip2": 0.5}


@dataclass(frozen=True, slots=True)
class Result:
    label: str
    kind: str  # street | place | poi | address
    lat: float
    lon: float

    def as_dict(self) -> dict:
        return {"label": self.label, "kind": self.kind, "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True, slots=True)
class Entry:
    result: Result
    name: tuple[str, ...]  # words of the name
    where: tuple[str, ...]  # words of where it is and what it is
    rank: float
    number: str = ""  # a house number


@once
def read_gazetteer() -> dict:
    data = resources.files("resources").joinpath("geodata", GAZETTEER_FILE).read_bytes()
    return json.loads(gzip.decompress(data))


class _Builder:
    """Entries from the file, remembering the words of each locality (many entries share one)."""

    def __init__(self, places: Places) -> None:
        self.places = places

    @functools.cache  # noqa: B019 - one builder per load
    def where(self, loc: int, town: int, more: str = "") -> tuple[str, ...]:
        p = self.places
        district = p.places[loc if loc >= 0 else town].district if max(loc, town) >= 0 else ""
        return tuple(dict.fromkeys(words(f"{p.name(loc)} {p.name(town)} {district} {more}")))

    @functools.cache  # noqa: B019
    def suffix(self, loc: int, town: int) -> str:
        parts = context(self.places.name(loc), self.places.name(town))
        return "".join(", " + part for part in parts)

    def entries(self, raw: dict) -> list[Entry]:
        out = []
        for p in self.places.places:
            shown = p.name if p.district in ("", p.name) else f"{p.name}, {p.district}"
            result = Result(shown, "place", p.lat, p.lon)
            rank = PLACE_RANK.get(p.kind, 3)
            out.append(Entry(result, tuple(words(p.name)), tuple(words(p.district)), rank))
        for name, lat, lon, rank, loc, town, ref in raw["streets"]:
            result = Result(name + self.suffix(loc, town), "street", lat, lon)
            out.append(Entry(result, _words(name), self.where(loc, town, ref), rank * 0.6))
        for name, category, lat, lon, rank, loc, town in raw["pois"]:
            result = Result(name + self.suffix(loc, town), "poi", lat, lon)
            where = self.where(loc, town, category.replace("_", " "))
            out.append(Entry(result, _words(name), where, rank * 0.8))
        for number, street, lat, lon, loc, town in raw["addresses"]:
            result = Result(f"{number} {street}{self.suffix(loc, town)}", "address", lat, lon)
            entry = Entry(result, _words(street), self.where(loc, town), 2.0, number.lower())
            out.append(entry)
        out.sort(key=lambda e: -e.rank)  # postings then run from the entries that matter most
        return out


@functools.cache
def _words(name: str) -> tuple[str, ...]:
    return tuple(words(name))


class Gazetteer:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        postings: dict[str, list[int]] = defaultdict(list)
        named: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(entries):
            for word in {*entry.name, *entry.where}:
                postings[word].append(i)
            for word in set(entry.name):
                named[word].append(i)
        # the entries holding each word (anywhere, or in the name), in order of rank
        self.postings = {w: np.array(ids, np.int32) for w, ids in postings.items()}
        self.named = {w: np.array(ids, np.int32) for w, ids in named.items()}
        self.vocabulary = Vocabulary({w: len(ids) for w, ids in postings.items()})
        # words of each name that count toward matching all of it ("on" of Stoke-on-Trent not)
        self.significant = [
            sum(1 for w in e.name if w not in IGNORED) or len(e.name) or 1 for e in entries
        ]

    def search(self, text: str, limit: int = 10) -> list[Result]:
        typed = words(text)[: MAX_WORDS * 2]
        number = next((w for w in typed[:1] if HOUSE_NUMBER.fullmatch(w)), "")
        query = [w for w in typed if w != number][:MAX_WORDS]
        wanted = [w for w in query if w not in IGNORED] or query
        if not wanted:
            return []
        matches = [self._matches(w, last=i == len(wanted) - 1) for i, w in enumerate(wanted)]
        if not all(matches):
            return []
        candidates = self._candidates(matches)
        scored = []
        for i in candidates:
            score = self._score(i, matches, number)
            if score is not None:
                scored.append((-score, self.entries[i].result.label, i))
        scored.sort()
        found: list[Result] = []
        seen: set[str] = set()
        for _, label, i in scored:
            if label not in seen:
                seen.add(label)
                found.append(self.entries[i].result)
                if len(found) == limit:
                    break
        return found

    def _matches(self, word: str, last: bool) -> dict[str, float]:
        """Index words the typed word may mean, each with how good a match it is."""
        found: dict[str, float] = {}
        if word in self.postings:
            found[word] = QUALITY["exact"]
        for alias in ALIASES.get(word, ()):
            if alias in self.postings:
                found.setdefault(alias, QUALITY["alias"])
        if len(word) >= (2 if last else 3):
            for longer in self.vocabulary.starting(word):
                found.setdefault(longer, 0.6 + 0.3 * len(word) / len(longer))
        if word not in self.postings:
            for other, slips in self.vocabulary.slips(word).items():
                found.setdefault(other, QUALITY["slip" if slips == 1 else "slip2"])
        return found

    def _candidates(self, matches: list[dict[str, float]]) -> list[int]:
        """Entries holding a match of every typed word: first those whose name holds them all,
        then the rest; of either, where there are more than MAX_CANDIDATES (a word as common
        as "road"), those that matter most (entries are numbered by rank)."""
        named = self._holding(matches, self.named)
        anywhere = self._holding(matches, self.postings) & ~named
        first = np.flatnonzero(named)[:MAX_CANDIDATES]
        then = np.flatnonzero(anywhere)[: MAX_CANDIDATES - len(first)]
        return first.tolist() + then.tolist()

    def _holding(self, matches: list[dict[str, float]], postings) -> np.ndarray:
        """Which entries hold a match of every word, as a mask."""
        every = np.ones(len(self.entries), bool)
        for match in matches:
            some = np.zeros(len(self.entries), bool)
            for word in match:
                if word in postings:
                    some[postings[word]] = True
            every &= some
        return every

    def _score(self, i: int, matches: list[dict[str, float]], number: str) -> float | None:
        entry = self.entries[i]
        if number and entry.number and entry.number != number:
            return None  # another house
        score, named = 0.0, set()
        for position, m in enumerate(matches):
            in_name = [(m[w], j) for j, w in enumerate(entry.name) if w in m]
            in_where = [m[w] for w in entry.where if w in m]
            best_name = max(in_name, default=(0.0, -1))
            best_where = max(in_where, default=0.0) * CONTEXT_WEIGHT
            if best_name[1] >= 0 and best_name[0] >= best_where:
                score += best_name[0]
                named.add(best_name[1])
                if position == 0 and best_name[1] == 0:
                    score += 0.3  # typed as the name begins
                if best_where:
                    score += 0.4  # the word names what it is too: "station" of a station
            else:
                score += best_where
        if not named:
            return None
        score += 1.2 * min(1.0, len(named) / self.significant[i]) + 0.08 * entry.rank
        if number:
            score += 2.0 if entry.number == number else -0.5  # the house, else its street
        return score


@once
def load_places() -> Places:
    raw = read_gazetteer()
    return Places([Place(n, k, lat, lon, d) for n, k, lat, lon, d in raw["places"]])


@once
def load_gazetteer() -> Gazetteer:
    return Gazetteer(_Builder(load_places()).entries(read_gazetteer()))


def search(text: str, limit: int = 10) -> list[Result]:
    return load_gazetteer().search(text, limit)
