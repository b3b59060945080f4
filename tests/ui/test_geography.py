"""Places in the desktop, against a real hub: the raise-incident dialog completes from the
hub's gazetteer, the map's search box flies to a place, a click on the map and a selected unit
are named ("on or near ..."), and an assigned unit's route is drawn with its ETA."""

from __future__ import annotations

import asyncio

from controlroom.geo.geometry import haversine_m
from tests.hub.helpers import ping
from tests.ui.conftest import page_value, run, until
from tests.ui.test_live_app import open_app

PICCADILLY = (53.02519, -2.17679)
LEEK_ROAD = (53.0236, -2.1562)


async def _geo_state(window, wanted, what: str, timeout: float = 30.0) -> dict:
    """The page's geography layers, once they show what is wanted."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        geo = await page_value(window.map_view.evaluate, "crLive.geoState()")
        if wanted(geo):
            return geo
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{what} not seen in time: {geo}")
        await asyncio.sleep(0.1)


def test_places_are_found_named_and_routed(hub, qtbot, qloop, settings_store):
    username = hub.user("dispatcher").username
    car = hub.device(mode="vehicle")

    async def scenario():
        desktop = await open_app(hub, username, settings_store)
        window, state = desktop.window, desktop.session.state
        car.post("/api/v1/device/pings", json={"pings": [ping(lat=53.0185, lon=-2.1929)]})
        await until(lambda: car.callsign in state.units, what="unit")

        # the raise-incident dialog completes "Picadilly hanley" (a slip) from the hub
        window.actions_by_name["raise_incident"].trigger()
        dialog = window.desk.kit.commands.raise_dialog
        dialog.summary.setText("Shoplifter detained by security")
        dialog.location.setFocus()
        dialog.location.setText("Picadilly hanley")
        dialog.location.textEdited.emit("Picadilly hanley")
        places = dialog.places
        await until(lambda: places.model.rowCount() > 0, what="completions")
        assert places.model.stringList()[0] == "Piccadilly, Hanley"
        assert places.choose("Piccadilly, Hanley")
        assert haversine_m(*dialog.place, *PICCADILLY) < 300
        dialog.accept()
        await until(lambda: state.incidents, what="incident raised")
        (incident,) = state.incidents.values()
        assert incident.location_text == "Piccadilly, Hanley"

        # a click on the map is named, and so is a selected unit
        window.map_view.bridge.map_clicked.emit(*LEEK_ROAD)
        bar = window.map_bar
        await until(lambda: "Leek Road, Hanley" in bar.where.text(), what="click named")
        window.desk.units.unit_selected.emit(car.callsign)
        await until(
            lambda: bar.where.text().startswith(f"{car.callsign}: on or near "), what="unit"
        )

        # the search box flies the map to a place and pins it
        bar.search.setFocus()
        bar.search.setText("royal stoke")
        bar.search.returnPressed.emit()
        await until(lambda: bar.search.text().startswith("Royal Stoke"), what="found")
        geo = await _geo_state(window, lambda g: g["place"], "place pinned")
        assert geo["place"] == 1

        # assigned, the unit's route is drawn with its ETA
        await window.session.client.assign(incident.id, car.callsign)
        geo = await _geo_state(window, lambda g: g["routes"], "route drawn")
        (route,) = geo["routes"]
        assert route["callsign"] == car.callsign and route["points"] > 5 and route["eta_s"] > 0
        await desktop.close()

    run(qtbot, scenario())
