"""What the hub proposes for a sergeant's pack, checked as a sergeant would: a real hub takes the
captures, gradings and incidents over HTTP (the linker links them), then the proposal and the
offers are read from its store, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import msgspec
import pytest

from controlroom.contract.briefings import SECTIONS, Briefing, BriefingArea, BriefingItem
from controlroom.hub.briefing_area import AreaError, UnknownDistrict, area_outline, resolve
from controlroom.hub.briefing_offers import offers
from controlroom.hub.briefing_proposal import propose
from controlroom.timeutil import to_iso
from tests.hub.entity_helpers import linked, of_kind, send
from tests.hub.helpers import capture, frames, iso

HANLEY = (53.0245, -2.1794)  # Stoke-on-Trent
STAFFORD = (52.8067, -2.1166)  # another district
STOKE = BriefingArea(district="Stoke-on-Trent")
SECRET = "Bravo"  # what only the C capture's own text says
DAY = 86400.0


def unique(word: str) -> str:
    return word + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:6])


def post(device, kind="note", at_s=-3600.0, where=HANLEY, **extra) -> str:
    body = capture(kind, at=iso(at_s), lat=where[0], lon=where[1], **extra)
    reply = device.post("/api/v1/device/captures", json=body)
    assert reply.status_code == 201, reply.text
    return body["id"]


def graded(analyst, capture_id: str, code: str, sanitised: str) -> None:
    source, intelligence, handling = code.split("-")
    grading = {"source": int(source), "intelligence": intelligence, "handling": handling}
    if handling == "C":
        grading["conditions"] = "Not to be shared outside the force"
    grading["sanitised_text"] = sanitised
    reply = analyst.put(f"/api/v1/captures/{capture_id}/grading", json=grading)
    assert reply.status_code == 200, reply.text


def raised(dispatcher, summary: str, where=HANLEY) -> int:
    body = {"summary": summary, "grade": "priority", "lat": where[0], "lon": where[1]}
    reply = dispatcher.post("/api/v1/incidents", json=body)
    assert reply.status_code == 201, reply.text
    return reply.json()["id"]


def shift(start_s: float = -2 * 3600, hours: float = 10) -> tuple[datetime, datetime]:
    start = datetime.now(UTC) + timedelta(seconds=start_s)
    return start, start + timedelta(hours=hours)


def proposed(hub, area=STOKE, callsigns=("PB1",), when=None, team="Amber") -> list[BriefingItem]:
    start, end = when or shift()
    with hub.engine.connect() as connection:
        return propose(connection, area, start, end, list(callsigns), team)


@pytest.fixture(scope="module")
def scene(hub) -> dict:
    """A week in two districts: intelligence graded each way, a C report, incidents and a
    cluster of captures in one street."""
    device, analyst = hub.device("PB1"), hub.user("intelligence")
    dispatcher = hub.user("dispatcher")
    codes = {"3-C-P": -DAY, "1-A-P": -DAY / 2, "2-B-P": -DAY / 3}
    intel = {code: post(device, "intelligence", at_s) for code, at_s in codes.items()}
    for code, capture_id in intel.items():
        graded(analyst, capture_id, code, f"Sanitised report graded {code}")
    restricted = post(
        device,
        "intelligence",
        -DAY / 4,
        summary=f"Source {SECRET} says the supply comes from 14 Leek Road",
        fields={"text": f"{SECRET} met him twice", "handling_code": "C"},
    )
    graded(analyst, restricted, "2-B-C", "Drugs are being supplied in the Hanley area")
    old = post(device, "intelligence", -5 * DAY)
    graded(analyst, old, "1-A-P", "A report from before the team was last on")
    elsewhere = post(device, "intelligence", -DAY / 2, where=STAFFORD)
    graded(analyst, elsewhere, "1-A-P", "A report from another district")
    for i in range(8):  # one street stands out
        post(device, at_s=-3600 - i)
    for i in range(6):  # and the rest of the district has a little
        post(device, at_s=-7200, where=(HANLEY[0] + 0.01 * (i + 1), HANLEY[1] - 0.01 * (i + 1)))
    incidents = {
        "here": raised(dispatcher, "Shoplifting at the Potteries Centre"),
        "there": raised(dispatcher, "Criminal damage in Stafford", STAFFORD),
    }
    return {"intel": intel, "restricted": restricted, "old": old, "elsewhere": elsewhere,
            "incidents": incidents, "device": device, "analyst": analyst,
            "dispatcher": dispatcher}  # fmt: skip


def test_only_the_area_and_the_window_are_in_the_pack(hub, scene):
    items = proposed(hub)
    ids = {i.id for i in items}
    assert {f"capture:{c}" for c in scene["intel"].values()} <= ids
    assert f"capture:{scene['old']}" not in ids  # before the team was last on
    assert f"capture:{scene['elsewhere']}" not in ids  # another district
    assert f"incident:{scene['incidents']['here']}" in ids
    assert f"incident:{scene['incidents']['there']}" not in ids
    assert [i.section for i in items] == sorted(
        (i.section for i in items), key=SECTIONS.index
    )  # read out in IIMARCH order
    assert {"note:intent", "note:administration", "note:communications", "note:risk"} <= ids
    for item in items:
        assert item.proposed and item.source and item.expires_at, item
        if item.lat is not None:
            assert area_outline_contains(item.lat, item.lon), item
    hotspots = [i for i in items if i.kind == "hotspot"]
    assert len(hotspots) == 1 and abs(hotspots[0].lat - HANLEY[0]) < 0.005, hotspots

    # a shift that ended before the second incident was raised does not hear of it
    before = time.time()
    later = raised(scene["dispatcher"], "Burglary on Town Road")
    end = datetime.fromtimestamp(before, UTC)
    items = proposed(hub, when=(end - timedelta(hours=8), end))
    ids = {i.id for i in items}
    assert f"incident:{scene['incidents']['here']}" in ids and f"incident:{later}" not in ids


def area_outline_contains(lat: float, lon: float) -> bool:
    from controlroom.geo.geometry import in_ring

    return any(in_ring(lon, lat, [(x, y) for y, x in ring]) for ring in area_outline(STOKE))


def test_the_pack_starts_where_the_team_was_last_on(hub, scene):
    sergeant = hub.user("sergeant")
    last_start, last_end = shift(-12 * 3600, 8)  # ended two hours before this one starts
    body = {
        "title": "Last night",
        "area": {"district": "Stoke-on-Trent"},
        "shift_start": last_start.isoformat(),
        "shift_end": last_end.isoformat(),
        "team": "Beacon",
    }
    made = sergeant.post("/api/v1/briefings", json=body)
    assert made.status_code == 201, made.text
    items = proposed(hub, team="Beacon")
    ids = {i.id for i in items}
    assert f"capture:{scene['intel']['2-B-P']}" not in ids  # graded before the team went off
    assert f"incident:{scene['incidents']['here']}" in ids  # raised since
    admin = next(i for i in items if i.id == "note:administration")
    assert f"the team's last shift (briefing {made.json()['id']})" in admin.text


def test_intelligence_best_graded_first_and_c_only_as_its_sanitised_text(hub, scene):
    items = [i for i in proposed(hub) if i.kind == "intelligence"]
    codes = [i.code for i in items]
    assert codes[0] == "1-A-P" and codes[-1] == "3-C-P", codes
    assert codes == sorted(codes, key=lambda c: (c.split("-")[1], c.split("-")[0])), codes
    restricted = next(i for i in items if i.ref == scene["restricted"])
    assert restricted.handling_code == "C" and restricted.code == "2-B-C"
    assert restricted.text == "Drugs are being supplied in the Hanley area"
    assert restricted.lat is None and restricted.lon is None
    everything = msgspec.json.encode(proposed(hub)).decode()
    assert SECRET not in everything and "14 Leek Road" not in everything


def test_a_wanted_person_is_in_the_pack_with_a_photo_and_their_arrest_is_offered(hub, scene):
    device, analyst = scene["device"], scene["analyst"]
    name = f"Jordan {unique('Bexley')}"
    person = {"name": name, "dob": "1994-03-02", "address": "Leek Road, Hanley"}
    check = send(device, "person_check", person=person, result="Wanted on warrant")
    photo = b"\x89PNG\r\n\x1a\n" + uuid.uuid4().bytes
    reply = device.put(
        f"/api/v1/device/captures/{check}/attachments/face.png",
        content=photo,
        headers={
            "X-Content-SHA256": hashlib.sha256(photo).hexdigest(),
            "Content-Type": "image/png",
        },
    )
    assert reply.status_code == 201, reply.text
    record = of_kind(linked(analyst, check), "person")[0]["id"]
    made = time.time()
    items = proposed(hub)
    wanted = next(i for i in items if i.id == f"entity:{record}")
    assert wanted.section == "people" and wanted.title.startswith("Wanted: " + name)
    assert wanted.photo is not None and "Wanted on warrant" in wanted.text
    assert name in next(i for i in items if i.id == "note:intent").text

    start, end = shift()
    pack = Briefing(
        id=7, title="Early turn", area=STOKE, shift_start=to_iso(start.timestamp()) or "",
        shift_end=to_iso(end.timestamp()) or "", team=["PB1"], callsigns=["PB1"], version=1,
        state="published", items=items, created_at=to_iso(made) or "",
        published_at=to_iso(made) or "",
    )  # fmt: skip
    with hub.engine.connect() as connection:
        assert offers(connection, pack, items) == []

    fresh = post(device, "intelligence", -60)
    graded(analyst, fresh, "1-B-P", "New: a car is used to move stolen tools")
    arrest = send(device, "stop_search", person=dict(person), outcome="Arrest")
    assert of_kind(linked(analyst, arrest), "person", "auto")[0]["id"] == record
    with hub.engine.connect() as connection:
        offered = {
            (o.change, o.item_id or (o.item.id if o.item else "")): o
            for o in offers(connection, pack, items)
        }
    withdraw = offered[("withdraw", f"entity:{record}")]
    assert "arrested" in withdraw.reason and "stop and search" in withdraw.reason
    address = next(i for i in items if i.kind == "place" and f"record {record}" in i.source)
    assert "arrested" in offered[("withdraw", address.id)].reason  # no one to visit there now
    add = offered[("add", f"capture:{fresh}")]
    assert add.item is not None and add.item.code == "1-B-P" and "new intelligence" in add.reason


@pytest.mark.parametrize(
    ("area", "words"),
    [
        (BriefingArea(district="Atlantis"), "no district called 'Atlantis'"),
        (BriefingArea(bbox=[-2.2, 53.0, -2.1, 95.0]), "latitudes in -90..90"),
        (BriefingArea(bbox=[-2.1, 53.0, -2.2, 53.1]), "west must be less than its east"),
        (BriefingArea(bbox=[-20.0, 40.0, 20.0, 60.0]), "draw a smaller one"),
        (BriefingArea(polygon=[[53.0, -2.0 + i * 1e-6] for i in range(50_000)]), "points"),
        (BriefingArea(polygon=[[53.0, -2.1], [53.1, -2.1]]), "between 3 and"),
        (BriefingArea(wards=["Nowhere Ward"]), "no ward called"),
        (BriefingArea(district="Stafford", bbox=[-2.2, 53.0, -2.1, 53.1]), "exactly one"),
    ],
)
def test_hostile_areas_are_refused_plainly(area, words):
    kind = UnknownDistrict if area.district == "Atlantis" else AreaError
    with pytest.raises(kind, match=words) as refused:
        resolve(area)
    assert isinstance(refused.value, ValueError) and refused.value.status == 422


def offers_heard(client, after: int, until, timeout: float = 30.0) -> list[dict]:
    """The ``briefing.offered`` payloads on the workstation stream after `after`, read until
    one satisfies `until` (or the timeout)."""
    found: list[dict] = []
    deadline = time.monotonic() + timeout
    path = f"/api/v1/events?after={after}"
    with client.stream("GET", path, timeout=timeout) as response:
        assert response.status_code == 200, response.read()
        for frame in frames(response):
            if frame.event == "briefing.offered":
                found.append(json.loads(frame.data)["payload"])
                if until(found[-1]):
                    return found
            if time.monotonic() > deadline:
                break
    raise AssertionError(f"no such offer within {timeout} s: {found}")


def test_a_published_pack_is_offered_an_arrest_once_and_new_intelligence(hub, scene):
    device, analyst, sergeant = scene["device"], scene["analyst"], hub.user("sergeant")
    name = f"Casey {unique('Mountford')}"
    person = {"name": name, "dob": "1988-07-14"}
    check = send(device, "person_check", person=person, result="Wanted on warrant")
    record = of_kind(linked(analyst, check), "person")[0]["id"]
    start, end = shift()
    body = {
        "title": "Late turn",
        "area": {"district": "Stoke-on-Trent"},
        "shift_start": start.isoformat(),
        "shift_end": end.isoformat(),
        "team": ["PB1"],
    }
    made = sergeant.post("/api/v1/briefings", json=body)
    assert made.status_code == 201, made.text
    pack = made.json()
    assert f"entity:{record}" in [i["id"] for i in pack["items"]]
    seq = sergeant.get("/api/v1/snapshot").json()["seq"]
    published = sergeant.post(f"/api/v1/briefings/{pack['id']}/publish")
    assert published.status_code == 200, published.text

    linked(analyst, send(device, "stop_search", person=dict(person), outcome="Arrest"))
    heard = offers_heard(sergeant, seq, lambda o: o["change"] == "withdraw")
    assert heard[-1]["id"] == pack["id"] and heard[-1]["item_id"] == f"entity:{record}"
    assert "arrested on a stop and search by PB1" in heard[-1]["reason"]

    fresh = post(device, "intelligence", -60)
    graded(analyst, fresh, "2-A-P", "A van is collecting scrap metal at night")
    heard = offers_heard(sergeant, seq, lambda o: o.get("item_id") == f"capture:{fresh}")
    assert heard[-1]["change"] == "add" and heard[-1]["item"]["code"] == "2-A-P"
    withdrawn = [o for o in heard if o["change"] == "withdraw"]
    assert len(withdrawn) == 1, heard  # once for this version, however often the hub looks


def test_an_area_too_large_to_brief_is_a_422_from_the_api(hub):
    sergeant = hub.user("sergeant")
    start, end = shift()
    body = {
        "title": "Whole country",
        "area": {"bbox": [-20.0, 40.0, 20.0, 60.0]},
        "shift_start": start.isoformat(),
        "shift_end": end.isoformat(),
        "team": ["PB1"],
    }
    refused = sergeant.post("/api/v1/briefings", json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"] == "invalid" and "smaller" in refused.json()["detail"]
    titles = [b["title"] for b in sergeant.get("/api/v1/briefings").json()["briefings"]]
    assert "Whole country" not in titles  # nothing of it was kept
