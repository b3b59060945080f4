"""The heat map over the API: what a search's filter matches counted per grid cell, the counts
equal to what search and export find for the same filter, restricted captures counted only for
the roles cleared for them, every request audited, hostile input refused with a clear 422."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from tests.hub.desk import Staff, grade
from tests.hub.helpers import iso
from tests.hub.test_search import CLEARED, HOSTILE, LEEK, NOT_CLEARED, STONE, send, word
from tests.hubprocess import wait_for

AROUND_LEEK = "-2.05,53.09,-2.00,53.12"
COUNTY = "-2.5,52.4,-1.5,53.3"
NORTH = "-2.2,52.9,-2.0,53.11"  # Leek and Stone


@pytest.fixture(scope="module")
def staff(hub):
    return Staff(hub)


def heat(reader, **params) -> dict:
    reply = reader.get("/api/v1/heatmap", params=params)
    assert reply.status_code == 200, reply.text
    return reply.json()


def found(reader, **params) -> int:
    """How many captures search and export find for the filter (and that they agree)."""
    total = reader.get("/api/v1/search", params={**params, "limit": 500}).json()["total"]
    exported = reader.get("/api/v1/captures/export", params={**params, "format": "geojson"})
    assert len(exported.json()["features"]) == total
    return total


def counted(cells: list, near: tuple[float, float], size: dict) -> int:
    """The count of the cell that holds the place (lon, lat)."""
    lon, lat = near
    return sum(
        n
        for c_lat, c_lon, n in cells
        if abs(c_lat - lat) <= size["cell_lat"] / 2 and abs(c_lon - lon) <= size["cell_lon"] / 2
    )


def test_captures_are_counted_in_the_cells_they_lie_in(hub, staff):
    device, w = hub.device(), word()
    for hours in (1, 2, 3):
        send(device, f"{w} at Leek", LEEK, hours_ago=hours)
    send(device, f"{w} at Stone", STONE, hours_ago=1)
    shown = heat(staff["dispatcher"], q=w, cell=250, bbox=COUNTY)
    assert shown["layer"] == "captures" and shown["total"] == 4 and shown["max"] == 3
    assert sorted(n for _, _, n in shown["cells"]) == [1, 3]
    assert counted(shown["cells"], LEEK, shown) == 3
    assert counted(shown["cells"], STONE, shown) == 1
    assert shown["cell_lat"] == pytest.approx(250 / 111_320)
    # Cells a hundred metres high still hold them apart; the county in one cell holds all four.
    assert len(heat(staff["dispatcher"], q=w, cell=100, bbox=NORTH)["cells"]) == 2
    assert heat(staff["dispatcher"], q=w, cell=100_000, bbox=COUNTY)["max"] == 4


def test_the_counts_are_what_search_and_export_find_for_the_same_filter(hub, staff):
    device, w = hub.device(), word()
    send(device, w, LEEK, hours_ago=1)
    send(device, f"{w} later", LEEK, hours_ago=24 * 7)
    send(device, w, STONE, hours_ago=2, kind="stop_search")
    send(device, f"{w} red jacket", (-2.10, 53.0004), hours_ago=5)
    reader = staff["sergeant"]
    filters = [
        {"q": w},
        {"q": w, "bbox": AROUND_LEEK},
        {"q": w, "since": iso(-2 * 86400)},
        {"q": w, "since": iso(-2 * 86400), "until": iso(-3000)},
        {"q": w, "kind": "stop_search"},
        {"q": f'{w} "red jacket"'},
        {"q": w, "bbox": COUNTY, "until": iso(-3 * 86400)},
        {"bbox": "-2.16,52.90,-2.15,52.91", "since": iso(-3 * 3600)},
    ]
    totals = []
    for f in ({"bbox": COUNTY, **f} for f in filters):
        shown = heat(reader, **f, cell=1000)
        assert shown["total"] == sum(n for _, _, n in shown["cells"]) == found(reader, **f), f
        totals.append(shown["total"])
    assert totals[:7] == [4, 2, 3, 3, 1, 1, 1] and totals[7] >= 1


@pytest.mark.parametrize("role", NOT_CLEARED + CLEARED)
def test_code_c_and_graded_captures_are_counted_only_for_the_roles_cleared(hub, staff, role):
    device, w = hub.device(), word()
    send(device, f"{w} seen at the park")
    send(device, f"{w} dealing", kind="intelligence", fields={"handling_code": "C"})
    graded = send(device, f"{w} flat above the shop", kind="intelligence", fields={})
    assert grade(staff["intelligence"], graded, "P").status_code == 200
    shown = heat(staff[role], q=w, bbox=COUNTY)
    assert shown["total"] == found(staff[role], q=w)
    assert shown["total"] == (3 if role in CLEARED else 1)
    dealing = heat(staff[role], q=f"{w} dealing", bbox=COUNTY)["cells"]
    if role in NOT_CLEARED:
        assert dealing == []
    else:
        assert dealing == [pytest.approx([LEEK[1], LEEK[0], 1], abs=0.01)]


def test_administrators_are_refused_and_so_is_no_one(hub, staff):
    assert staff["admin"].get("/api/v1/heatmap").status_code == 403
    assert httpx.get(f"{hub.url}/api/v1/heatmap").status_code == 401


def test_every_heat_map_is_audited_with_its_filter_and_what_it_counted(hub):
    device, w = hub.device(), word()
    send(device, w)
    reader = hub.user("supervisor")
    assert heat(reader, q=w, bbox=COUNTY)["total"] == 1

    def audited():
        with hub.engine.connect() as connection:
            return connection.execute(
                text("SELECT detail FROM audit WHERE actor = :a AND action = 'capture.heatmap'"),
                {"a": f"user:{reader.username}"},
            ).scalars().all()  # fmt: skip

    (record,) = wait_for(audited)
    assert w in record and COUNTY in record and '"total":1' in record.replace(" ", "")


HEAT_HOSTILE = [
    *[p for p in HOSTILE if "limit" not in p],
    {"cell": "0"},
    {"cell": "9"},
    {"cell": "-500"},
    {"cell": "1e9"},
    {"cell": "nan"},
    {"cell": "inf"},
    {"cell": "ten"},
    {"cell": "10"},  # the whole earth in 10 m cells
    {"cell": "10", "bbox": "-3,52,-1,54"},
]


@pytest.mark.parametrize("params", HEAT_HOSTILE, ids=lambda p: repr(p)[:40])
def test_hostile_heat_map_requests_are_refused_with_a_clear_422(staff, params):
    reply = staff["dispatcher"].get("/api/v1/heatmap", params=params)
    assert reply.status_code == 422, reply.text
    assert reply.json()["error"] == "invalid" and reply.json()["detail"]
