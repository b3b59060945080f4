"""An amended capture is linked again from what it now says: the mentions it still makes keep
their records, a corrected mark links to its own record, and what it no longer says leaves the
record it was in. Across a kill -9, every acknowledged amendment is linked at its revision."""

from __future__ import annotations

import threading

import httpx
from sqlalchemy import text

from tests.hub.entity_helpers import linked, of_kind
from tests.hub.helpers import capture
from tests.hub.test_entities import letters
from tests.hubprocess import wait_for


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


def test_kill_while_amending_links_every_acknowledged_revision(fresh_hub):
    hub = fresh_hub
    device = hub.device()
    originals = [_check(f"AB{10 + n} CDE", {"name": f"Lee Mould{n}"}) for n in range(30)]
    for body in originals:
        assert device.post("/api/v1/device/captures", json=body).status_code == 201
    amended: dict[str, str] = {}  # capture id -> the mark its acknowledged revision says
    stop = threading.Event()

    def amend_all() -> None:
        client = httpx.Client(base_url=hub.url, headers=device.headers, timeout=5)
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
