"""Handling code C never reaches a reader not cleared for it through an entity: not the
capture's id, not what only it says, not the records only it mentions, not relations through
it, not its events."""

from __future__ import annotations

import uuid

import pytest

from tests.hub.entity_helpers import linked, of_kind, send
from tests.hub.helpers import read_events

NOT_CLEARED = ("dispatcher", "sergeant")
CLEARED = ("intelligence", "supervisor")


@pytest.fixture(scope="module")
def story(hub):
    """One man in an open stop-search and in a code-C intelligence report that alone gives
    his second phone, a second address, a car and an associate."""
    device, intel = hub.device(), hub.user("intelligence")
    tail = "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:6])
    man = {"name": f"Marius Hollins{tail}", "dob": "1991-09-10", "gender": "Male"}
    open_id = send(device, "stop_search", person={**man, "phone": "07700 900321"})
    secret = {
        "handling_code": "C",
        "handling_conditions": "Not to be shared outside the force",
        "source_evaluation": 1,
        "intelligence_assessment": "B",
        "subjects": [{**man, "phone": "07700 900777", "address": "77 Hidden Lane, Leek"}],
        "vehicles": [{"vrm": "YX19 QZP", "make": "Audi"}],
        "persons": [{"name": f"Tariq Secret{tail}", "dob": "1985-01-01"}],
        "text": f"Marius HOLLINS{tail.upper()} is using 07700 900888.",
    }
    secret_id = send(device, "intelligence", **secret)
    linked(intel, secret_id)
    # An open capture of the associate, one digit off the date of birth only the C one gives.
    associate = send(
        device, "person_check", person={"name": f"Tariq Secret{tail}", "dob": "1985-01-02"}
    )
    seen_openly = {e["id"] for e in linked(intel, associate)}
    record = of_kind(linked(intel, open_id), "person")[0]["id"]
    secrets = linked(intel, secret_id)
    assert record in {e["id"] for e in of_kind(secrets, "person", "auto")}
    only_c = {e["id"] for e in secrets} - {record} - seen_openly
    return {
        "open": open_id,
        "secret": secret_id,
        "record": record,
        "only_c": only_c,
        "tail": tail,
        "words": [
            "07700 900777",
            "07700 900888",
            "Hidden Lane",
            "YX19",
            "1985-01-01",
            "Audi",
            secret_id,
        ],
    }


@pytest.mark.parametrize("role", NOT_CLEARED)
def test_a_reader_not_cleared_sees_nothing_of_the_c_capture(hub, story, role):
    reader = hub.user(role)
    assert reader.get(f"/api/v1/captures/{story['secret']}/entities").status_code == 403
    replies = [
        reader.get(f"/api/v1/entities/{story['record']}"),
        reader.get(f"/api/v1/captures/{story['open']}/entities"),
        reader.get("/api/v1/entities", params={"q": story["tail"]}),
        reader.get("/api/v1/entities", params={"q": "07700 900777"}),
        reader.get("/api/v1/entities", params={"q": "YX19 QZP"}),
        reader.get("/api/v1/entities", params={"q": "hidden lane"}),
        reader.get("/api/v1/entities", params={"kind": "vehicle"}),
    ]
    for reply in replies:
        assert reply.status_code == 200
        for word in story["words"]:
            assert word.lower() not in reply.text.lower(), (reply.url, word)
    page = replies[0].json()
    assert page["captures"] == [story["open"]]
    assert page["attributes"]["phone"] == "07700 900321" and "address" not in page["attributes"]
    assert [e["id"] for e in replies[3].json()["entities"]] == []
    for entity in story["only_c"]:
        gone = reader.get(f"/api/v1/entities/{entity}")
        assert gone.status_code == 404 and story["secret"] not in gone.text
    assert {r["id"] for r in page["related"]} & story["only_c"] == set()


@pytest.mark.parametrize("role", NOT_CLEARED)
def test_a_reader_not_cleared_is_not_streamed_the_c_links(hub, story, role):
    events = read_events(hub.user(role), "/api/v1/events?after=0", count=100_000, timeout=3)
    assert events, "the stream carried nothing"
    for frame in events:
        assert story["secret"] not in frame.data
        assert "07700 900777" not in frame.data and "1985-01-01" not in frame.data


@pytest.mark.parametrize("role", CLEARED)
def test_a_cleared_reader_sees_it_all_with_its_grade(hub, story, role):
    reader = hub.user(role)
    page = reader.get(f"/api/v1/entities/{story['record']}").json()
    assert set(page["captures"]) == {story["open"], story["secret"]}
    phones = [c["value"] for c in page["claims"]["phone"]]
    assert {"07700 900321", "07700 900777"} <= set(phones)
    assert ("07700 900888", "phone") in {(r["label"], r["via"]) for r in page["related"]}
    assert page["claims"]["phone"][0]["grade"] == "1-B"  # the graded claim comes first
    related = {r["id"]: r["via"] for r in page["related"]}
    assert story["only_c"] <= set(related)
    assert reader.get(f"/api/v1/captures/{story['secret']}/entities").status_code == 200
    found = reader.get("/api/v1/entities", params={"q": "YX19 QZP"}).json()["entities"]
    assert [e["kind"] for e in found] == ["vehicle"]
