"""Handling code C never reaches a reader not cleared for it through an entity: not the
capture's id, not what only it says, not the records only it mentions, not relations through
it, not its events. The same holds for a capture an analyst has graded after it was linked
(shown to those readers only as its sanitised text) or regraded to C."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.hub.entity_helpers import linked, of_kind, send
from tests.hub.helpers import read_events

NOT_CLEARED = ("dispatcher", "sergeant")
CLEARED = ("intelligence", "supervisor")


HOW = ("coded C by the officer", "graded P after linking", "regraded to C after linking")


@pytest.fixture(scope="module", params=HOW)
def story(hub, request):
    """One man in an open stop-search and in a code-C intelligence report that alone gives
    his second phone, a second address, a car and an associate."""
    device, intel = hub.device(), hub.user("intelligence")
    tail = "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:6])
    n = HOW.index(request.param)  # each story its own numbers: one hub holds them all
    phones = {"open": f"07700 9003{n}1", "second": f"07700 9007{n}7", "third": f"07700 9008{n}8"}
    # Nothing alike from one story to the next (not the forename, not one digit of the date of
    # birth), or the linker rightly takes two of these men for one.
    vrm = ("YX19 QZP", "YT18 QZM", "YS17 QZW")[n]
    associate_dob = ("1985-01-01", "1979-06-13", "1996-04-27")[n]
    forename, dob = (("Marius", "1991-09-10"), ("Declan", "1974-03-22"), ("Ishaan", "1968-12-04"))[
        n
    ]
    associate_name = f"{('Tariq', 'Bernard', 'Kelvin')[n]} Secret{tail}"
    man = {"name": f"{forename} Hollins{tail}", "dob": dob, "gender": "Male"}
    open_id = send(device, "stop_search", person={**man, "phone": phones["open"]})
    secret = {
        "handling_code": "C",
        "handling_conditions": "Not to be shared outside the force",
        "source_evaluation": 1,
        "intelligence_assessment": "B",
        "subjects": [{**man, "phone": phones["second"], "address": "77 Hidden Lane, Leek"}],
        "vehicles": [{"vrm": vrm, "make": "Audi"}],
        "persons": [{"name": associate_name, "dob": associate_dob}],
        "text": f"{forename} HOLLINS{tail.upper()} is using {phones['third']}.",
    }
    if request.param != HOW[0]:  # sent open, graded once linked
        secret = {k: v for k, v in secret.items() if not k.startswith("handling")}
    secret_id = send(device, "intelligence", **secret)
    linked(intel, secret_id)
    # An open capture of the associate, one digit off the date of birth only the C one gives.
    associate = send(
        device,
        "person_check",
        person={"name": associate_name, "dob": associate_dob[:-1] + "2"},
    )
    seen_openly = {e["id"] for e in linked(intel, associate)}
    record = of_kind(linked(intel, open_id), "person")[0]["id"]
    secrets = linked(intel, secret_id)
    assert record in {e["id"] for e in of_kind(secrets, "person", "auto")}
    only_c = {e["id"] for e in secrets} - {record} - seen_openly
    if request.param != HOW[0]:
        _grade(intel, secret_id, "P" if request.param == HOW[1] else "C")
    return {
        "open": open_id,
        "secret": secret_id,
        "record": record,
        "only_c": only_c,
        "tail": tail,
        "how": request.param,
        "phones": phones,
        "vrm": vrm,
        "dob": associate_dob,
        "words": [
            phones["second"],
            phones["third"],
            "Hidden Lane",
            vrm[:4],
            associate_dob,
            "Audi",
            secret_id,
        ],
    }


def _grade(analyst, capture_id: str, handling: str) -> None:
    claimed = analyst.post(f"/api/v1/captures/{capture_id}/status", json={"status": "in_review"})
    assert claimed.status_code == 200, claimed.text
    body = {"source": 1, "intelligence": "B", "handling": handling,
            "conditions": "Not outside the force" if handling == "C" else "",
            "sanitised_text": "A man is using a second phone."}  # fmt: skip
    graded = analyst.put(f"/api/v1/captures/{capture_id}/grading", json=body)
    assert graded.status_code == 200, graded.text


@pytest.mark.parametrize("role", NOT_CLEARED)
def test_a_reader_not_cleared_sees_nothing_of_the_c_capture(hub, story, role):
    reader = hub.user(role)
    assert reader.get(f"/api/v1/captures/{story['secret']}/entities").status_code == 403
    replies = [
        reader.get(f"/api/v1/entities/{story['record']}"),
        reader.get(f"/api/v1/captures/{story['open']}/entities"),
        reader.get("/api/v1/entities", params={"q": story["tail"]}),
        reader.get("/api/v1/entities", params={"q": story["phones"]["second"]}),
        reader.get("/api/v1/entities", params={"q": story["vrm"]}),
        reader.get("/api/v1/entities", params={"q": "hidden lane"}),
        reader.get("/api/v1/entities", params={"kind": "vehicle"}),
    ]
    for reply in replies:
        assert reply.status_code == 200
        for word in story["words"]:
            assert word.lower() not in reply.text.lower(), (reply.url, word)
    page = replies[0].json()
    assert page["captures"] == [story["open"]]
    assert page["attributes"]["phone"] == story["phones"]["open"]
    assert "address" not in page["attributes"]
    assert [e["id"] for e in replies[3].json()["entities"]] == []
    for entity in story["only_c"]:
        gone = reader.get(f"/api/v1/entities/{entity}")
        assert gone.status_code == 404 and story["secret"] not in gone.text
    assert {r["id"] for r in page["related"]} & story["only_c"] == set()


@pytest.mark.parametrize("role", NOT_CLEARED)
def test_a_reader_not_cleared_is_not_streamed_the_c_links(hub, story, role):
    events = read_events(hub.user(role), "/api/v1/events?after=0", count=100_000, timeout=3)
    assert events, "the stream carried nothing"
    if story["how"] != HOW[0]:
        # Graded once linked: while it was open, every workstation was told what it says; from
        # the grading on, nothing about it, naming it or quoting it (the links of another
        # capture made meanwhile) is replayed but the notice to let go.
        about = [f for f in events if story["secret"] in f.data]
        kinds = [json.loads(f.data)["type"] for f in about]
        assert kinds in (["capture.withdrawn"], ["capture.released"]), kinds
    for frame in events:
        if story["how"] == HOW[0]:
            assert story["secret"] not in frame.data
        for word in story["words"][:-1]:
            assert word not in frame.data, (story["how"], word, frame.data[:300])


@pytest.mark.parametrize("role", CLEARED)
def test_a_cleared_reader_sees_it_all_with_its_grade(hub, story, role):
    reader = hub.user(role)
    page = reader.get(f"/api/v1/entities/{story['record']}").json()
    assert set(page["captures"]) == {story["open"], story["secret"]}
    phones = [c["value"] for c in page["claims"]["phone"]]
    assert {story["phones"]["open"], story["phones"]["second"]} <= set(phones)
    assert (story["phones"]["third"], "phone") in {(r["label"], r["via"]) for r in page["related"]}
    assert page["claims"]["phone"][0]["grade"] == "1-B"  # the graded claim comes first
    related = {r["id"]: r["via"] for r in page["related"]}
    assert story["only_c"] <= set(related)
    assert reader.get(f"/api/v1/captures/{story['secret']}/entities").status_code == 200
    found = reader.get("/api/v1/entities", params={"q": story["vrm"]}).json()["entities"]
    assert [e["kind"] for e in found] == ["vehicle"]
