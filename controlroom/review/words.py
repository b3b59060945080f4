"""A capture's values in the words a record is read in: yes and no, dates as people write them,
times in the force's local time, field names as labels."""

from __future__ import annotations

import re
from datetime import date

from controlroom.localtime import local, stamp

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")

# Field names whose plain form does not read well.
LABELS = {
    "aka": "Also known as",
    "dob": "Born",
    "vrm": "Registration",
    "type": "Search",
    "age_range": "Age range",
    "self_defined_ethnicity": "Ethnicity (self-defined)",
    "officer_defined_ethnicity": "Ethnicity (officer-defined)",
    "object_of_search": "Object of search",
    "outcome_linked_to_object_of_search": "Outcome linked to object of search",
    "removal_of_more_than_outer_clothing": "More than outer clothing removed",
    "involved_person": "A person was searched",
    "operation_name": "Operation name",
    "exhibit_ref": "Exhibit reference",
    "crime_reference": "Crime reference",
    "result": "PNC result",
    "willing_to_attend_court": "Willing to attend court",
    "keeper": "Registered keeper",
    "subject_dob": "Subject born",
    "subject_address": "Subject's address",
    "recorded_on": "Recorded on",
}


def label(key: str) -> str:
    """ "age_range" -> "Age range"."""
    return LABELS.get(key) or key.replace("_", " ").strip().capitalize()


def day(text: str) -> str:
    """ "1994-03-12" -> "12 Mar 1994"; anything else as it was written."""
    try:
        return date.fromisoformat(text).strftime("%d %b %Y").lstrip("0")
    except ValueError:
        return text


def age_on(born: str, on: str | None) -> int | None:
    """Age in whole years on the day of ``on`` (local time), or None if either is unreadable."""
    when = local(on)
    try:
        birth = date.fromisoformat(born)
    except ValueError:
        return None
    if when is None:
        return None
    today = when.date()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def value_words(value: object) -> str:
    """One value as a record shows it ("" for nothing)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(w for w in (value_words(v) for v in value) if w)
    if isinstance(value, dict):
        return "; ".join(f"{label(k)} {value_words(v)}" for k, v in value.items() if v is not None)
    text = str(value).strip()
    if DATE.match(text):
        return day(text)
    if MOMENT.match(text):
        return stamp(text) or text
    return text
