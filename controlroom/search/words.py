"""The words a capture is found by, and a searcher's query read into words that cannot be
anything but words: both stores index and match the same lower-case letters and digits, so
no query text ever reaches FTS5 or tsquery syntax."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from controlroom.entities import normalise

MAX_QUERY = 200  # characters of a query
MAX_TERMS = 12  # words and phrases in one query
MAX_WORD = 64  # characters of one word; a longer run is not a word anyone types
MIN_PREFIX = 2  # a prefix shorter than this matches most of the index
MAX_INDEXED = 4000  # words kept for one capture: a capture's text is bounded, this bounds it again

_WORD = re.compile(r"[^\W_]+")
_TERM = re.compile(r'"([^"]*)"?|(\S+)')
_MARK = re.compile(r"\b(?=[A-Za-z]*[0-9])[A-Za-z0-9]{2,4}\s[A-Za-z0-9]{3}\b")  # with a digit
_PHONE = re.compile(r"(?:\+44|0044|0)[\d\s\-()]{9,16}\d")


class QueryError(ValueError):
    """A query that cannot be searched; its text says why, for the searcher."""


@dataclass(frozen=True)
class Term:
    """Words that must appear in this order (one word: anywhere); `prefix`: the last word may
    be the start of a longer one."""

    words: tuple[str, ...]
    prefix: bool = False


def words_of(text: str) -> list[str]:
    """Text as its words: accents dropped, case folded, split at everything but letters and
    digits."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _WORD.findall(plain.casefold())


def capture_words(summary: str, fields: object) -> str:
    """The text a capture is indexed under: its summary and every string and number in its
    fields, with each registration mark and phone number also in its one normal form (a mark
    written "BD51 SMR" is found as "bd51smr", a phone written +44 as 0...)."""
    texts = [summary, *_strings(fields)]
    found: list[str] = []
    for text in texts:
        found += words_of(text)
        found += [_normal_mark(m) for m in _MARK.findall(text) if normalise.vrm(m)]
        found += [normalise.phone(p) or "" for p in _PHONE.findall(text)]
    return " ".join(w for w in found if w and len(w) <= MAX_WORD)[: MAX_INDEXED * 8]


def _normal_mark(mark: str) -> str:
    return (normalise.vrm(mark) or "").lower()


def _joined(text: str) -> str:
    """A query with each mark or phone written with spaces in its one normal form."""
    text = _MARK.sub(lambda m: _normal_mark(m.group()) or m.group(), text)
    return _PHONE.sub(lambda m: normalise.phone(m.group()) or m.group(), text)


def _strings(value: object, depth: int = 0) -> Iterator[str]:
    """Every string and number in a capture's fields (keys are the form's, not the officer's)."""
    if depth > 8:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, bool):
        return
    elif isinstance(value, int | float):
        yield str(value)
    elif isinstance(value, dict):
        yield from _each(value.values(), depth)
    elif isinstance(value, list):
        yield from _each(value, depth)


def _each(values: Iterable[object], depth: int) -> Iterator[str]:
    for v in values:
        yield from _strings(v, depth + 1)


def parse_query(text: str) -> list[Term]:
    """A searcher's query: words (all must match), "quoted phrases", and a trailing * for a
    prefix. Marks and phones are matched in their normal form too. Raises QueryError."""
    if len(text) > MAX_QUERY:
        raise QueryError(f"q is at most {MAX_QUERY} characters")
    terms: list[Term] = []
    for phrase, bare in _TERM.findall(_joined(text)):
        terms += _terms(phrase or bare)
    terms = list(dict.fromkeys(terms))
    if not terms and text.strip():
        raise QueryError("q holds no letters or digits to search for")
    if len(terms) > MAX_TERMS:
        raise QueryError(f"q holds at most {MAX_TERMS} words or phrases")
    return terms


def _terms(text: str) -> list[Term]:
    prefix = text.endswith("*")
    words = tuple(words_of(text))
    if not words:
        return []
    if any(len(w) > MAX_WORD for w in words):
        raise QueryError(f"a word is at most {MAX_WORD} characters")
    if prefix and len(words[-1]) < MIN_PREFIX:
        raise QueryError(f"a prefix* needs at least {MIN_PREFIX} letters or digits")
    # A word written with punctuation inside ("o'neill", "ST4-7") is a phrase, as quoted ones.
    return [Term(words, prefix)]
