"""An amended capture is linked again from what it now says: the mentions it still makes keep
their records, a corrected mark links to its own record, and what it no longer says leaves the
record it was in. A record left with no mention is closed (not found, its page 410 with why,
streamed and audited, withheld from a role not cleared for the capture that closed it) and
reopened when the capture says it again. Across a kill -9, every acknowledged amendment is linked
at its revision, and every record it emptied is closed, once."""

from __future__ import annotations

import json
import threading
import uuid

import httpx
from sqlalchemy import text

from tests.hub.entity_helpers import linked, of_kind
from tests.hub.helpers import capture, frames
from tests.hub.test_entities import letters
from tests.hubprocess import http_client, wait_for


def _check(vrm: str, driver: dict) -> dict:
    return capture("vehicle_check", fields={"vehicle": {"vrm": vrm}, "driver": driver})


def _amend(device: httpx.Client, body: dict, revision: int, **fields) -> dict:
    amended = {**body, "revision": revision, "fields": {**body["fields"], **fields}}
    reply = device.post("/api/v1/device/captures", json=amended)
    assert reply.status_code == 201, reply.text
    return amended


def _vrms(entities: list[dict]) -> set[str]:
    return {m["written"] for e in of_kind(entities, "vehicle") for m in e["mentions"]}


def _relinked(reader: httpx.Client, capture_id: str, vrm: str) -> list[dict]:
    """The capture's entities once the linker has done its amendment (the new mark shows)."""

    def ready():
        got = reader.get(f"/api/v1/captures/{capture_id}/entities").json()["entities"]
        return got if vrm in _vrms(got) else None

    return wait_for(ready, timeout=15)


def test_an_amended_mark_is_linked_again_and_the_driver_keeps_their_record(hub):
    device, intel = hub.device(), hub.user("intelligence")
    driver = {"name": f"Kelly Brindley{letters()}", "dob": "1988-07-21"}
    first = _check("BD51 SMP", driver)
    assert device.post("/api/v1/device/captures", json=first).status_code == 201
    before = linked(intel, first["id"])
    (person,) = of_kind(before, "person")
    (misread,) = of_kind(before, "vehicle")
    assert _vrms(before) == {"BD51 SMP"}

    _amend(device, first, 2, vehicle={"vrm": "BD51 SMR", "colour": "Silver"})
    after = _relinked(intel, first["id"], "BD51 SMR")
    assert _vrms(after) == {"BD51 SMR"}  # the misread mark is gone from the capture
    assert [p["id"] for p in of_kind(after, "person")] == [person["id"]]
    page = intel.get(f"/api/v1/entities/{misread['id']}").json()
    assert first["id"] not in page.get("captures", [])  # nor is the capture on its page
    driven = intel.get(f"/api/v1/entities/{person['id']}").json()
    assert first["id"] in driven["captures"]

    supervisor = hub.user("supervisor")
    records = supervisor.get("/api/v1/audit", params={"target": f"capture:{first['id']}"}).json()
    relinks = [r for r in records["records"] if r["action"] == "capture.relink"]
    assert len(relinks) == 1
    assert {k: relinks[0]["detail"][k] for k in ("kept", "added", "withdrawn")} == {
        "kept": 1,
        "added": 1,
        "withdrawn": 1,
    }


def test_a_suggestion_waiting_on_what_the_amendment_took_back_is_closed(hub):
    device, intel = hub.device(), hub.user("intelligence")
    surname = f"Salt{letters()}"
    one = _check("FJ63 KLO", {"name": f"Dean {surname}", "dob": "1979-02-11"})
    two = _check("FJ63 KLP", {"name": f"Dean {surname}", "dob": "1979-02-11"})
    for body in (one, two):
        assert device.post("/api/v1/device/captures", json=body).status_code == 201
    linked(intel, one["id"])
    waiting = linked(intel, two["id"])
    open_before = {e["suggestion"] for e in waiting if e["linked"] == "suggested"}
    _amend(device, two, 2, vehicle={"vrm": "YX12 ABC"}, driver={"name": "Someone Else"})
    after = _relinked(intel, two["id"], "YX12 ABC")
    assert not [e for e in after if e["linked"] == "suggested" and e["suggestion"] in open_before]
    queue = intel.get("/api/v1/entities/suggestions").json()["suggestions"]
    assert not open_before & {s["id"] for s in queue}


def _mark() -> str:
    """A registration mark of the test's own."""
    return f"{letters(2).upper()}{10 + uuid.uuid4().int % 60} {letters(3).upper()}"


def _counts(connection, query: str) -> dict:
    return dict(connection.execute(text(query)).all())


PAGE_KEYS = {"id", "kind", "label", "attributes", "captures", "related"}


def _events_after(reader: httpx.Client, device: httpx.Client, seq: int, wanted: str) -> list:
    """The ``wanted`` events the reader's stream carries after ``seq``, read up to a note the
    device sends now (so that the stream has an end the reader can see)."""
    mark = capture("note", fields={"text": "end of the events looked for"})
    assert device.post("/api/v1/device/captures", json=mark).status_code == 201
    got = []
    with reader.stream("GET", f"/api/v1/events?after={seq}", timeout=20) as response:
        for frame in frames(response):
            if frame.event == wanted:
                got.append(json.loads(frame.data)["payload"])
            if frame.event == "capture.created" and mark["id"] in frame.data:
                return got
    raise AssertionError("the stream ended early")


def _seq(reader: httpx.Client) -> int:
    return reader.get("/api/v1/snapshot").json()["seq"]


def test_a_record_an_amendment_empties_is_closed_and_comes_back_when_said_again(hub):
    device, intel = hub.device(), hub.user("intelligence")
    supervisor = hub.user("supervisor")
    mark = _mark()
    first = _check(mark, {"name": f"Ruth Hollins{letters()}", "dob": "1990-03-04"})
    assert device.post("/api/v1/device/captures", json=first).status_code == 201
    (car,) = of_kind(linked(intel, first["id"]), "vehicle")
    before = intel.get(f"/api/v1/entities/{car['id']}").json()
    assert set(before) >= PAGE_KEYS and "closed" not in before
    seq = _seq(intel)

    _amend(device, first, 2, vehicle={"vrm": "YX70 QQQ"})
    _relinked(intel, first["id"], "YX70 QQQ")
    gone = intel.get(f"/api/v1/entities/{car['id']}")
    assert gone.status_code == 410, gone.text
    said = gone.json()
    assert said["error"] == "gone" and first["id"] in said["detail"]
    closed = said["closed"]
    assert closed["capture"] == first["id"] and closed["revision"] == 2
    assert closed["id"] == car["id"] and closed["why"] and closed["closed_at"]
    found = intel.get("/api/v1/entities", params={"kind": "vehicle", "q": mark}).json()
    assert car["id"] not in {e["id"] for e in found["entities"]}  # not listed by search
    (payload,) = _events_after(intel, device, seq, "entity.closed")
    assert payload["id"] == car["id"] and payload["capture"] == first["id"]
    assert payload["reopened"] is False
    audit = supervisor.get("/api/v1/audit", params={"target": f"entity:{car['id']}"}).json()
    closes = [r for r in audit["records"] if r["action"] == "entity.close"]
    assert len(closes) == 1 and closes[0]["detail"]["capture"] == first["id"]
    refused = intel.post(f"/api/v1/entities/{car['id']}/split", json={"captures": [first["id"]]})
    assert refused.status_code == 410

    # the officer puts the first mark back: the same record, open again, its page as before
    seq = _seq(intel)
    _amend(device, first, 3, vehicle={"vrm": mark})
    _relinked(intel, first["id"], mark)
    again = intel.get(f"/api/v1/entities/{car['id']}")
    assert again.status_code == 200, again.text
    page = again.json()
    assert set(page) >= PAGE_KEYS and "closed" not in page
    assert page["captures"] == [first["id"]] and page["kind"] == "vehicle"
    (back,) = _events_after(intel, device, seq, "entity.reopened")
    assert back["id"] == car["id"]
    found = intel.get("/api/v1/entities", params={"kind": "vehicle", "q": mark}).json()
    assert car["id"] in {e["id"] for e in found["entities"]}


def test_a_record_said_again_by_another_capture_is_a_new_one_and_merges_still_work(hub):
    device, intel = hub.device(), hub.user("intelligence")
    mark = _mark()
    first = _check(mark, {"name": f"Owen Plant{letters()}", "dob": "1971-05-06"})
    assert device.post("/api/v1/device/captures", json=first).status_code == 201
    (car,) = of_kind(linked(intel, first["id"]), "vehicle")
    _amend(device, first, 2, vehicle={"vrm": "YX71 RRR"})
    _relinked(intel, first["id"], "YX71 RRR")
    assert intel.get(f"/api/v1/entities/{car['id']}").status_code == 410
    later = _check(mark, {"name": f"Ivy Tams{letters()}", "dob": "1999-01-02"})
    assert device.post("/api/v1/device/captures", json=later).status_code == 201
    (fresh,) = of_kind(linked(intel, later["id"]), "vehicle")
    assert fresh["id"] != car["id"]  # a new record: the closed one stays closed
    assert intel.get(f"/api/v1/entities/{car['id']}").status_code == 410
    refused = intel.post(f"/api/v1/entities/{fresh['id']}/merge", json={"other": car["id"]})
    assert refused.status_code == 410
    (other,) = of_kind(linked(intel, first["id"]), "vehicle")  # YX71 RRR's record
    merged = intel.post(f"/api/v1/entities/{fresh['id']}/merge", json={"other": other["id"]})
    assert merged.status_code == 200, merged.text
    split = intel.post(f"/api/v1/entities/{fresh['id']}/split", json={"captures": [first["id"]]})
    assert split.status_code == 200, split.text


def test_a_record_closed_by_a_code_c_capture_is_not_said_to_a_role_not_cleared(hub):
    device, intel, dispatcher = hub.device(), hub.user("intelligence"), hub.user("dispatcher")
    mark = _mark()
    driver = {"name": f"Gail Rigby{letters()}"}
    body = capture("intelligence", fields={"vehicle": {"vrm": mark}, "driver": driver})
    body["fields"]["handling_code"] = "C"
    assert device.post("/api/v1/device/captures", json=body).status_code == 201
    (car,) = of_kind(linked(intel, body["id"]), "vehicle")
    assert dispatcher.get(f"/api/v1/entities/{car['id']}").status_code == 404
    seq = _seq(dispatcher)
    _amend(device, body, 2, vehicle={"vrm": "YX72 SSS"})
    _relinked(intel, body["id"], "YX72 SSS")
    assert intel.get(f"/api/v1/entities/{car['id']}").status_code == 410
    hidden = dispatcher.get(f"/api/v1/entities/{car['id']}")
    assert hidden.status_code == 404 and "closed" not in hidden.json()  # as if it never was
    assert not _events_after(dispatcher, device, seq, "entity.closed")
    assert [e["id"] for e in _events_after(intel, device, seq, "entity.closed")] == [car["id"]]


def test_kill_while_amending_links_every_acknowledged_revision(fresh_hub):
    hub = fresh_hub
    device = hub.device()
    originals = [_check(f"AB{10 + n} CDE", {"name": f"Lee Mould{n}"}) for n in range(30)]
    for body in originals:
        assert device.post("/api/v1/device/captures", json=body).status_code == 201
    amended: dict[str, str] = {}  # capture id -> the mark its acknowledged revision says
    stop = threading.Event()

    def amend_all() -> None:
        client = http_client(hub.url, headers=device.headers, timeout=5)
        for n, body in enumerate(originals):
            vrm = f"XY{10 + n} FGH"
            new = {**body, "revision": 2, "fields": {**body["fields"], "vehicle": {"vrm": vrm}}}
            try:
                if client.post("/api/v1/device/captures", json=new).status_code == 201:
                    amended[body["id"]] = vrm
            except httpx.HTTPError:
                return
            if stop.is_set():
                return

    worker = threading.Thread(target=amend_all)
    worker.start()
    wait_for(lambda: len(amended) >= 10, timeout=30)
    hub.kill()
    stop.set()
    worker.join(10)
    hub.start()

    def standing() -> dict[str, set[str]]:
        query = text(
            "SELECT m.capture_id, m.written FROM mentions m JOIN linked_captures l"
            " ON l.capture_id = m.capture_id WHERE m.kind = 'vehicle' AND m.link != 'withdrawn'"
        )
        with hub.engine.connect() as connection:
            rows = connection.execute(query).all()
        found: dict[str, set[str]] = {}
        for capture_id, written in rows:
            found.setdefault(capture_id, set()).add(written.upper())
        return found

    def done() -> bool:
        now = standing()
        return all(now.get(c) == {v} for c, v in amended.items())

    wait_for(done, timeout=60)
    with hub.engine.connect() as connection:
        relinks = dict(
            connection.execute(
                text(
                    "SELECT target, count(*) FROM audit WHERE action = 'capture.relink'"
                    " GROUP BY target"
                )
            ).all()
        )
        events = dict(
            connection.execute(
                text(
                    "SELECT subject, count(*) FROM events WHERE type = 'capture.linked'"
                    " GROUP BY subject"
                )
            ).all()
        )
    for capture_id in amended:
        assert relinks.get(f"capture:{capture_id}") == 1, capture_id
        assert events.get(capture_id) == 2, capture_id  # linked, then linked again
    # every record an amendment emptied is closed, once, with its event; none left empty open
    with hub.engine.connect() as connection:
        records = connection.execute(
            text(
                "SELECT e.id, e.closed_at, e.closed_capture, count(m.id) FROM entities e"
                " LEFT JOIN mentions m ON m.entity_id = e.id WHERE e.merged_into IS NULL"
                " GROUP BY e.id, e.closed_at, e.closed_capture"
            )
        ).all()
        closes = _counts(
            connection,
            "SELECT target, count(*) FROM audit WHERE action = 'entity.close' GROUP BY target",
        )
        closings = _counts(
            connection,
            "SELECT subject, count(*) FROM events WHERE type = 'entity.closed' GROUP BY subject",
        )
    closed = {r[0]: r[2] for r in records if r[1] is not None}
    assert all(r[3] == 0 for r in records if r[1] is not None)  # closed: nothing mentions it
    assert not [r[0] for r in records if r[1] is None and r[3] == 0]  # empty: closed
    assert set(closed.values()) >= set(amended)  # the old mark of each acknowledged amendment
    for record in closed:
        assert closes.get(f"entity:{record}") == 1 and closings.get(str(record)) == 1, record
