"""A capture reads like the record it is: people, vehicles and places as cards, each field
once, in words (yes/no, dates as people write them, local time), the officer named once, the
officer's grade as a proposal and a historic 5x5x5 grading as it was recorded."""

from __future__ import annotations

import msgspec

from controlroom.contract.documents import Capture, RecordedGrade, Revision, RevisionChange
from controlroom.review.record import record_of, revision_facts, status_facts

SUMMER = "2025-07-14T23:41:05Z"  # 00:41 BST on the 15th


def capture(**changes) -> Capture:
    base = Capture(
        id="c1",
        kind="stop_search",
        callsign="BT11",
        at=SUMMER,
        lat=53.0262,
        lon=-2.1766,
        summary="S&S Jane Doe: Controlled drugs - Arrest",
        fields={
            "type": "Person search",
            "involved_person": True,
            "datetime": SUMMER,
            "operation": False,
            "operation_name": None,
            "location": {
                "latitude": "53.026200",
                "longitude": "-2.176600",
                "street": {"name": "On or near Piccadilly"},
            },
            "gender": "Female",
            "outcome": "Arrest",
            "removal_of_more_than_outer_clothing": False,
            "person": {
                "name": "Jane Doe",
                "dob": "1990-07-16",
                "gender": "Female",
                "address": "1 High Street, Leek",
                "aka": "JD",
            },
            "vehicle": {"vrm": "BD51 SMR", "make": "Ford", "colour": "Blue"},
            "officer": "BT11",
        },
    )
    return msgspec.structs.replace(base, **changes)


def everything_said(record) -> list[tuple[str, str]]:
    said = [(f.label, f.value) for f in (*record.facts, *record.narrative, *record.details)]
    for card in record.cards:
        said += [(card.role, card.title), *((f.label, f.value) for f in card.facts)]
    return said


def test_people_vehicles_and_places_are_cards_in_words():
    record = record_of(capture(), place_of=lambda lat, lon: "Hanley Park, Stoke-on-Trent")
    cards = {(c.kind, c.role, c.title): {f.label: f.value for f in c.facts} for c in record.cards}
    person = cards[("person", "Person", "Jane Doe")]
    assert person == {
        "Born": "16 Jul 1990 (aged 34)",  # two days short of 35 on the day of the search
        "Gender": "Female",
        "Address": "1 High Street, Leek",
        "Also known as": "JD",
    }
    assert cards[("vehicle", "Vehicle", "BD51 SMR")] == {"Make": "Ford", "Colour": "Blue"}
    assert ("place", "Location", "On or near Piccadilly") in cards  # same spot: no coordinates
    header = {f.label: f.value for f in record.facts}
    assert header["Captured"] == "15 Jul 2025 00:41:05 BST"  # local time, not the UTC date
    assert header["Where"].startswith("Hanley Park, Stoke-on-Trent (53.02620")
    details = {f.label: f.value for f in record.details}
    assert details["A person was searched"] == "yes"
    assert details["More than outer clothing removed"] == "no"
    assert details["Operation"] == "no"
    assert "Operation name" not in details  # nothing recorded: nothing shown


def test_each_field_once_and_never_true_false():
    said = everything_said(record_of(capture(), place_of=None))
    values = [value for _, value in said]
    assert "BT11" in values and values.count("BT11") == 1  # the officer, once
    assert values.count("Female") == 1  # the person's gender is not repeated below the card
    assert not any(v in ("True", "False", "None") for v in values)
    assert not any("15 Jul 2025" in v for v in values[4:])  # the time is said in the header only


def test_the_officers_grade_is_a_proposal_and_a_historic_grade_is_shown_as_recorded():
    proposed = capture(
        kind="intelligence",
        fields={"text": "Seen dealing", "handling_conditions": "Not outside the force"},
        proposed_grading=RecordedGrade(system="3x5x2", source="2", intelligence="B", handling="C"),
    )
    record = record_of(proposed, place_of=None)
    assert record.proposal is not None and not record.proposal.historic
    assert record.proposal.written == "2-B-C"
    assert record.proposal.words.startswith("untested source; known indirectly and corroborated")
    assert record.proposal.conditions == "Not outside the force"
    assert [f.value for f in record.narrative] == ["Seen dealing"]
    old = capture(
        kind="intelligence",
        fields={"historic_grading": {"system": "5x5x5", "source": "B", "intelligence": "2"}},
        historic_grading=RecordedGrade(system="5x5x5", source="B", intelligence="2", handling="4"),
    )
    grade = record_of(old, place_of=None).proposal
    assert grade is not None and grade.historic and grade.written == "B-2-4"
    assert "mostly reliable" in grade.words and "only within the originating agency" in grade.words
    assert "Historic grading" not in {f.label for f in record_of(old, place_of=None).details}


def test_review_state_grade_and_revisions_in_words():
    reviewed = capture(
        status="in_review",
        review_by="user:a.okafor",
        review_at=SUMMER,
        revision=2,
        amended_fields=["fields.person.dob", "summary"],
    )
    facts = {f.label: f.value for f in status_facts(reviewed, me="a.okafor")}
    assert facts["Review"] == "In review — you, 15 Jul 2025 00:41:05 BST"
    assert facts["Revision"] == "2: amended person born, summary"
    changes = [
        RevisionChange(field="fields.account", before=None, after="He ran off"),
        RevisionChange(field="summary", before="Seen", after="Seen running"),
    ]
    revisions = [
        Revision(revision=1, kind="note", at=SUMMER, lat=0, lon=0, received_at=SUMMER),
        Revision(
            revision=2, kind="note", at=SUMMER, lat=0, lon=0, received_at=SUMMER, changes=changes
        ),
    ]
    when, account, summary = revision_facts(revisions)
    assert (when.label, when.value) == ("Revision 2", "15 Jul 2025 00:41:05 BST")
    assert (account.label, account.value) == ("account", "added: He ran off")
    assert (summary.label, summary.value) == ("summary", "Seen → Seen running")
