"""The sergeant's briefing over real HTTP: a pack built from what the hub proposes, edited,
published in versions to the devices of its team (and no others), read and acknowledged by
each officer with receipts live on the workstations, and every step in the audit."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from controlroom.cli import main
from tests.hub.briefing_helpers import (
    AREA,
    briefing_events,
    new_team,
    pack,
    seq_now,
    team_device,
)


@pytest.fixture(scope="module")
def users(hub):
    """A signed-in user of each role, made once per hub: ``users("sergeant")``."""
    made: dict = {}

    def user(role: str):
        if role not in made:
            made[role] = hub.user(role)
        return made[role]

    return user


def _published(users, team, items=None):
    """A pack for `team` built by a sergeant, its draft set to `items`, published."""
    sergeant = users("sergeant")
    made = sergeant.post("/api/v1/briefings", json=pack(team))
    assert made.status_code == 201, made.text
    briefing = made.json()
    if items is not None:
        edited = sergeant.patch(f"/api/v1/briefings/{briefing['id']}", json={"items": items})
        assert edited.status_code == 200, edited.text
    assert sergeant.post(f"/api/v1/briefings/{briefing['id']}/publish").status_code == 200
    return sergeant, briefing["id"]


def _note(item_id: str, title: str, **extra) -> dict:
    return {"id": item_id, "section": "information", "kind": "note", "title": title, **extra}


def test_a_pack_is_proposed_edited_published_and_acknowledged_by_its_team(hub, users):
    team = new_team()
    first, second = team_device(hub, team), team_device(hub, team)
    outsider = team_device(hub, new_team())
    dispatcher, sergeant = users("dispatcher"), users("sergeant")
    incident = dispatcher.post(
        "/api/v1/incidents",
        json={"summary": "Shop window smashed on Piccadilly", "grade": "priority",
              "lat": 53.0245, "lon": -2.1794, "location_text": "Piccadilly, Hanley"},
    ).json()  # fmt: skip

    made = sergeant.post("/api/v1/briefings", json=pack(team))
    assert made.status_code == 201, made.text
    draft = made.json()
    assert draft["version"] == 0 and draft["state"] == "draft"
    assert sorted(draft["callsigns"]) == sorted([first.callsign, second.callsign])
    proposed = {item["id"]: item for item in draft["items"]}
    assert f"incident:{incident['id']}" in proposed
    for item in draft["items"]:
        assert {"id", "section", "kind", "title", "text", "source"} <= item.keys()

    task = {"section": "method", "kind": "task", "title": "Patrol Piccadilly after 22:00",
            "assigned_to": first.callsign, "acknowledge": True}  # fmt: skip
    free = {"section": "intent", "kind": "note", "title": "Reassure the shopkeepers"}
    items = [free, task, *reversed(draft["items"])]
    edited = sergeant.patch(f"/api/v1/briefings/{draft['id']}", json={"items": items})
    assert edited.status_code == 200, edited.text
    kept = edited.json()["items"]
    assert [i["title"] for i in kept] == [i["title"] for i in items]  # the order kept
    assert kept[0]["id"].startswith("note:") and kept[1]["id"].startswith("task:")
    ids = [i["id"] for i in kept]

    since = seq_now(sergeant)
    published = sergeant.post(f"/api/v1/briefings/{draft['id']}/publish")
    assert published.status_code == 200 and published.json()["version"] == 1

    held = first.get("/api/v1/device/briefings").json()["briefings"]
    mine = [b for b in held if b["id"] == draft["id"]]
    assert len(mine) == 1 and mine[0]["version"] == 1
    assert [i["id"] for i in mine[0]["items"]] == ids
    theirs = outsider.get("/api/v1/device/briefings").json()["briefings"]
    assert draft["id"] not in [b["id"] for b in theirs]
    refused = outsider.post(f"/api/v1/device/briefings/{draft['id']}/ack", json={"version": 1})
    assert refused.status_code == 404

    (arrived,) = briefing_events(first, "/api/v1/device/events?after=0", 1, draft["id"])
    assert arrived["type"] == "briefing.published"
    assert arrived["payload"]["added"] == ids and arrived["payload"]["version"] == 1

    tasks = dispatcher.get("/api/v1/tasks").json()["tasks"]
    sent = [t for t in tasks if t["callsign"] == first.callsign]
    assert len(sent) == 1 and "Patrol Piccadilly" in sent[0]["note"]
    assert mine[0]["items"][1]["ref"] == str(sent[0]["id"])

    ack = first.post(
        f"/api/v1/device/briefings/{draft['id']}/ack", json={"version": 1, "items": [ids[1]]}
    )
    assert ack.status_code == 200, ack.text
    again = first.post(f"/api/v1/device/briefings/{draft['id']}/ack", json={"version": 1})
    assert again.json()["read_at"] == ack.json()["read_at"]  # the first ack was the read
    assert second.post(
        f"/api/v1/device/briefings/{draft['id']}/ack", json={"version": 1}
    ).is_success

    receipts = sergeant.get(f"/api/v1/briefings/{draft['id']}/receipts").json()["receipts"]
    assert {(r["callsign"], r["version"], tuple(r["items_acknowledged"])) for r in receipts} == {
        (first.callsign, 1, (ids[1],)),
        (second.callsign, 1, ()),
    }
    live = briefing_events(sergeant, f"/api/v1/events?after={since}", 3, draft["id"])
    assert [e["type"] for e in live] == [
        "briefing.published",  # one copy for the workstations, not one per unit
        "briefing.acknowledged",
        "briefing.acknowledged",
    ]
    assert [e["payload"]["callsign"] for e in live[1:]] == [first.callsign, second.callsign]

    listed = {b["id"]: b for b in dispatcher.get("/api/v1/briefings").json()["briefings"]}
    assert listed[draft["id"]]["version"] == 1 and listed[draft["id"]]["published_at"]
    offered = sergeant.get(f"/api/v1/briefings/{draft['id']}/offers")
    assert offered.status_code == 200 and isinstance(offered.json()["offers"], list)


def test_an_update_is_a_new_version_and_devices_get_the_difference(hub, users):
    team = new_team()
    officer = team_device(hub, team)
    task = {"id": "task:0f0f", "section": "method", "kind": "task", "title": "Visit 12 Hope St",
            "assigned_to": officer.callsign}  # fmt: skip
    items = [_note("note:stay", "Stays"), _note("note:edit", "Before"), _note("note:gone", "Goes")]
    sergeant, briefing_id = _published(users, team, [*items, task])
    first = briefing_events(officer, "/api/v1/device/events?after=0", 1, briefing_id)
    offline_from = first[0]["seq"]  # the device goes offline here

    update = [items[0], _note("note:edit", "After"), _note("note:new", "Added")]
    assert sergeant.patch(f"/api/v1/briefings/{briefing_id}", json={"items": update}).is_success
    assert sergeant.post(f"/api/v1/briefings/{briefing_id}/publish").json()["version"] == 2

    path = f"/api/v1/device/events?after={offline_from}"  # it reconnects
    published, *withdrawn = briefing_events(officer, path, 3, briefing_id)
    assert published["type"] == "briefing.published"
    assert published["payload"]["version"] == 2 and published["payload"]["notice"]
    changes = {k: published["payload"][k] for k in ("added", "changed", "withdrawn")}
    assert changes == {"added": ["note:new"], "changed": ["note:edit"],
                       "withdrawn": ["note:gone", "task:0f0f"]}  # fmt: skip
    assert [(e["type"], e["payload"]["item_id"]) for e in withdrawn] == [
        ("briefing.item_withdrawn", "note:gone"),
        ("briefing.item_withdrawn", "task:0f0f"),
    ]
    tasks = sergeant.get("/api/v1/tasks?all=true").json()["tasks"]
    assert [t["state"] for t in tasks if t["callsign"] == officer.callsign] == ["cancelled"]

    old = sergeant.get(f"/api/v1/briefings/{briefing_id}?version=1").json()
    assert [i["title"] for i in old["items"]] == ["Stays", "Before", "Goes", "Visit 12 Hope St"]
    late = team_device(hub, team)  # an officer starting late gets the current version
    (current,) = [b for b in late.get("/api/v1/device/briefings").json()["briefings"]]
    assert current["version"] == 2 and [i["title"] for i in current["items"]] == [
        "Stays", "After", "Added"
    ]  # fmt: skip
    with pytest.raises(DBAPIError), hub.engine.begin() as connection:
        connection.execute(text("UPDATE briefing_versions SET title = 'changed'"))


def test_roles_are_checked_on_the_server(hub, users):
    supervisor = users("supervisor")
    made = supervisor.post("/api/v1/briefings", json=pack([team_device(hub, new_team()).callsign]))
    assert made.status_code == 201, made.text
    path = f"/api/v1/briefings/{made.json()['id']}"
    for role in ("dispatcher", "intelligence"):
        reader = users(role)
        assert reader.post("/api/v1/briefings", json=pack("Alpha")).status_code == 403
        assert reader.patch(path, json={"items": []}).status_code == 403
        assert reader.post(f"{path}/publish").status_code == 403
        assert reader.get(path).status_code == 200
        assert reader.get("/api/v1/briefings").status_code == 200
        assert reader.get(f"{path}/receipts").status_code == 200
        assert reader.get(f"{path}/audit").status_code == 403
    admin = users("admin")
    assert admin.get(path).status_code == 403 and admin.get(f"{path}/audit").status_code == 200
    device = team_device(hub, "Alpha")
    assert device.get(path).status_code == 401
    assert supervisor.get("/api/v1/device/briefings").status_code == 401
    assert supervisor.patch("/api/v1/briefings/99999999", json={"items": []}).status_code == 404


def test_every_build_edit_publish_read_and_ack_is_in_the_pack_s_audit(hub, users):
    team = new_team()
    officer = team_device(hub, team)
    sergeant, briefing_id = _published(users, team, [_note("note:a", "A")])
    officer.get("/api/v1/device/briefings")
    officer.post(f"/api/v1/device/briefings/{briefing_id}/ack", json={"version": 1})
    users("dispatcher").get(f"/api/v1/briefings/{briefing_id}")
    records = users("supervisor").get(f"/api/v1/briefings/{briefing_id}/audit").json()
    done = [(r["actor"].split(":")[0], r["action"]) for r in records["records"]]
    assert done[:3] == [("user", "briefing.create"), ("user", "briefing.edit"),
                        ("user", "briefing.publish")]  # fmt: skip
    assert ("device", "briefing.read") in done and ("device", "briefing.acknowledge") in done
    assert done.count(("user", "briefing.read")) == 1
    assert all(r["target"] == f"briefing:{briefing_id}" for r in records["records"])


HOSTILE_PACKS = [
    ({"title": ""}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"area": {}}, "exactly one"),
    ({"area": {"bbox": [-2.1, 53.0, -2.2, 53.1]}}, "west must be less"),
    ({"area": {"bbox": [-200, 53.0, -2.2, 53.1]}}, "-180..180"),
    ({"area": {"bbox": [1, 2, 3]}}, "bbox is"),
    ({"area": {"district": "Atlantis"}}, "no district called"),
    ({"area": {"bbox": [-4.0, 52.0, 0.0, 54.0]}}, "degrees across"),
    ({"area": {"polygon": [[53.0, -2.1], [53.1, -2.2]]}}, "between 3"),
    ({"area": {"polygon": [[53.0, -2.1], [95.0, -2.2], [53.1, -2.3]]}}, "latitudes"),
    ({"area": AREA | {"district": "Stoke-on-Trent"}}, "exactly one"),
    ({"shift_start": "2026-12-01T07:00:00Z", "shift_end": "2026-12-01T06:00:00Z"}, "after"),
    ({"shift_start": "2026-12-01T07:00:00"}, "zone"),
    ({"shift_start": "yesterday"}, "ISO"),
    ({"shift_start": "2026-12-01T07:00:00Z", "shift_end": "2026-12-03T07:00:00Z"}, "24 hours"),
    ({"team": ""}, "team"),
    ({"team": []}, "team"),
    ({"team": ["A1", "A1"]}, "twice"),
    ({"team": ["A1\n"]}, "callsign"),
    ({"team": "x" * 41}, "team"),
    ({"marking": "TOP SECRET"}, "marking"),
    ({"unexpected": 1}, "unexpected"),
]


@pytest.fixture(scope="module")
def sergeant(users):
    return users("sergeant")


@pytest.fixture(scope="module")
def draft(hub, sergeant) -> str:
    """A draft holding one item, for edits that must leave it as it is."""
    made = sergeant.post("/api/v1/briefings", json=pack("Alpha")).json()
    path = f"/api/v1/briefings/{made['id']}"
    assert sergeant.patch(path, json={"items": [_note("note:k", "Kept")]}).is_success
    return path


@pytest.mark.parametrize("change,said", HOSTILE_PACKS)
def test_a_hostile_pack_is_refused_naming_the_field(sergeant, change, said):
    response = sergeant.post("/api/v1/briefings", json=pack("Alpha") | change)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid" and said in response.json()["detail"]


HOSTILE_ITEMS = [
    ([_note("note:a", "A"), _note("note:a", "B")], "note:a is in the list twice"),
    ([_note("bad id!", "A")], "items[0]"),
    ([_note("note:a\n", "A")], "an id is"),
    ([_note("note:" + "x" * 80, "A")], "items[0]"),
    ([_note("note:a", "A", section="gossip")], "section"),
    ([_note("note:a", "A", kind="rumour")], "kind"),
    ([_note("note:a", "")], "title"),
    ([_note("note:a", "A", text="x" * 4001)], "text"),
    ([_note("note:a", "A", lat=91.0, lon=0.0)], "lat"),
    ([_note("note:a", "A", lat=53.0)], "both lat and lon"),
    ([_note("note:a", "A", expires_at="soon")], "expires_at"),
    ([_note("note:a", "A", code="9-Z-Q")], "3x5x2"),
    ([_note("note:a", "A", handling_code="C")], "marked C"),
    ([_note("note:a", "A", assigned_to="NOBODY9")], "no unit with call sign NOBODY9"),
    ([_note("note:a", "A\x00B")], "control characters"),
    ([_note(f"note:{n}", "A") for n in range(401)], "at most 400"),
    ("not a list", "items"),
]


@pytest.mark.parametrize("items,said", HOSTILE_ITEMS)
def test_a_hostile_edit_is_refused_and_the_draft_kept(sergeant, draft, items, said):
    response = sergeant.patch(draft, json={"items": items})
    assert response.status_code == 422, response.text
    assert said in response.json()["detail"]
    assert [i["id"] for i in sergeant.get(draft).json()["items"]] == ["note:k"]


def test_a_hostile_acknowledgement_is_refused(hub, users):
    team = new_team()
    officer = team_device(hub, team)
    _, briefing_id = _published(users, team, [_note("note:a", "A")])
    path = f"/api/v1/device/briefings/{briefing_id}/ack"
    for body, status in (
        ({"version": 2}, 422),
        ({"version": 0}, 422),
        ({"version": 1, "items": ["note:zzz"]}, 422),
        ({"version": "1"}, 422),
        ({"version": 1, "items": ["x" * 65]}, 422),
    ):
        response = officer.post(path, json=body)
        assert response.status_code == status, (body, response.text)
        assert response.json()["error"] == "invalid"
    assert (
        officer.post("/api/v1/device/briefings/99999999/ack", json={"version": 1}).status_code
        == 404
    )


def test_restricted_material_never_leaves_the_hub_in_a_pack(hub, users):
    team = new_team()
    officer, analyst = team_device(hub, team), users("intelligence")
    secret = "Dealing from flat 3 above the Golden Fry, informant KESTREL"
    fields = {"text": secret, "source_evaluation": 2, "handling_code": "C"}
    capture = {"id": str(uuid.uuid4()), "kind": "intelligence", "at": "2026-12-01T06:00:00Z",
               "lat": 53.0245, "lon": -2.1794, "summary": secret, "fields": fields}  # fmt: skip
    assert officer.post("/api/v1/device/captures", json=capture).status_code == 201
    sanitised = "Drugs supplied from a flat in Hanley"
    grading = {"source": 2, "intelligence": "B", "handling": "C", "conditions": "force only",
               "sanitised_text": sanitised}  # fmt: skip
    graded = analyst.put(f"/api/v1/captures/{capture['id']}/grading", json=grading)
    assert graded.status_code == 200, graded.text
    item = {"id": f"capture:{capture['id']}", "section": "information", "kind": "intelligence",
            "title": secret, "text": secret, "handling_code": "C"}  # fmt: skip
    sergeant, briefing_id = _published(users, team, [item])
    supervisor = users("supervisor")  # cleared for C: the pack is the same for every reader
    seen = [
        sergeant.get(f"/api/v1/briefings/{briefing_id}").text,
        supervisor.get(f"/api/v1/briefings/{briefing_id}?version=1").text,
        officer.get("/api/v1/device/briefings").text,
        str(briefing_events(officer, "/api/v1/device/events?after=0", 1, briefing_id)),
        str(briefing_events(supervisor, "/api/v1/events?after=0", 3, briefing_id)),  # + saves
    ]
    for payload in seen:
        assert "KESTREL" not in payload and "Golden Fry" not in payload
        assert sanitised in payload


def test_the_pack_prints_as_a_pdf_for_every_reader(hub, users):
    team = new_team()
    team_device(hub, team)
    sergeant, briefing_id = _published(users, team, [_note("note:a", "Dog at 4 Hope Street")])
    path = f"/api/v1/briefings/{briefing_id}/pdf"
    for reader in (sergeant, users("dispatcher")):
        printed = reader.get(path, timeout=60)
        assert printed.status_code == 200, printed.text
        assert printed.headers["content-type"] == "application/pdf"
        assert printed.content.startswith(b"%PDF") and len(printed.content) > 1000
    assert sergeant.get(f"{path}?version=5").status_code == 404
    assert team_device(hub, team).get(path).status_code == 401
    records = users("supervisor").get(f"/api/v1/briefings/{briefing_id}/audit").json()
    assert [r["action"] for r in records["records"]].count("briefing.pdf") == 2


def test_register_device_sets_the_unit_s_team(hub, users, capsys):
    callsign = "TEAM" + new_team()[-6:].upper()
    made = main(["admin", "register-device", callsign, "--team", "Night shift",
                 "--db", hub.db_url, "--data-dir", str(hub.data_dir)])  # fmt: skip
    assert made == 0 and f"for {callsign}; its token" in capsys.readouterr().out
    with hub.engine.connect() as connection:
        team = connection.execute(
            text("SELECT team FROM units WHERE callsign = :c"), {"c": callsign}
        ).scalar()
    assert team == "Night shift"
    supervisor = users("supervisor")
    body = {"callsign": callsign + "X", "team": "Night shift"}
    assert supervisor.post("/api/v1/admin/devices", json=body).status_code == 201
    refused = supervisor.post("/api/v1/admin/devices", json={"callsign": "Q1", "team": "a\nb"})
    assert refused.status_code == 422
