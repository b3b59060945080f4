"""The hub recommends units for an incident and for an emergency, best first."""

from __future__ import annotations

from tests.hub.helpers import ping
from tests.hubprocess import wait_for


def test_recommendations_put_the_nearest_deployable_unit_first(hub):
    dispatcher = hub.user("dispatcher")
    near, far, busy = hub.device(), hub.device(), hub.device()
    for device, lat in ((near, 53.026), (far, 53.045), (busy, 53.0246)):
        device.post("/api/v1/device/pings", json={"pings": [ping(lat, -2.1794, 0)]})
    dispatcher.post(f"/api/v1/units/{busy.callsign}/status", json={"status": "on_scene"})
    incident = dispatcher.post(
        "/api/v1/incidents",
        json={
            "summary": "Shoplifter detained by security",
            "grade": "priority",
            "lat": 53.0245,
            "lon": -2.1794,
        },
    ).json()

    ours = (near.callsign, far.callsign, busy.callsign)

    def ranking():
        response = dispatcher.get(f"/api/v1/incidents/{incident['id']}/recommendations")
        assert response.status_code == 200
        return [u for u in response.json()["units"] if u["callsign"] in ours] or None

    # one answer read whole: this hub calls a unit stale 2 s after its last ping
    mine = wait_for(ranking)
    assert [u["callsign"] for u in mine] == [near.callsign, far.callsign]
    entry = mine[0]
    assert entry["eta_s"] > 0 and entry["distance_m"] >= entry["straight_m"] > 0


def test_an_emergency_recommends_the_units_nearest_the_officer(hub):
    dispatcher = hub.user("dispatcher")
    officer, helper = hub.device(), hub.device()
    officer.post("/api/v1/device/pings", json={"pings": [ping(52.8069, -2.1166, 0)]})
    helper.post("/api/v1/device/pings", json={"pings": [ping(52.8080, -2.1170, 0)]})
    emergency = officer.post("/api/v1/device/emergency", json={}).json()
    units = dispatcher.get(f"/api/v1/emergencies/{emergency['id']}/recommendations").json()
    callsigns = [u["callsign"] for u in units["units"]]
    assert callsigns[0] == helper.callsign and officer.callsign not in callsigns
