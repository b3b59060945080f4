"""The app's map follows the View menu's theme in place, and opens where --map-view says."""

from __future__ import annotations

from tests.hubprocess import PASSWORD
from tests.ui.conftest import page_value, run, until
from tests.ui.test_live_app import FAST
from ui.app import DesktopApp

HANLEY = (53.0245, -2.1794, 16.0)


def test_theme_switch_restyles_the_map_without_reloading_it(hub, qtbot, qloop, settings_store):
    username = hub.user("dispatcher").username

    async def scenario():
        desktop = DesktopApp(hub.url, (username, PASSWORD), store=settings_store, map_view=HANLEY)
        window = await desktop.start(FAST)
        view = window.map_view
        await until(lambda: view.is_ready, what="map ready")
        stats = await page_value(view.evaluate, "crBasemap.stats()")
        assert stats["theme"] == "dark" and stats["view"]["zoom"] == 16
        await page_value(view.evaluate, "window.samePage = true")
        loads = []
        view.loadStarted.connect(lambda: loads.append(1))
        window.set_theme("light")
        for _ in range(200):
            stats = await page_value(view.evaluate, "crBasemap.stats()")
            if stats["theme"] == "light":
                break
        assert stats["theme"] == "light"
        assert await page_value(view.evaluate, "window.samePage === true")
        assert not loads
        assert window.settings.theme == "light"
        assert "settings/theme" in settings_store.allKeys()
        assert "settings/map_view" not in settings_store.allKeys()  # for this run only
        await desktop.close()

    run(qtbot, scenario())
