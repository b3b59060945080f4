"""The heat layer on the analyst's map: chosen from the View menu, drawn from the hub's cells
(captures of the last 30 days, code C among them for the cleared; police.uk crimes), fetched
again after a pan, and taken off again."""

from __future__ import annotations

import asyncio
import random

import pytest

from tests.hub.helpers import capture, iso
from tests.hub.test_context_crimes import crime_file, import_crimes, in_month
from tests.hubprocess import PASSWORD
from tests.ui.conftest import page_value, run, until
from tests.ui.test_live_app import FAST
from ui.app import DesktopApp
from ui.components.crime_filter import CrimeFilter, CrimeFilterDialog
from ui.components.heat_feed import _a_view, cell_metres, heat_query

HANLEY = (53.0245, -2.1794, 14.0)
LEEK = (53.1047, -2.0236)


def send(device, lat: float, lon: float, **fields) -> None:
    body = capture(lat=lat, lon=lon, at=iso(-3600), fields=fields)
    assert device.post("/api/v1/device/captures", json=body).status_code == 201


def test_the_heat_layer_appears_for_the_analyst_and_follows_the_map(
    hub, qtbot, qloop, settings_store, tmp_path
):
    device = hub.device()
    for i in range(12):
        send(device, 53.0245 + (i % 4) * 0.0006, -2.1794 + (i // 4) * 0.0009)
    send(device, 53.0245, -2.1794, handling_code="C")  # counted for the analyst
    for i in range(3):
        send(device, LEEK[0], LEEK[1] + i * 0.001)
    crimes = in_month("2019-01", 7, lon=-2.18, lat=53.02)
    assert import_crimes(hub, crime_file(tmp_path, "crimes.csv", crimes)).returncode == 0
    username = hub.user("intelligence").username

    async def heat_state(view):
        return await page_value(view.evaluate, "crLive.heatState()")

    async def scenario():
        desktop = DesktopApp(hub.url, (username, PASSWORD), store=settings_store, map_view=HANLEY)
        window = await desktop.start(FAST)
        view = window.map_view
        await until(lambda: view.is_ready, what="map ready")
        assert (await heat_state(view))["layer"] is None
        acts = window.actions_by_name
        assert acts["heat_off"].isChecked() and acts["heat_captures"].text().startswith("Captures")
        acts["heat_captures"].trigger()
        await until(lambda: window.heat.last is not None, what="cells from the hub")
        state = await heat_state(view)
        for _ in range(100):
            if state["cells"]:
                break
            state = await heat_state(view)
        assert state["layer"] == "captures" and state["visible"]
        assert state["total"] == window.heat.last.total == 13  # the code C one among them
        assert state["painted"] > 50  # coloured bins about the captures
        window.heat.last = None
        view.focus(LEEK[0], LEEK[1], 15)  # a pan: the page asks again for what it shows
        await until(lambda: window.heat.last is not None, what="cells after the pan")
        assert window.heat.last.total == 3
        window.heat.last = None
        acts["heat_crimes"].trigger()
        view.focus(HANLEY[0], HANLEY[1], 14)
        await until(lambda: window.heat.last is not None and window.heat.last.layer == "crimes",
                    what="crime cells")  # fmt: skip
        assert window.heat.last.total == 7
        acts["heat_off"].trigger()
        for _ in range(100):
            if (await heat_state(view))["layer"] is None:
                break
        assert (await heat_state(view))["layer"] is None
        await desktop.close()

    run(qtbot, scenario())


def test_the_query_asks_for_the_view_on_the_earth_in_cells_of_a_few_pixels():
    now = 1_780_000_000.0
    view = {"bbox": [-190.0, -89.0, 190.0, 89.0], "zoom": 2.0}
    query = heat_query("captures", view, now)
    assert query["bbox"] == "-180.00000,-85.00000,180.00000,85.00000"
    assert query["since"] == "2026-04-28T20:26:40.000Z"  # 30 days before 2026-05-28T20:26:40Z
    assert "since" not in heat_query("crimes", view, now)
    assert cell_metres(10, 53.0) == pytest.approx(553, abs=1) and cell_metres(19, 53.0) == 10
    assert cell_metres(0, 0.0) == 100_000
    for hostile in ({"bbox": [1, 2, 3], "zoom": 3}, {"bbox": [1, 2, 3, "x"], "zoom": 3},
                    {"bbox": [1, 2, 3, 4], "zoom": None}, {"bbox": "1,2,3,4", "zoom": 3},
                    {"bbox": [1, 2, 3, float("nan")], "zoom": 3}, {"zoom": 3}):  # fmt: skip
        assert not _a_view(hostile), hostile
    assert _a_view({"bbox": [1, 2, 3, 4.5], "zoom": 3})


def test_an_import_redraws_the_crime_layer_live_and_its_filter_narrows_what_is_drawn(
    hub, qtbot, qloop, settings_store, tmp_path
):
    """A dispatcher's crime layer: a file imported while the desk is open is drawn on the
    event the hub streams (no click); the filter (a crime type, a range of months) chosen in
    its dialog changes what is counted, the same as the hub's list for that filter."""
    year = random.randrange(3000, 9000)  # months of this test's own
    first, second = f"{year}-04", f"{year}-05"
    username = hub.user("dispatcher").username

    async def scenario():
        desktop = DesktopApp(hub.url, (username, PASSWORD), store=settings_store, map_view=HANLEY)
        window = await desktop.start(FAST)
        view, heat, acts = window.map_view, window.heat, window.actions_by_name
        await until(lambda: view.is_ready, what="map ready")
        acts["heat_crimes"].trigger()
        await until(lambda: heat.last is not None and heat.last.layer == "crimes")
        before = heat.last.total
        heat.last = None
        rows = [*in_month(first, 4, lon=-2.18, lat=53.02),
                *in_month(second, 3, lon=-2.18, lat=53.021, kind="Robbery")]  # fmt: skip
        done = await asyncio.to_thread(import_crimes, hub, crime_file(tmp_path, "live.csv", rows))
        assert done.returncode == 0, done.stderr
        state = desktop.session.state
        await until(lambda: state.crimes_imported is not None, what="the import's event")
        await until(lambda: heat.last is not None and heat.last.total == before + 7,
                    what="the layer drawn again on the import's event")  # fmt: skip
        assert state.crimes_imported.file == "live.csv"

        acts["crime_filter"].trigger()
        dialog = window.findChild(CrimeFilterDialog, "crimeFilterDialog")
        await until(lambda: dialog.loaded, what="what the layer holds")
        dialog.kind.setCurrentIndex(dialog.kind.findData("Robbery"))
        dialog.first.setCurrentIndex(dialog.first.findData(first))
        dialog.last.setCurrentIndex(dialog.last.findData(second))
        heat.last = None
        dialog.accept()
        await until(lambda: heat.last is not None, what="the filtered cells")
        assert heat.last.total == 3 and heat.crimes.query() == {
            "type": "Robbery", "month": f"{first}..{second}",
        }  # fmt: skip
        for _ in range(100):  # the legend says what is drawn, once the page has it
            state = await page_value(view.evaluate, "crLive.heatState()")
            if state["total"] == 3:
                break
        assert state["title"].endswith(f"Robbery, {first} to {second}")
        heat.last = None
        heat.choose_crimes(CrimeFilter(None, first, first))
        await until(lambda: heat.last is not None, what="one month's cells")
        assert heat.last.total == 4
        await desktop.close()

    run(qtbot, scenario())
