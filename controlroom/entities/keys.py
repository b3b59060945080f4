"""Blocking keys: the linker compares a new mention only with mentions sharing one of these."""

from __future__ import annotations

from datetime import date

from controlroom.entities.mention import Mention
from controlroom.entities.names import surname_key
from controlroom.entities.normalise import vrm_confusable

COUNT_ONLY = "sx:"  # an exact surname: counted to weigh how common it is, never blocked on


def person_keys(a: dict) -> set[str]:
    keys = set()
    if dob := a.get("dob"):
        keys.add(f"dob:{dob}")
        keys.add(f"dmy:{_unordered_dob(dob)}")  # finds a day and month written the other way
    for word in (a.get("surname"), a.get("forename")):
        # The forename too: a name written surname first puts the surname there.
        if word and len(word) > 1:
            keys.add(f"sn:{surname_key(word)}")
    if phone := a.get("phone"):
        keys.add(f"ph:{phone}")
    if house := a.get("address_key"):
        keys.add(f"ad:{house}")
    for aka in a.get("aka", ()):
        keys.add(f"aka:{aka}")
    if surname := a.get("surname"):
        keys.add(f"{COUNT_ONLY}{surname}")
    return keys


def _unordered_dob(iso: str) -> str:
    born = date.fromisoformat(iso)
    low, high = sorted((born.day, born.month))
    return f"{born.year}-{low:02d}-{high:02d}"


def mention_keys(m: Mention) -> set[str]:
    a = m.attributes
    if m.kind == "person":
        return person_keys(a)
    if m.kind == "vehicle":
        return {f"vrm:{a['vrm']}", f"vrmc:{vrm_confusable(a['vrm'])}"}
    if m.kind == "phone":
        return {f"ph:{a['number']}"}
    if m.kind == "address" and a.get("key"):
        return {f"ad:{a['key']}"}
    return set()


def surname_count_key(a: dict) -> str | None:
    """The key whose count says how common this surname is (for the name's weight)."""
    surname = a.get("surname")
    return f"{COUNT_ONLY}{surname}" if surname else None


def blocking(keys: set[str]) -> list[str]:
    """The keys candidates are looked up by (the counting keys are too broad to block on)."""
    return sorted(k for k in keys if not k.startswith(COUNT_ONLY))
