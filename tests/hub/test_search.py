"""Search of captures over the API: words anywhere in a capture, a drawn area, a time window and
a kind, newest first; code C found only by the roles cleared for it; every search audited;
hostile queries refused with a clear 422."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import text

from tests.hub.helpers import capture, iso
from tests.hubprocess import wait_for

LEEK = (-2.0236, 53.1047)  # lon, lat
STONE = (-2.1528, 52.9056)
NOT_CLEARED = ("dispatcher", "sergeant")
CLEARED = ("intelligence", "supervisor")


def word() -> str:
    """A word no other capture holds: letters only, so it is one word to both stores."""
    return "zq" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:10])


def send(device, summary: str = "", place=LEEK, hours_ago: float = 0.0, **extra) -> str:
    extra.setdefault("fields", {})
    body = capture(summary=summary, lon=place[0], lat=place[1], at=iso(-hours_ago * 3600), **extra)
    reply = device.post("/api/v1/device/captures", json=body)
    assert reply.status_code == 201, reply.text
    return body["id"]


def ids(reader, **params) -> list[str]:
    reply = reader.get("/api/v1/search", params=params)
    assert reply.status_code == 200, reply.text
    found = reply.json()
    assert found["total"] >= len(found["captures"])
    return [c["id"] for c in found["captures"]]


@pytest.fixture(scope="module")
def reader(hub):
    return hub.user("dispatcher")


def test_words_in_the_summary_and_anywhere_in_the_fields_are_found_newest_first(hub, reader):
    device, w = hub.device(), word()
    old = send(device, f"Shoplifting reported, suspect {w}", hours_ago=3)
    deep = send(
        device,
        "Vehicle stop",
        hours_ago=2,
        fields={"persons": [{"name": f"Sam {w.upper()}", "aka": "Sammy"}], "count": 3},
    )
    new = send(device, "Note", hours_ago=1, fields={"text": f"Seen again: {w}."})
    assert ids(reader, q=w) == [new, deep, old]
    reply = reader.get("/api/v1/search", params={"q": w, "limit": 2}).json()
    assert [c["id"] for c in reply["captures"]] == [new, deep]
    assert reply["total"] == 3 and reply["more"] is False
    assert reply["captures"][1]["fields"]["persons"][0]["name"] == f"Sam {w.upper()}"


def test_every_word_must_match_phrases_keep_their_order_and_a_prefix_matches_a_start(hub, reader):
    device, w = hub.device(), word()
    red = send(device, f"{w} wore a red jacket")
    blue = send(device, f"{w} jacket was blue, hat red")
    assert set(ids(reader, q=f"{w} red")) == {red, blue}
    assert ids(reader, q=f'{w} "red jacket"') == [red]
    assert ids(reader, q=f"{w} blue") == [blue]
    assert set(ids(reader, q=f"{w[:8]}*")) == {red, blue}
    assert ids(reader, q=f"{w[:8]}") == []
    assert ids(reader, q=f"Zoë {w}") == [] and ids(reader, q=f"{w} JACKET red") != []


def test_marks_and_phones_are_found_however_they_were_written(hub, reader):
    device, w = hub.device(), word()
    spaced = send(device, f"{w} stopped BD51 SMR on the A53")
    joined = send(device, f"{w} check", fields={"vehicle": {"vrm": "bd51smr"}})
    phone = send(device, f"{w} caller on +44 7700 900123")
    assert set(ids(reader, q=f"{w} BD51SMR")) == {spaced, joined}
    assert set(ids(reader, q=f"{w} bd51 smr")) == {spaced, joined}
    assert ids(reader, q=f"{w} 07700 900123") == [phone]
    assert ids(reader, q=f"{w} 07700900123") == [phone]


def test_an_area_a_time_window_and_a_kind_narrow_the_words(hub, reader):
    device, w = hub.device(), word()
    leek_today = send(device, w, LEEK, hours_ago=1)
    leek_last_week = send(device, w, LEEK, hours_ago=24 * 7)
    stone_today = send(device, w, STONE, hours_ago=2, kind="stop_search")
    around_leek = "-2.05,53.09,-2.00,53.12"
    assert ids(reader, q=w, bbox=around_leek) == [leek_today, leek_last_week]
    assert ids(reader, q=w, since=iso(-2 * 86400)) == [leek_today, stone_today]
    assert ids(reader, q=w, bbox=around_leek, since=iso(-2 * 86400), until=iso()) == [leek_today]
    assert ids(reader, q=w, until=iso(-3 * 86400)) == [leek_last_week]
    assert ids(reader, q=w, kind="stop_search") == [stone_today]
    # Without words: the area and window alone, newest first.
    assert ids(reader, bbox="-2.16,52.90,-2.15,52.91", since=iso(-3 * 3600)) == [stone_today]


def _secret(device, w: str) -> tuple[str, str]:
    open_id = send(device, f"{w} seen at the park")
    secret = send(
        device,
        f"{w} is dealing from the park",
        kind="intelligence",
        fields={"handling_code": "C", "source_evaluation": 1, "intelligence_assessment": "B"},
    )
    return open_id, secret


@pytest.mark.parametrize("role", NOT_CLEARED + CLEARED)
def test_code_c_captures_are_found_only_by_the_roles_cleared_for_them(hub, role):
    device, w = hub.device(), word()
    open_id, secret = _secret(device, w)
    searcher = hub.user(role)
    around = f"{LEEK[0] - 0.01},{LEEK[1] - 0.01},{LEEK[0] + 0.01},{LEEK[1] + 0.01}"
    for params in ({"q": w}, {"q": w, "bbox": around}):  # walked newest first; an area gathered
        reply = searcher.get("/api/v1/search", params=params).json()
        shown = [c["id"] for c in reply["captures"]]
        if role in CLEARED:
            assert shown == [secret, open_id] and reply["total"] == 2
        else:
            assert shown == [open_id] and reply["total"] == 1
            assert secret not in str(reply) and "dealing" not in str(reply)
    if role not in CLEARED:
        assert ids(searcher, q=f"{w} dealing") == []
        assert ids(searcher, q=w, kind="intelligence") == []


def test_every_search_is_audited_with_what_it_asked_and_showed(hub):
    device, w = hub.device(), word()
    found = send(device, w)
    searcher = hub.user("dispatcher")
    assert ids(searcher, q=w, bbox="-3,52,-1,54") == [found]

    def audited():
        with hub.engine.connect() as connection:
            return connection.execute(
                text("SELECT detail FROM audit WHERE actor = :a AND action = 'capture.search'"),
                {"a": f"user:{searcher.username}"},
            ).scalars().all()  # fmt: skip

    records = wait_for(audited)
    assert w in records[0] and found in records[0] and "-3,52,-1,54" in records[0]


HOSTILE = [
    {"q": '"'},
    {"q": "*"},
    {"q": "a*"},
    {"q": "x" * 201},
    {"q": "y" * 65},
    {"q": " ".join(f"w{i}" for i in range(13))},
    {"bbox": "1,2,3"},
    {"bbox": "-2,53,-3,54"},
    {"bbox": "-2,54,-1,53"},
    {"bbox": "-1e308,-1e308,1e308,1e308"},
    {"bbox": "-200,-10,10,10"},
    {"bbox": "nan,1,2,3"},
    {"bbox": "inf,-90,inf,90"},
    {"bbox": "a,b,c,d"},
    {"since": "yesterday"},
    {"since": "2026-01-01T00:00:00"},
    {"until": "2026-13-45T00:00:00Z"},
    {"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
    {"since": "99999-01-01T00:00:00Z"},
    {"kind": "everything"},
    {"limit": "0"},
    {"limit": "100000"},
    {"limit": "ten"},
]


@pytest.mark.parametrize("params", HOSTILE, ids=lambda p: repr(p)[:40])
def test_hostile_queries_are_refused_with_a_clear_422(hub, reader, params):
    reply = reader.get("/api/v1/search", params=params)
    assert reply.status_code == 422, reply.text
    assert reply.json()["error"] == "invalid" and reply.json()["detail"]


SYNTAX = [
    "NEAR(park dealing)",
    "park OR dealing",
    "park NOT seen",
    "words:park",
    "^park",
    "park & !seen | x",
    "park:* <-> seen",
    "'park' AND \"seen",
    "park)) OR ((1=1",
    "park\x00seen",
    "\\'park\\'",
]


@pytest.mark.parametrize("q", SYNTAX)
def test_query_syntax_of_either_store_is_only_words(hub, reader, q):
    device, w = hub.device(), word()
    both = send(device, f"{w} seen at the park, dealing or not, words near")
    reply = reader.get("/api/v1/search", params={"q": f"{w} {q}"})
    assert reply.status_code == 200, reply.text
    assert [c["id"] for c in reply.json()["captures"]] in ([both], [])
    assert ids(reader, q=w) == [both]


def test_an_area_finds_its_captures_whichever_map_cells_it_spans(hub, reader):
    device, w = hub.device(), word()
    # Either side of a cell border (every 0.05 degrees of latitude), and far across the county.
    north = send(device, w, (-2.10, 53.0004), hours_ago=1)
    south = send(device, w, (-2.10, 52.9996), hours_ago=2)
    far = send(device, w, (-1.70, 52.60), hours_ago=3)
    assert ids(reader, q=w, bbox="-2.11,52.99,-2.09,53.01") == [north, south]
    assert ids(reader, q=w, bbox="-2.11,53.0,-2.09,53.01") == [north]
    assert ids(reader, q=w, bbox="-2.5,52.4,-1.5,53.3") == [north, south, far]  # many cells
    assert ids(reader, bbox="-2.10001,52.9995,-2.09999,52.9997") == [south]


def test_an_amended_capture_is_found_by_what_it_says_now_and_not_by_what_it_said(hub, reader):
    device, before, after = hub.device(), word(), word()
    body = capture(summary=f"Suspect wore a {before} jacket", fields={})
    assert device.post("/api/v1/device/captures", json=body).status_code == 201
    assert ids(reader, q=before) == [body["id"]]
    amended = {**body, "revision": 2, "summary": f"Suspect wore a {after} jacket"}
    reply = device.post("/api/v1/device/captures", json=amended)
    assert reply.status_code == 201, reply.text
    assert ids(reader, q=after) == [body["id"]]
    assert ids(reader, q=before) == []
    assert ids(reader, q="jacket " + after) == [body["id"]]  # and only once


def test_totals_are_counted_to_a_thousand_with_an_area_and_without(hub, reader):
    """The page is the newest 50 and the total exact up to 1,000 (then "more"), whichever way
    the store finds the matches: walking newest first, or gathering an area's and sorting."""
    w, near = word(), (-2.1794, 53.0245)  # Hanley: one map cell
    sent: list[tuple[float, str]] = []

    def send_some(offset: int) -> None:
        device = hub.device()
        for n in range(offset, 1010, 5):
            place = near if n % 2 else (near[0] + 0.004, near[1] + 0.003)  # a few streets off
            sent.append((n, send(device, w, place, hours_ago=n / 60)))

    workers = [threading.Thread(target=send_some, args=(i,)) for i in range(5)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    newest = [capture_id for _, capture_id in sorted(sent)]
    assert len(newest) == 1010
    around = "-2.19,53.02,-2.17,53.03"
    spot = f"{near[0] - 1e-4},{near[1] - 1e-4},{near[0] + 1e-4},{near[1] + 1e-4}"
    just_near = [i for n, i in sorted(sent) if n % 2]
    for params, page, total, more in [
        ({"q": w}, newest[:50], 1000, True),
        ({"q": w, "bbox": around}, newest[:50], 1000, True),
        ({"bbox": around, "q": w, "since": iso(-100.5 * 60)}, newest[:50], 101, False),
        ({"q": w, "bbox": spot}, just_near[:50], 505, False),
        ({"q": w, "bbox": spot, "limit": 500}, just_near[:500], 505, False),
    ]:
        reply = reader.get("/api/v1/search", params=params).json()
        assert [c["id"] for c in reply["captures"]] == page, params
        assert (reply["total"], reply["more"]) == (total, more), params
