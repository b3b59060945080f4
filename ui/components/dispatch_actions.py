"""The dispatcher's keys: raise, re-grade, close, next incident, recommendations, assign,
acknowledge an emergency; unit and task actions on their tables' context menus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from ui.components.actions import _action
from ui.components.emergency import ACK_KEYS


def _table_action(table, text: str, shortcut: str, slot) -> QAction:
    """An action on a FilterTable: in its context menu, with a key while the table or its
    filter box has focus."""
    action = QAction(text, table)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    table.addAction(action)
    table.view.addAction(action)
    table.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return action


def install_dispatch_actions(window) -> dict[str, QAction]:
    desk, queue = window.desk, window.incidents_dock
    acts = {
        "raise_incident": _action(window, "&Raise incident…", "Ctrl+N", desk.raise_incident),
        "regrade": _action(
            window, "Re-&grade incident…", "Ctrl+G", lambda: desk.regrade(queue.current())
        ),
        "close_incident": _action(
            window, "&Close incident…", "Ctrl+Shift+X", lambda: desk.close_incident(queue.current())
        ),
        "incident_queue": _action(window, "&Incident queue", "Ctrl+I", queue.focus),
        "next_incident": _action(window, "Ne&xt incident", "F8", queue.next_incident),
        "recommendations": _action(
            window, "Recommended &units", "Ctrl+D", window.dispatch_dock.focus
        ),
        "acknowledge": _action(
            window, "&Acknowledge emergency", ACK_KEYS, lambda: window.alarm.acknowledge()
        ),
        "settings": _action(window, "&Settings…", "Ctrl+,", window.edit_settings),
    }
    units = window.units_dock.table
    acts["unit_status"] = _table_action(
        units, "Change &status…", "Ctrl+U", lambda: desk.change_status(units.current_key())
    )
    acts["message"] = _table_action(
        units, "Send &message…", "Ctrl+T", lambda: desk.message(units.current_key())
    )
    tasks = window.tasks_dock.table
    acts["cancel_task"] = _table_action(
        tasks, "&Cancel task", "Delete", lambda: desk.cancel_task(tasks.current_key())
    )
    acts["reassign_task"] = _table_action(
        tasks, "&Reassign…", "Ctrl+Shift+R", lambda: desk.reassign_task(tasks.current_key())
    )
    menu = window.menuBar().addMenu("&Dispatch")
    for name in (
        "raise_incident",
        "regrade",
        "close_incident",
        None,
        "incident_queue",
        "next_incident",
        "recommendations",
        None,
        "unit_status",
        "message",
        "cancel_task",
        "reassign_task",
        None,
        "acknowledge",
    ):
        menu.addSeparator() if name is None else menu.addAction(acts[name])
    window.menuBar().actions()[0].menu().insertAction(
        window.menuBar().actions()[0].menu().actions()[0], acts["settings"]
    )
    return acts
