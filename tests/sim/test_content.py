import random
import re
from datetime import UTC, datetime

from controlroom.geo.roads import load_roads
from controlroom.sim.captures import KINDS, Context, build_capture
from controlroom.sim.people import age_range, mobile_number
from controlroom.sim.population import Population
from controlroom.sim.vehicles import VRM_PATTERN, registration_mark

STOP_SEARCH_FIELDS = {
    "type",
    "involved_person",
    "datetime",
    "operation",
    "operation_name",
    "location",
    "gender",
    "age_range",
    "self_defined_ethnicity",
    "officer_defined_ethnicity",
    "legislation",
    "object_of_search",
    "outcome",
    "outcome_linked_to_object_of_search",
    "removal_of_more_than_outer_clothing",
}


def _capture(kind: str, seed: int = 5):
    ctx = Context(
        datetime(2025, 3, 1, 22, 15, tzinfo=UTC),
        53.02519,  # on Piccadilly, Hanley
        -2.17679,
        Population(random.Random(1)),
        "SK21",
        "PC Jane Hulme",
    )
    return build_capture(random.Random(seed), kind, ctx)


def test_registration_marks_are_in_the_current_uk_format():
    rng = random.Random(1)
    marks = [registration_mark(rng) for _ in range(2000)]
    assert all(VRM_PATTERN.match(m) for m in marks), [m for m in marks if not VRM_PATTERN.match(m)]
    assert VRM_PATTERN.match("BD51 SMR")
    assert not VRM_PATTERN.match("BD51SMR") and not VRM_PATTERN.match("IQ51 SMR")
    assert sum(m.startswith("B") for m in marks) > 1000  # West Midlands marks dominate


def test_mobile_numbers_are_uk_and_reserved_for_drama():
    rng = random.Random(2)
    assert all(re.fullmatch(r"07700 900\d{3}", mobile_number(rng)) for _ in range(500))


def test_population_is_deterministic_for_a_seed():
    a, b = Population(random.Random(9)), Population(random.Random(9))
    assert [p.pole() for p in a.persons] == [p.pole() for p in b.persons]
    assert a.vehicles == b.vehicles
    assert Population(random.Random(10)).persons[0].pole() != a.persons[0].pole()


def test_people_and_vehicles_recur():
    population, rng = Population(random.Random(3)), random.Random(4)
    names = [population.person(rng).name for _ in range(300)]
    vrms = [population.vehicle(rng)["vrm"] for _ in range(300)]
    assert max(names.count(n) for n in names) >= 10
    assert max(vrms.count(v) for v in vrms) >= 10


def test_addresses_are_real_houses_on_the_areas_streets():
    population = Population(random.Random(3))
    graph = load_roads()
    streets = {graph.names[i] for i in set(graph.edge_name.tolist()) if i >= 0}
    for person in population.persons[:50]:
        assert person.address["street"] in streets
        assert re.match(
            r"^\d+[A-Z]? " + re.escape(person.address["street"]) + "(, |$)", person.address["text"]
        )


def test_captures_name_the_street_they_were_made_on():
    for kind in ("incident_report", "evidence"):
        body = _capture(kind).body
        assert "Piccadilly" in body["summary"] + body["fields"].get("description", "")
    stop = _capture("stop_search").body["fields"]
    assert stop["location"]["street"]["name"] == "On or near Piccadilly"


def test_every_kind_builds_and_is_deterministic():
    for kind in KINDS:
        first, again = _capture(kind), _capture(kind)
        assert first.body == again.body
        assert first.body["kind"] == kind and first.body["summary"]
        assert _capture(kind, seed=6).body["id"] != first.body["id"]


def test_stop_search_has_the_police_open_data_fields():
    fields = _capture("stop_search").body["fields"]
    assert set(fields) >= STOP_SEARCH_FIELDS
    assert fields["age_range"] in {"under 10", "10-17", "18-24", "25-34", "over 34"}
    assert fields["gender"] in {"Male", "Female"}
    assert fields["location"]["street"]["name"].startswith("On or near ")


def test_intelligence_is_graded_3x5x2():
    for seed in range(30):
        fields = _capture("intelligence", seed).body["fields"]
        assert fields["source_evaluation"] in (1, 2, 3)
        assert fields["intelligence_assessment"] in "ABCDE"
        assert fields["handling_code"] in ("P", "C")
        assert (fields["handling_conditions"] is not None) == (fields["handling_code"] == "C")
        assert len(fields["text"]) > 30


def test_witness_statement_has_a_free_text_account():
    fields = _capture("witness_statement").body["fields"]
    assert len(fields["account"].split()) > 15
    assert fields["witness"]["name"] and fields["witness"]["dob"]


def test_age_range_bands():
    from datetime import date

    on = date(2025, 1, 1)
    assert age_range(date(2010, 1, 2), on) == "10-17"
    assert age_range(date(2000, 1, 1), on) == "25-34"
    assert age_range(date(1970, 1, 1), on) == "over 34"
