"""The desktop app against a real hub on loopback: markers move, captures arrive, attachments
are verified, and a hub restart costs nothing."""

from __future__ import annotations

import asyncio
import hashlib

from controlroom.live.session import Connection
from tests.hub.helpers import capture, ping
from tests.hubprocess import PASSWORD
from tests.ui.conftest import page_value, run, until
from ui.app import DesktopApp
from ui.models.captures import UnseenRole

FAST = {"backoff_initial_s": 0.1, "backoff_max_s": 0.5, "offline_after_s": 1.0}


async def open_app(hub, username, store) -> DesktopApp:
    desktop = DesktopApp(hub.url, (username, PASSWORD), store=store)
    window = await desktop.start(FAST)
    await until(lambda: desktop.session.connection is Connection.LIVE, what="live")
    await until(lambda: window.map_view.is_ready, what="map ready")
    return desktop


async def marker(view, callsign):
    return await page_value(view.unit_position, callsign)


async def marker_at(view, callsign, lat):
    for _ in range(500):
        where = await marker(view, callsign)
        if where and where["lat"] == lat:
            return where
        await asyncio.sleep(0.05)
    raise AssertionError(f"{callsign} marker never reached {lat}")


def test_ping_capture_and_restart(fresh_hub, qtbot, qloop, settings_store):
    hub = fresh_hub
    username, device = hub.user("dispatcher").username, hub.device()
    device.post("/api/v1/device/pings", json={"pings": [ping(lat=53.0)]})

    async def scenario():
        desktop = await open_app(hub, username, settings_store)
        window, cs = desktop.window, device.callsign
        view, feed = window.map_view, window.desk.captures.model
        await marker_at(view, cs, 53.0)

        device.post("/api/v1/device/pings", json={"pings": [ping(lat=53.05)]})
        await marker_at(view, cs, 53.05)

        made = capture(kind="intelligence")
        assert device.post("/api/v1/device/captures", json=made).status_code in (200, 201)
        await until(lambda: feed.row_of(made["id"]) == 0, what="capture in feed")
        assert feed.index(0, 0).data(UnseenRole) is True
        assert "1 new" in window.desk.captures.windowTitle()

        # clicking a marker selects its row
        view.evaluate(f"crLive.unitMarker('{cs}').fire('click', {{}}, true) && true")
        await until(lambda: window.desk.units.table.current_key() == cs, what="row selected")
        await until(lambda: window.feed.track, what="track loaded")
        for _ in range(200):  # the selected unit's track is drawn
            if (await page_value(view.query, {}))["track"] >= 2:
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("track not drawn")

        # keyboard: next new capture opens it, and it is no longer new
        window.actions_by_name["next_capture"].trigger()
        assert window.desk.captures.table.current_key() == made["id"]
        assert made["id"] not in desktop.session.state.unseen
        window.actions_by_name["find_unit"].trigger()
        # the map detaches to a window of its own and comes back
        window.map_panel.detach()
        assert view.window() is window.map_panel.window_
        window.map_panel.attach()
        assert view.window() is window

        await asyncio.to_thread(hub.stop)
        await until(lambda: desktop.session.connection is not Connection.LIVE, what="drop")
        window._tick()
        assert (
            "RECONNECTING" in window.status.badge.text() or "OFFLINE" in window.status.badge.text()
        )
        assert window.desk.units.model.rowCount() == 1  # the last known picture stays
        await asyncio.to_thread(hub.start)
        later = capture(kind="stop_search")
        device.post("/api/v1/device/captures", json=later)
        device.post("/api/v1/device/pings", json={"pings": [ping(lat=53.07)]})
        await marker_at(view, cs, 53.07)
        await until(lambda: feed.row_of(later["id"]) == 0, what="capture after restart")
        assert desktop.session.connects == 2

        # the emergency button: the marker turns red and the status bar says who
        assert device.post("/api/v1/device/emergency", json={}).status_code in (200, 201)
        for _ in range(200):
            if (await marker(view, cs) or {}).get("emergency"):
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("emergency not shown on the map")
        window._tick()
        assert window.status.alarm.text() == f"EMERGENCY: {cs}"
        assert desktop.session.state.seq == (await desktop.client.snapshot()).seq
        await desktop.close()

    run(qtbot, scenario())


def test_attachment_hash_is_checked_on_open(hub, qtbot, qloop, settings_store):
    """The captures feed and its detail (the dispatcher's desk; the intelligence desk checks
    its exhibits in the evidence viewer, tests/ui/test_review_evidence.py)."""
    from tests.hub.stored_blobs import alter
    from tests.maps.map_helpers import png

    username, device = hub.user("dispatcher").username, hub.device()
    good, bad = capture(kind="evidence"), capture(kind="evidence")
    image = png(64)
    digest = hashlib.sha256(image).hexdigest()
    for made, name in ((good, "scene.png"), (bad, "tampered.png")):
        device.post("/api/v1/device/captures", json=made)
        content = image if made is good else png(65)
        response = device.put(
            f"/api/v1/device/captures/{made['id']}/attachments/{name}",
            content=content,
            headers={
                "X-Content-SHA256": hashlib.sha256(content).hexdigest(),
                "Content-Type": "image/png",
            },
        )
        assert response.status_code in (200, 201), response.text
    tampered_digest = hashlib.sha256(png(65)).hexdigest()
    alter(hub, tampered_digest, b"changed after capture")  # in whichever store the hub keeps

    async def scenario():
        desktop = await open_app(hub, username, settings_store)
        window = desktop.window
        detail = window.desk.detail
        await until(lambda: window.desk.captures.select(good["id"]), what="good selected")
        await until(lambda: detail.attachments.verdict("scene.png") is True, what="verified")
        assert digest in detail.attachments.index(0).data(3)  # tooltip names the hash
        assert good["id"] not in desktop.session.state.unseen
        window.desk.captures.select(bad["id"])
        await until(lambda: detail.attachments.verdict("tampered.png") is False, what="FAILED")
        assert "FAILED" in detail.attachments.index(0).data()
        await desktop.close()

    run(qtbot, scenario())
