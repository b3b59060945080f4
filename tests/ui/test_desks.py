"""Each role gets its own desk: signed in as intelligence, sergeant, supervisor or dispatcher,
the window opens that role's docks and menus, and offers no action the role may not take."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray

from tests.hubprocess import PASSWORD
from tests.ui.conftest import run
from tests.ui.test_live_app import open_app
from ui.app import DesktopApp
from ui.main_window import MAP_AT_LEAST

DISPATCH_ACTIONS = {"raise_incident", "regrade", "close_incident", "unit_status", "message"}
REVIEW_ACTIONS = {"next_review", "open_review", "grade", "send_back", "done_reviewed"}
REVIEW_DOCKS = {"reviewQueueDock", "captureRecordDock", "gradingDock"}
INTEL_DOCKS = {"searchDock", "entityDock", "suggestionsDock"}
INTEL_ACTIONS = {"search", "draw_area", "find_record", "suggestions"}
SEARCH_DOCKS = {"searchDock", "entityDock", "captureDetailDock"}
SEARCH_ACTIONS = {"search", "draw_area", "export_found", "find_record"}
BRIEFING_DOCKS = {"briefingsDock", "briefingPackDock"}
BRIEFING_ACTIONS = {"new_briefing", "save_briefing", "publish_briefing", "briefing_audit"}


def _menus(window) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def _docks(window) -> set[str]:
    return {dock.objectName() for dock in window.desk.docks}


@pytest.mark.parametrize(
    ("role", "menus", "docks"),
    [
        (
            "dispatcher",
            ["File", "Go", "Dispatch", "Briefing", "Search", "View"],
            {"incidentsDock", "dispatchDock", "unitsDock", "tasksDock", "messagesDock"}
            | BRIEFING_DOCKS
            | SEARCH_DOCKS,
        ),
        (
            "intelligence",
            ["File", "Go", "Review", "Intelligence", "View"],
            {*REVIEW_DOCKS, *INTEL_DOCKS, "unitsDock"},
        ),
        (
            "sergeant",
            ["File", "Go", "Dispatch", "Briefing", "Search", "View"],
            {"unitsDock", "tasksDock", "messagesDock", "incidentsDock", "briefingReceiptsDock"}
            | BRIEFING_DOCKS
            | SEARCH_DOCKS,
        ),
        (
            "supervisor",
            ["File", "Go", "Dispatch", "Review", "Intelligence", "Briefing", "View"],
            {"incidentsDock", *REVIEW_DOCKS, *INTEL_DOCKS, "messagesDock", "auditDock"}
            | BRIEFING_DOCKS,
        ),
    ],
)
def test_each_role_opens_its_own_desk(hub, qtbot, qloop, settings_store, role, menus, docks):
    user = hub.user(role)

    async def scenario():
        desktop = await open_app(hub, user.username, settings_store)
        window = desktop.window
        seen = (_menus(window), _docks(window), set(window.actions_by_name))
        title = window.windowTitle()
        await desktop.close()
        return seen, title

    (shown_menus, shown_docks, actions), title = run(qtbot, scenario())
    assert shown_menus == menus
    assert docks <= shown_docks
    assert title.startswith("Control Room — ")
    if role == "intelligence":
        assert not actions & DISPATCH_ACTIONS  # not offered, rather than refused afterwards
        assert "incidentsDock" not in shown_docks and "messagesDock" not in shown_docks
    else:
        assert actions >= DISPATCH_ACTIONS
    if role in ("intelligence", "supervisor"):  # the roles that may triage captures
        assert actions >= REVIEW_ACTIONS | INTEL_ACTIONS
    else:  # a dispatcher or a sergeant has no review queue, grading or exhibits, but searches
        assert not actions & REVIEW_ACTIONS and not shown_docks & REVIEW_DOCKS
        assert actions >= SEARCH_ACTIONS and "suggestions" not in actions
        assert "suggestionsDock" not in shown_docks
    assert ("auditDock" in shown_docks) == (role == "supervisor")  # the audit: supervisors
    builds = role in ("sergeant", "supervisor")  # a dispatcher reads the briefings
    assert (actions >= BRIEFING_ACTIONS) == builds and bool(actions & BRIEFING_ACTIONS) == builds
    assert ("briefingReceiptsDock" in shown_docks) == builds
    assert {"acknowledge", "focus_map", "settings"} <= actions  # every desk alarms and maps


def test_each_desk_remembers_its_own_layout(hub, qtbot, qloop, settings_store):
    analyst = hub.user("intelligence")

    async def scenario():
        desktop = await open_app(hub, analyst.username, settings_store)
        desktop.window.desk.units.hide()
        await desktop.close()

    run(qtbot, scenario())
    settings_store.sync()
    assert settings_store.value("layout/main/intelligence/state") is not None
    assert settings_store.value("layout/main/dispatcher/state") is None


def test_a_layout_saved_by_a_desk_with_other_docks_is_not_applied(
    hub, qtbot, qloop, settings_store
):
    """A layout remembered from an earlier version of a desk (other docks) would mix the two:
    the desk opens in its own layout instead, and a layout of its own docks is still kept."""
    supervisor = hub.user("supervisor")

    async def opened(change):
        desktop = await open_app(hub, supervisor.username, settings_store)
        seen = change(desktop.window)
        await desktop.close()
        return seen

    def hide_units(window):
        window.desk.units.hide()

    def units_shown(window):
        return window.desk.units.isVisible(), window.map_panel.width()

    run(qtbot, opened(hide_units))
    settings_store.sync()
    assert run(qtbot, opened(units_shown))[0] is False  # its own layout is remembered
    run(qtbot, opened(hide_units))
    settings_store.sync()
    # The same saved state, as though another version of the desk had saved it:
    key = "layout/main/supervisor/state"
    state = bytes(settings_store.value(key).data())
    other = (int.from_bytes(state[4:8], "big") ^ 1).to_bytes(4, "big")  # QMainWindow's version
    settings_store.setValue(key, QByteArray(state[:4] + other + state[8:]))
    shown, map_width = run(qtbot, opened(units_shown))
    assert shown is True and map_width >= MAP_AT_LEAST[0]


def test_an_administrator_is_told_the_desktop_is_not_for_them(
    hub, qtbot, qloop, settings_store, capsys
):
    admin = hub.user("admin")

    async def scenario():
        desktop = DesktopApp(hub.url, (admin.username, PASSWORD), store=settings_store)
        return await desktop.main(quit_after=0.1)

    assert run(qtbot, scenario()) == 2
    said = capsys.readouterr().err
    assert "administrator" in said and "controlroom admin" in said


def test_an_unattended_run_without_a_sign_in_says_so(hub, qtbot, qloop, settings_store, capsys):
    async def scenario():
        return await DesktopApp(hub.url, None, store=settings_store).main(quit_after=0.1)

    assert run(qtbot, scenario()) == 2
    assert "CONTROLROOM_USERNAME" in capsys.readouterr().err
