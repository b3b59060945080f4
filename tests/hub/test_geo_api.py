"""The hub's geography over real HTTP: search, reverse geocoding and routes, for every
operational role and nobody else, and hostile input refused with a clear 4xx."""

from __future__ import annotations

import pytest

from controlroom.geo.geometry import haversine_m
from tests.hub.helpers import ping
from tests.hubprocess import http_client, wait_for

HANLEY = "53.0237,-2.1755"
STOKE_STATION = "53.0079,-2.1809"
OPERATIONAL = ("dispatcher", "intelligence", "sergeant", "supervisor")


@pytest.fixture(scope="module")
def dispatcher(hub):
    return hub.user("dispatcher")


@pytest.mark.parametrize("role", OPERATIONAL)
def test_every_operational_role_may_search_reverse_and_route(hub, role):
    client = hub.user(role)
    found = client.get("/api/v1/geo/search", params={"q": "royal stoke", "limit": 5})
    assert found.status_code == 200
    results = found.json()["results"]
    assert results[0]["label"].startswith("Royal Stoke University Hospital")
    assert set(results[0]) == {"label", "kind", "lat", "lon"} and results[0]["kind"] == "poi"
    assert client.get("/api/v1/geo/reverse?lat=53.0236&lon=-2.1562").status_code == 200
    route = client.get("/api/v1/geo/route", params={"from": HANLEY, "to": STOKE_STATION})
    assert route.status_code == 200


def test_no_token_is_401_and_administrators_and_devices_are_403(hub):
    anonymous = http_client(hub.url)
    assert anonymous.get("/api/v1/geo/search?q=Hanley").status_code == 401
    admin, device = hub.user("admin"), hub.device()
    for client in (admin, device):
        for path in (
            "/api/v1/geo/search?q=Hanley",
            "/api/v1/geo/reverse?lat=53.02&lon=-2.17",
            f"/api/v1/geo/route?from={HANLEY}&to={STOKE_STATION}",
        ):
            response = client.get(path)
            assert response.status_code == 403 and response.json()["error"] == "forbidden"
    forged = http_client(hub.url, headers={"Authorization": "Bearer not-a-token"})
    assert forged.get("/api/v1/geo/search?q=Hanley").status_code == 401


def test_search_results_are_best_first_of_every_kind(dispatcher):
    results = dispatcher.get("/api/v1/geo/search?q=Hanley&limit=20").json()["results"]
    assert results[0]["label"] == "Hanley, Stoke-on-Trent" and results[0]["kind"] == "place"
    assert {r["kind"] for r in results} <= {"street", "place", "poi", "address"}
    house = dispatcher.get("/api/v1/geo/search?q=350 Hartshill Road").json()["results"][0]
    assert house["kind"] == "address" and house["label"].startswith("350 Hartshill Road")
    assert dispatcher.get("/api/v1/geo/search?q=zzzz qqqq").json() == {"results": []}


def test_reverse_geocoding_names_the_street_and_locality(dispatcher):
    found = dispatcher.get("/api/v1/geo/reverse", params={"lat": 53.0236, "lon": -2.1562}).json()
    assert found == {"label": "Leek Road, Hanley", "street": "Leek Road", "locality": "Hanley"}


@pytest.mark.parametrize("mode", ["vehicle", "foot"])
def test_a_route_follows_the_roads_from_one_point_to_the_other(dispatcher, mode):
    route = dispatcher.get(
        "/api/v1/geo/route", params={"from": HANLEY, "to": STOKE_STATION, "mode": mode}
    ).json()
    straight = haversine_m(53.0237, -2.1755, 53.0079, -2.1809)
    assert straight < route["distance_m"] < 2 * straight and route["duration_s"] > 0
    assert route["path"][0] == [53.0237, -2.1755] and route["path"][-1] == [53.0079, -2.1809]
    assert len(route["path"]) > 10


HOSTILE = [
    ("/api/v1/geo/search", {}),
    ("/api/v1/geo/search", {"q": ""}),
    ("/api/v1/geo/search", {"q": "   "}),
    ("/api/v1/geo/search", {"q": "x" * 10_000}),
    ("/api/v1/geo/search", {"q": "Hanley", "limit": "1000"}),
    ("/api/v1/geo/search", {"q": "Hanley", "limit": "0"}),
    ("/api/v1/geo/search", {"q": "Hanley", "limit": "-3"}),
    ("/api/v1/geo/search", {"q": "Hanley", "limit": "ten"}),
    ("/api/v1/geo/reverse", {"lat": "53.02"}),
    ("/api/v1/geo/reverse", {"lat": "abc", "lon": "-2.17"}),
    ("/api/v1/geo/reverse", {"lat": "91", "lon": "-2.17"}),
    ("/api/v1/geo/reverse", {"lat": "53", "lon": "-181"}),
    ("/api/v1/geo/reverse", {"lat": "nan", "lon": "-2.17"}),
    ("/api/v1/geo/reverse", {"lat": "53", "lon": "inf"}),
    ("/api/v1/geo/route", {"from": HANLEY}),
    ("/api/v1/geo/route", {"from": "abc", "to": STOKE_STATION}),
    ("/api/v1/geo/route", {"from": "53.02", "to": STOKE_STATION}),
    ("/api/v1/geo/route", {"from": "53.02,-2.17,4", "to": STOKE_STATION}),
    ("/api/v1/geo/route", {"from": "91,-2.17", "to": STOKE_STATION}),
    ("/api/v1/geo/route", {"from": "nan,nan", "to": STOKE_STATION}),
    ("/api/v1/geo/route", {"from": "1e400,0", "to": STOKE_STATION}),
    ("/api/v1/geo/route", {"from": "9" * 5000, "to": STOKE_STATION}),
    ("/api/v1/geo/route", {"from": "51.5007,-0.1246", "to": STOKE_STATION}),  # Westminster
    ("/api/v1/geo/route", {"from": HANLEY, "to": STOKE_STATION, "mode": "boat"}),
]


@pytest.mark.parametrize(("path", "params"), HOSTILE)
def test_hostile_input_is_refused_clearly(dispatcher, path, params):
    response = dispatcher.get(path, params=params)
    assert response.status_code in (400, 422), response.text
    body = response.json()
    assert body["error"] and body["detail"]


def test_recommendations_rank_by_the_route_a_unit_would_drive(hub, dispatcher):
    car = hub.device(mode="vehicle")
    car.post("/api/v1/device/pings", json={"pings": [ping(53.0185, -2.1929, 0)]})
    incident = dispatcher.post(
        "/api/v1/incidents",
        json={
            "summary": "Concern for welfare",
            "grade": "priority",
            "lat": 53.0245,
            "lon": -2.1794,
        },
    ).json()

    def mine():
        units = dispatcher.get(f"/api/v1/incidents/{incident['id']}/recommendations").json()
        return next((u for u in units["units"] if u["callsign"] == car.callsign), None)

    ranked = wait_for(mine)
    route = dispatcher.get(
        "/api/v1/geo/route", params={"from": "53.0185,-2.1929", "to": "53.0245,-2.1794"}
    ).json()
    assert ranked["routed"] is True
    assert abs(ranked["eta_s"] - route["duration_s"]) <= 1.5
    assert abs(ranked["distance_m"] - route["distance_m"]) <= 2
