"""Entities over real HTTP: captures linked as they arrive, a record's page, search, the review
queue, and merges and splits that undo each other."""

from __future__ import annotations

from sqlalchemy import text

from tests.hub.entity_helpers import letters, linked, of_kind, send
from tests.hubprocess import wait_for


def person(name, **extra):
    return {"name": name, **extra}


def test_the_same_person_and_vehicle_written_two_ways_are_one_record(hub):
    device, intel = hub.device(), hub.user("intelligence")
    surname = f"Tunnicliffe{letters()}"
    first = send(
        device,
        "vehicle_check",
        vehicle={"vrm": "BD51 SMR", "make": "Ford", "model": "Focus", "colour": "Blue"},
        driver=person(
            f"William {surname}",
            dob="1990-03-04",
            phone="07700 900123",
            address="12 Leek Road, Hanley",
        ),
    )
    second = send(
        device,
        "stop_search",
        person=person(f"Bill {surname.upper()}", dob="1990-04-03"),
        vehicle={"vrm": "bd51smr"},
    )
    one, two = linked(intel, first), linked(intel, second)
    assert of_kind(one, "person")[0]["id"] == of_kind(two, "person", "auto")[0]["id"]
    assert of_kind(one, "vehicle")[0]["id"] == of_kind(two, "vehicle", "auto")[0]["id"]
    reasons = " ".join(of_kind(two, "person")[0]["reasons"])
    assert "nickname" in reasons and "day and month swapped" in reasons
    page = intel.get(f"/api/v1/entities/{of_kind(one, 'person')[0]['id']}").json()
    assert {"id", "kind", "label", "attributes", "captures", "related"} <= set(page)
    assert set(page["captures"]) == {first, second} and page["kind"] == "person"
    assert page["attributes"]["phone"] == "07700 900123"
    via = {(r["kind"], r["via"]) for r in page["related"]}
    assert {("vehicle", "drives"), ("phone", "phone"), ("address", "address")} <= via
    found = intel.get("/api/v1/entities", params={"kind": "person", "q": surname}).json()[
        "entities"
    ]
    assert [e["id"] for e in found] == [page["id"]]
    by_phone = intel.get("/api/v1/entities", params={"q": "+44 7700 900123"}).json()["entities"]
    assert [e["kind"] for e in by_phone] == ["phone"]


def test_a_name_two_records_hold_waits_for_review_and_the_decision_can_be_undone(hub):
    device, intel = hub.device(), hub.user("intelligence")
    surname = f"Podmore{letters()}"
    known = send(device, person=person(f"Jack {surname}", dob="1999-01-02"))
    other = send(device, person=person(f"Jack {surname}", dob="1961-11-12"))
    record = of_kind(linked(intel, known), "person")[0]["id"]
    doubt = of_kind(linked(intel, other), "person", "suggested")  # a wrong date of birth?
    assert [d["id"] for d in doubt] == [record] and doubt[0]["score"] < 0.5
    answer = intel.post(
        f"/api/v1/entities/suggestions/{doubt[0]['suggestion']}/decision",
        json={"decision": "not_same", "note": "his father"},
    )
    assert answer.status_code == 200 and answer.json()["status"] == "not_same"
    namesake = of_kind(linked(intel, other), "person", "confirmed")[0]["id"]
    assert namesake != record  # not the same: a record of his own
    vague = send(device, "note", text=f"Jack {surname.upper()} seen by the shops.")
    suggested = of_kind(linked(intel, vague), "person", "suggested")
    assert {s["id"] for s in suggested} == {record, namesake}
    assert not of_kind(linked(intel, vague), "person", "auto")
    queue = intel.get("/api/v1/entities/suggestions").json()
    mine = [s for s in queue["suggestions"] if s["id"] == suggested[0]["suggestion"]]
    assert mine and mine[0]["candidate"]["capture_id"] == vague
    chosen = mine[0]["record"]["entity"]
    decided = intel.post(
        f"/api/v1/entities/suggestions/{mine[0]['id']}/decision",
        json={"decision": "link", "note": "same lad"},
    )
    assert decided.status_code == 200 and decided.json()["status"] == "linked"
    assert [e["id"] for e in of_kind(linked(intel, vague), "person")] == [chosen]
    assert of_kind(linked(intel, vague), "person")[0]["linked"] == "confirmed"
    again = intel.post(
        f"/api/v1/entities/suggestions/{mine[0]['id']}/decision", json={"decision": "not_same"}
    )
    assert again.status_code == 409
    undo = intel.post(
        f"/api/v1/entities/{chosen}/split", json={"captures": [vague], "note": "wrong Jack"}
    )
    assert undo.status_code == 200, undo.text
    apart = undo.json()["other"]
    assert intel.get(f"/api/v1/entities/{apart}").json()["captures"] == [vague]
    first = known if chosen == record else other
    assert intel.get(f"/api/v1/entities/{chosen}").json()["captures"] == [first]
    history = intel.get(f"/api/v1/entities/{chosen}").json()["decisions"]
    assert [(d["action"], d["by"], d["note"]) for d in history][-2:] == [
        ("link", f"user:{intel.username}", "same lad"),
        ("split", f"user:{intel.username}", "wrong Jack"),
    ]


def test_merge_then_split_restores_both_records(hub):
    device, supervisor = hub.device(), hub.user("supervisor")
    a = send(device, person=person(f"Amy Plant{letters()}", dob="1980-05-06"))
    b = send(device, person=person(f"Zofia Nowak{letters()}", dob="1970-07-08"))
    keep, gone = (of_kind(linked(supervisor, c), "person")[0]["id"] for c in (a, b))
    before = {e: supervisor.get(f"/api/v1/entities/{e}").json() for e in (keep, gone)}
    merged = supervisor.post(
        f"/api/v1/entities/{keep}/merge", json={"other": gone, "note": "one woman"}
    )
    assert merged.status_code == 200, merged.text
    assert set(supervisor.get(f"/api/v1/entities/{keep}").json()["captures"]) == {a, b}
    assert (
        supervisor.get(f"/api/v1/entities/{gone}").json()["id"] == keep
    )  # followed to its survivor
    assert of_kind(linked(supervisor, b), "person")[0] == {
        **of_kind(linked(supervisor, b), "person")[0],
        "id": keep,
        "linked": "confirmed",
    }
    split = supervisor.post(f"/api/v1/entities/{keep}/split", json={"captures": [b]})
    assert split.status_code == 200 and split.json()["other"] == gone
    after = {e: supervisor.get(f"/api/v1/entities/{e}").json() for e in (keep, gone)}
    for e in (keep, gone):
        assert (after[e]["captures"], after[e]["attributes"], after[e]["label"]) == (
            before[e]["captures"],
            before[e]["attributes"],
            before[e]["label"],
        )
    with hub.engine.connect() as connection:
        actions = connection.execute(
            text(
                "SELECT action, actor FROM audit WHERE target = :t"
                " AND action IN ('entity.merge', 'entity.split') ORDER BY id"
            ),
            {"t": f"entity:{keep}"},
        ).all()
    assert [a for a, _ in actions] == ["entity.merge", "entity.split"]
    assert {actor for _, actor in actions} == {f"user:{supervisor.username}"}


def test_a_mark_misread_as_zero_is_suggested_never_linked(hub):
    device, intel = hub.device(), hub.user("intelligence")
    tail = letters(2).upper().replace("I", "J").replace("O", "P")
    mark = f"Y{tail[0]}05 SO{tail[1]}"
    first = send(device, "vehicle_check", vehicle={"vrm": mark})
    record = of_kind(linked(intel, first), "vehicle")[0]["id"]
    misread = send(device, "vehicle_check", vehicle={"vrm": mark.replace("SO", "S0")})
    items = of_kind(linked(intel, misread), "vehicle")
    assert [i["linked"] for i in items if i["id"] == record] == ["suggested"]


def test_reads_are_audited(hub):
    device, dispatcher = hub.device(), hub.user("dispatcher")
    c = send(device, person=person(f"Kyle Salt{letters()}", dob="2001-02-03"))
    record = of_kind(linked(dispatcher, c), "person")[0]["id"]
    dispatcher.get(f"/api/v1/entities/{record}")
    dispatcher.get("/api/v1/entities", params={"q": "salt"})

    def audited():
        with hub.engine.connect() as connection:
            return (
                connection.execute(
                    text("SELECT action FROM audit WHERE actor = :a ORDER BY id"),
                    {"a": f"user:{dispatcher.username}"},
                )
                .scalars()
                .all()
            )

    assert wait_for(lambda: {"capture.entities", "entity.read", "entity.search"} <= set(audited()))


def test_roles(hub):
    device = hub.device()
    c = send(device, person=person(f"Dean Wain{letters()}", dob="1988-08-08"))
    other = send(device, person=person(f"Dean Machin{letters()}", dob="1977-07-07"))
    reader = hub.user("intelligence")
    record = of_kind(linked(reader, c), "person")[0]["id"]
    second = of_kind(linked(reader, other), "person")[0]["id"]
    for role in ("dispatcher", "sergeant", "intelligence", "supervisor", "admin"):
        client = hub.user(role)
        reads = [
            client.get(f"/api/v1/entities/{record}"),
            client.get("/api/v1/entities"),
            client.get(f"/api/v1/captures/{c}/entities"),
        ]
        assert {r.status_code for r in reads} == ({403} if role == "admin" else {200}), role
        writes = [
            client.get("/api/v1/entities/suggestions"),
            client.post(f"/api/v1/entities/{record}/merge", json={"other": 10**12}),
            client.post(f"/api/v1/entities/{record}/split", json={"captures": ["nope"]}),
            client.post("/api/v1/entities/suggestions/999999/decision", json={"decision": "link"}),
        ]
        expected = [200, 404, 422, 404] if role in ("intelligence", "supervisor") else [403] * 4
        assert [r.status_code for r in writes] == expected, (role, [r.text for r in writes])
        assert all(r.json().keys() == {"error", "detail"} for r in writes if r.status_code >= 400)
    assert second != record


def test_hostile_input_is_refused_plainly(hub):
    intel = hub.user("intelligence")
    device = hub.device()
    c = send(device, person=person(f"Reece Bloor{letters()}", dob="1995-05-05"))
    record = of_kind(linked(intel, c), "person")[0]["id"]
    cases = [
        ("GET", "/api/v1/entities/abc", None),
        ("GET", "/api/v1/entities/0", None),
        ("GET", f"/api/v1/entities/{2**70}", None),
        ("GET", "/api/v1/entities?kind=planet", None),
        ("GET", "/api/v1/entities?limit=100000", None),
        ("GET", "/api/v1/entities?q=" + "x" * 500, None),
        ("GET", "/api/v1/entities/suggestions?status=everything", None),
        ("GET", "/api/v1/captures/%00%27;drop/entities", None),
        ("POST", f"/api/v1/entities/{record}/merge", b"{"),
        ("POST", f"/api/v1/entities/{record}/merge", b'{"other": "one"}'),
        ("POST", f"/api/v1/entities/{record}/merge", b'{"other": 1e300}'),
        ("POST", f"/api/v1/entities/{record}/merge", b'{"other": %d}' % record),
        ("POST", f"/api/v1/entities/{record}/merge", b"[]"),
        ("POST", f"/api/v1/entities/{record}/split", b'{"captures": []}'),
        ("POST", f"/api/v1/entities/{record}/split", b'{"captures": "all"}'),
        ("POST", f"/api/v1/entities/{record}/split", b'{"captures": [1, 2]}'),
        (
            "POST",
            f"/api/v1/entities/{record}/split",
            ('{"captures": [' + ",".join(['"x"'] * 5000) + "]}").encode(),
        ),
        (
            "POST",
            f"/api/v1/entities/{record}/split",
            ('{"captures": ["' + c + '"]}').encode(),
        ),  # its only capture
        ("POST", "/api/v1/entities/suggestions/1/decision", b'{"decision": "maybe"}'),
        ("POST", "/api/v1/entities/suggestions/-5/decision", b'{"decision": "link"}'),
    ]
    for method, path, body in cases:
        reply = intel.request(
            method, path, content=body, headers={"content-type": "application/json"}
        )
        assert 400 <= reply.status_code < 500, (
            path,
            body and body[:60],
            reply.status_code,
            reply.text[:200],
        )
        assert set(reply.json()) == {"error", "detail"}
    assert intel.get(f"/api/v1/entities/{record}").json()["captures"] == [c]
    wild = intel.get("/api/v1/entities", params={"q": "%_%\\"})
    assert wild.status_code == 200 and wild.json()["entities"] == []


def test_hostile_capture_fields_do_not_stop_the_linker(hub):
    device, intel = hub.device(), hub.user("intelligence")
    nested: dict = {}
    for _ in range(25):  # the hub refuses deeper nesting at ingest
        nested = {"person": nested}
    odd = send(
        device,
        "note",
        persons=[
            {
                "name": "ǅžŕ\u202e\u0000 O'Brien-Smythe",
                "dob": "0000-00-00",
                "phone": "+44" + "9" * 40,
            }
        ]
        * 30,
        subjects=[None, [], {"name": {"first": "x"}}],
        vehicles=[{"vrm": "'; DROP TABLE mentions; --"}, {"vrm": "%%%%%%"}],
        driver=nested,
        text="Jack SMITH " * 3000,
    )
    then = send(device, person=person(f"Paige Heath{letters()}", dob="2003-03-03"))
    assert of_kind(linked(intel, then), "person")
    assert intel.get(f"/api/v1/captures/{odd}/entities").status_code == 200
    assert intel.get("/api/v1/health").status_code == 200


def test_records_an_analyst_split_apart_are_not_suggested_again(hub):
    device, intel = hub.device(), hub.user("intelligence")
    name = f"Jack Dupl{letters()}"
    first = send(device, person=person(name, dob="1993-03-13", phone="07700 900555"))
    second = send(device, person=person(name, dob="1993-03-13"))
    record = of_kind(linked(intel, first), "person")[0]["id"]
    assert of_kind(linked(intel, second), "person", "auto")[0]["id"] == record
    split = intel.post(f"/api/v1/entities/{record}/split", json={"captures": [second]})
    apart = split.json()["other"]
    third = send(device, person=person(name, dob="1993-03-13", phone="+447700900555"))
    entities = of_kind(linked(intel, third), "person")
    assert [(e["id"], e["linked"]) for e in entities] == [(record, "auto")]
    assert apart not in {e["id"] for e in entities}
