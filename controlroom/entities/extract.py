"""Every mention in a capture: from the person and vehicle objects devices send, and from the
officer's free text. Anything malformed is skipped, never fatal."""

from __future__ import annotations

from datetime import date
from typing import Any

from controlroom.entities import normalise as norm
from controlroom.entities.mention import Mention
from controlroom.entities.names import forename_match, swapped, word_match
from controlroom.entities.textscan import scan

PERSON_OBJECTS = ("person", "driver", "witness")
PERSON_LISTS = ("persons", "subjects")
VEHICLE_OBJECTS = ("vehicle",)
VEHICLE_LISTS = ("vehicles",)
STRUCTURED = {*PERSON_OBJECTS, *PERSON_LISTS, *VEHICLE_OBJECTS, *VEHICLE_LISTS}
MAX_MENTIONS = 60
MAX_LIST = 20  # objects read from one list
MAX_TEXT = 20_000  # characters of free text read from one capture
_SKIP_TEXT = {"handling_code", "handling_conditions", "officer", "attachment", "datetime"}


def mentions(summary: object, fields: object, today: date | None = None) -> list[Mention]:
    """The capture's mentions in a stable order: structured objects first, then free text."""
    out: list[Mention] = []
    fields = fields if isinstance(fields, dict) else {}
    for path, obj in _objects(fields, PERSON_OBJECTS, PERSON_LISTS):
        _person(out, path, obj, today)
    for path, obj in _objects(fields, VEHICLE_OBJECTS, VEHICLE_LISTS):
        _vehicle(out, path, obj)
    for path, text in _texts(summary, fields):
        _free_text(out, path, text, today)
    return out[:MAX_MENTIONS]


def _objects(fields: dict, single: tuple[str, ...], lists: tuple[str, ...]):
    for key in single:
        if isinstance(fields.get(key), dict):
            yield key, fields[key]
    for key in lists:
        items = fields.get(key)
        if isinstance(items, list):
            for i, obj in enumerate(items[:MAX_LIST]):
                if isinstance(obj, dict):
                    yield f"{key}[{i}]", obj


def _texts(summary: object, fields: dict):
    budget = MAX_TEXT
    texts = [("summary", summary)] + [
        (k, v) for k, v in fields.items() if k not in STRUCTURED and k not in _SKIP_TEXT
    ]
    for path, value in texts:
        if isinstance(value, str) and value.strip() and budget > 0:
            yield path, value[:budget]
            budget -= len(value)


def person_attributes(name: norm.Name, obj: dict, today: date | None) -> dict:
    attrs: dict[str, Any] = {
        "name": name.display(),
        "forename": name.forename,
        "middle": name.middle,
        "surname": name.surname,
        "label": name.display(),
    }
    if born := norm.dob(obj.get("dob"), today):
        attrs["dob"] = born.isoformat()
    if gender := _gender(obj.get("gender")):
        attrs["gender"] = gender
    akas = obj.get("aka")
    akas = akas if isinstance(akas, list) else [akas]
    if found := [a.lower() for a in (norm.clean(x, 60) for x in akas[:5]) if a]:
        attrs["aka"] = found
    return attrs


def _gender(value: object) -> str:
    text = norm.clean(value, 20).lower()
    return {"m": "male", "f": "female"}.get(text, text)


def _person(out: list[Mention], path: str, obj: dict, today: date | None) -> None:
    name = norm.name(obj.get("name"))
    owner: int | None = None
    if name is not None:
        attrs = person_attributes(name, obj, today)
        owner = len(out)
        out.append(Mention("person", path.split("[")[0], path, attrs, name.written))
    if number := norm.phone(obj.get("phone")):
        if owner is not None:
            out[owner].attributes["phone"] = number
        out.append(_phone(number, f"{path}.phone", "phone", owner))
    if place := norm.address(obj.get("address")):
        if owner is not None and place.key():
            out[owner].attributes.update(_address_attrs(place, prefix="address_"))
            out[owner].attributes["address"] = place.written
        out.append(_address(place, f"{path}.address", owner))


def _phone(number: str, path: str, role: str, owner: int | None) -> Mention:
    label = norm.phone_display(number)
    return Mention("phone", role, path, {"number": number, "label": label}, label, owner)


def _address_attrs(place: norm.Address, prefix: str = "") -> dict:
    return {
        f"{prefix}key": place.key(),
        f"{prefix}street": place.street,
        f"{prefix}places": list(place.places),
        f"{prefix}postcode": place.postcode,
    }


def _address(place: norm.Address, path: str, owner: int | None) -> Mention:
    attrs = {**_address_attrs(place), "flat": place.flat, "number": place.number}
    attrs["label"] = place.written
    return Mention("address", "address", path, attrs, place.written, owner)


def _vehicle(out: list[Mention], path: str, obj: dict) -> None:
    mark = norm.vrm(obj.get("vrm"))
    if mark is None:
        return
    attrs = {"vrm": mark, "label": norm.vrm_display(mark)}
    for key in ("make", "model", "colour"):
        if value := norm.clean(obj.get(key), 40):
            attrs[key] = value
    driver = next((i for i, m in enumerate(out) if m.path == "driver"), None)
    role = "vehicle" if path.startswith("vehicle") else path
    out.append(Mention("vehicle", role, path, attrs, norm.clean(obj.get("vrm")), driver))


def _free_text(out: list[Mention], path: str, text: str, today: date | None) -> None:
    last_person: int | None = None
    for found in scan(text):
        if found.kind == "person":
            last_person = _text_person(out, path, found, today)
        elif found.kind == "dob":
            _text_dob(out, last_person, found, today)
        elif found.kind == "vehicle":
            _text_vehicle(out, path, found, last_person)
        elif found.kind == "phone":
            _text_phone(out, path, found, last_person)
        elif found.kind == "address":
            _text_address(out, path, found, last_person)


def _same_person(a: dict, b: norm.Name) -> bool:
    """A name in the text that is the capture's own person written another way (in one
    capture, a near surname with a fitting forename, or the two swapped, is the same man)."""
    known = norm.Name(a.get("forename", ""), a.get("middle", ""), a.get("surname", ""), "")
    if swapped(known, b) or swapped(b, known):
        return True
    forename = known.forename
    agree = not forename or not b.forename or forename_match(forename, b.forename) is not None
    return agree and word_match(known.surname, b.surname) is not None


def _text_person(out: list[Mention], path: str, found, today: date | None) -> int | None:
    name = norm.name(found.value)
    if name is None or not name.forename:
        return None
    for i, m in enumerate(out):
        if m.kind == "person" and _same_person(m.attributes, name):
            return i  # the capture has already named them: one mention, not two
    attrs = person_attributes(name, {"aka": found.aka}, today)
    out.append(Mention("person", "named", path, attrs, found.value))
    return len(out) - 1


def _text_dob(out: list[Mention], person: int | None, found, today: date | None) -> None:
    born = norm.dob(found.value, today)
    if person is not None and born and "dob" not in out[person].attributes:
        out[person].attributes["dob"] = born.isoformat()


def _text_vehicle(out: list[Mention], path: str, found, owner: int | None) -> None:
    mark = norm.vrm(found.value)
    if mark and not any(m.kind == "vehicle" and m.attributes["vrm"] == mark for m in out):
        attrs = {"vrm": mark, "label": norm.vrm_display(mark)}
        out.append(Mention("vehicle", "named", path, attrs, found.value, owner))


def _text_phone(out: list[Mention], path: str, found, owner: int | None) -> None:
    number = norm.phone(found.value)
    if number and not any(m.kind == "phone" and m.attributes["number"] == number for m in out):
        if owner is not None:
            out[owner].attributes.setdefault("phone", number)
        out.append(_phone(number, path, "named", owner))


def _text_address(out: list[Mention], path: str, found, owner: int | None) -> None:
    place = norm.address(found.value)
    if place is None or not place.key():
        return
    if any(m.kind == "address" and m.attributes.get("key") == place.key() for m in out):
        return
    if owner is not None and "address_key" not in out[owner].attributes:
        out[owner].attributes.update(_address_attrs(place, prefix="address_"))
        out[owner].attributes["address"] = place.written
    out.append(_address(place, path, owner))
