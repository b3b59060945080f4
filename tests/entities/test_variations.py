"""Each way officers write the same person or vehicle differently, and what the linker makes of
it: linked, suggested for review, or kept apart."""

from __future__ import annotations

from datetime import date

import pytest

from controlroom.entities import normalise as norm
from controlroom.entities.decide import LINK, NEW, SUGGEST, Candidate, decide
from controlroom.entities.extract import mentions
from controlroom.entities.score import Known

KNOWN = {
    "name": "William James Smith",
    "dob": "1990-03-04",
    "gender": "Male",
    "address": "12 Leek Road, Hanley, Stoke-on-Trent",
    "phone": "07700 900123",
    "aka": "Tiny",
}


def person(**fields) -> object:
    return mentions("", {"person": fields})[0]


def against_known(**fields):
    known = person(**KNOWN)
    record = Candidate(1, [Known(10, known.attributes)])
    return decide(person(**fields), [record], surname_share=0.02, people=400)


@pytest.mark.parametrize(
    "written",
    [
        {"name": "Bill Smith", "dob": "1990-03-04"},  # nickname
        {"name": "W. Smith", "dob": "1990-03-04"},  # initial
        {"name": "William Smtih", "dob": "1990-03-04"},  # letters swapped
        {"name": "William Smyth", "dob": "1990-03-04"},  # sounds alike
        {"name": "SMITH, William", "dob": "1990-03-04"},  # surname first, by convention
        {"name": "Smith William", "dob": "1990-03-04"},  # surname first, no comma
        {"name": "William SMITH", "dob": "1990-04-03"},  # day and month swapped
        {"name": "William Smith", "phone": "+44 7700 900123"},  # same phone, +44
        {"name": "Will Smith", "address": "12 Leek Rd, Hanley"},  # same house, abbreviated
        {"name": "william smith", "dob": "1990-03-04", "gender": "male"},  # lower case
    ],
)
def test_the_same_person_written_differently_is_linked(written):
    decision = against_known(**written)
    assert decision.action == LINK and decision.entity_id == 1, decision
    assert decision.score >= 0.99 and decision.reasons


def test_a_one_digit_slip_in_the_date_of_birth_links_the_same_name_but_not_another():
    decision = against_known(name="William Smith", dob="1990-03-05")
    assert decision.action == LINK
    assert any("one digit apart" in r.text for r in decision.reasons)
    assert against_known(name="Jack Smith", dob="1990-03-05").action != LINK


def test_a_name_alone_is_suggested_not_linked():
    decision = against_known(name="William Smith")
    assert decision.action == SUGGEST and decision.suggestions[0].entity_id == 1


@pytest.mark.parametrize(
    "written",
    [
        {"name": "William Smith", "dob": "1975-11-30"},  # another date of birth
        {"name": "Jack Jones", "dob": "1990-03-04"},  # another name
        {"name": "Wilma Smith", "dob": "1990-03-04", "gender": "Female"},
    ],
)
def test_someone_else_is_not_linked(written):
    assert against_known(**written).action != LINK


def test_a_name_no_record_holds_starts_a_new_record():
    assert decide(person(name="Jack Jones"), []).action == NEW


def test_the_reasons_say_why():
    decision = against_known(name="Bill Smith", dob="1990-04-03", phone="07700900123")
    texts = " | ".join(r.text for r in decision.reasons)
    assert "nickname" in texts and "day and month swapped" in texts and "same phone" in texts


@pytest.mark.parametrize("written", ["BD51 SMR", "bd51smr", "BD51-SMR", " bd51  smr "])
def test_registration_marks_with_or_without_the_space_are_one(written):
    assert norm.vrm(written) == "BD51SMR"


def vehicle(mark: str):
    return mentions("", {"vehicle": {"vrm": mark}})[0]


def test_a_mark_is_linked_only_when_it_is_the_same():
    record = Candidate(7, [Known(70, vehicle("BD51 SOR").attributes)])
    assert decide(vehicle("bd51sor"), [record]).action == LINK


@pytest.mark.parametrize("misread", ["BD51 S0R", "BDS1 SOR".replace("S1", "51")])
def test_an_o_read_as_zero_is_suggested_never_linked(misread):
    record = Candidate(7, [Known(70, vehicle("BD51 SOR").attributes)])
    decision = decide(vehicle(misread), [record])
    if norm.vrm(misread) == "BD51SOR":
        assert decision.action == LINK
    else:
        assert decision.action == SUGGEST
        assert "O/0 or I/1" in decision.suggestions[0].reasons[0].text


def test_i_read_as_one_is_suggested():
    record = Candidate(7, [Known(70, vehicle("AB11 CDE").attributes)])
    assert decide(vehicle("ABI1 CDE"), [record]).action == SUGGEST


@pytest.mark.parametrize(
    "written",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+447700900123",
        "0044 7700 900123",
        "+44 (0)7700 900123",
    ],
)
def test_phone_numbers_with_plus_44_or_0_are_one(written):
    assert norm.phone(written) == "07700900123"


@pytest.mark.parametrize(
    ("written", "born"),
    [
        ("1990-03-04", date(1990, 3, 4)),
        ("04/03/1990", date(1990, 3, 4)),
        ("4 March 1990", date(1990, 3, 4)),
        ("31/02/1990", None),
        ("2999-01-01", None),
        ("soon", None),
    ],
)
def test_dates_of_birth(written, born):
    assert norm.dob(written) == born


def test_missing_and_malformed_fields_are_skipped():
    fields = {
        "person": "not an object",
        "persons": [
            None,
            3,
            {"name": ""},
            {"name": "Jack Jones", "dob": "yesterday", "phone": "12"},
        ],
        "vehicle": {"vrm": ["BD51 SMR"]},
        "vehicles": "nope",
        "driver": {"name": "x" * 100_000},
    }
    found = mentions(None, fields)
    jack = [m for m in found if m.kind == "person" and m.attributes["surname"] == "jones"]
    assert len(jack) == 1 and "dob" not in jack[0].attributes
    assert not [m for m in found if m.kind in ("vehicle", "phone")]
    assert all(len(m.written) <= norm.MAX_TEXT for m in found)


def test_free_text_gives_names_dates_of_birth_marks_phones_and_addresses():
    text = (
        "Spoke to Imran HUSSAIN, DOB 04/05/2001, who uses 07700 900 456 and drives bd51smr. "
        "He has moved to Flat 3, 12 Leek Road, Stoke-on-Trent. SMITH, Jack was with him."
    )
    found = mentions("", {"account": text})
    people = {m.attributes["name"]: m for m in found if m.kind == "person"}
    assert set(people) == {"Imran Hussain", "Jack Smith"}
    assert people["Imran Hussain"].attributes["dob"] == "2001-05-04"
    assert people["Imran Hussain"].attributes["phone"] == "07700900456"
    assert {m.attributes.get("vrm") for m in found if m.kind == "vehicle"} == {"BD51SMR"}
    assert [m.attributes["key"] for m in found if m.kind == "address"] == ["flat 3 12 leek road"]


def test_text_naming_someone_the_fields_already_name_is_one_mention():
    fields = {
        "subjects": [{"name": "Jack Smith", "dob": "1999-01-02"}],
        "text": "Jack SMITH is dealing.",
    }
    assert len([m for m in mentions("Intel: Jack Smith", fields) if m.kind == "person"]) == 1


def test_streets_and_ordinary_words_are_not_people():
    text = (
        "Walked along Victoria Road and Grace Street at 10:30. Misuse of Drugs Act 1971 section 23."
    )
    assert not [m for m in mentions("", {"text": text}) if m.kind in ("person", "vehicle", "phone")]
