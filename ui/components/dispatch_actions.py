"""The dispatcher's keys: raise, re-grade, close, next incident, recommendations, assign, end
an emergency; unit and task actions on their tables' context menus."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget

from ui.components.actions import action
from ui.components.dispatch_commands import DispatchCommands
from ui.components.dispatch_dock import DispatchDock
from ui.components.incidents_dock import IncidentsDock
from ui.widgets.filter_table import FilterTable


def table_action(table: FilterTable, text: str, shortcut: str, slot: Callable[[], None]) -> QAction:
    """An action on a FilterTable: in its context menu, with a key while the table or its
    filter box has focus."""
    act = QAction(text, table)
    act.setShortcut(QKeySequence(shortcut))
    act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    act.triggered.connect(lambda _checked=False: slot())
    table.addAction(act)
    table.view.addAction(act)
    table.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return act


def install_dispatch_actions(
    owner: QWidget,
    bar: QMenuBar,
    commands: DispatchCommands,
    queue: IncidentsDock,
    dispatch_dock: DispatchDock,
    units: FilterTable,
    tasks: FilterTable,
) -> dict[str, QAction]:
    acts = {
        "raise_incident": action(owner, "&Raise incident…", "Ctrl+N", commands.raise_incident),
        "regrade": action(
            owner, "Re-&grade incident…", "Ctrl+G", lambda: commands.regrade(queue.current())
        ),
        "close_incident": action(
            owner,
            "&Close incident…",
            "Ctrl+Shift+X",
            lambda: commands.close_incident(queue.current()),
        ),
        "incident_queue": action(owner, "&Incident queue", "Ctrl+I", queue.focus),
        "next_incident": action(owner, "Ne&xt incident", "F8", queue.next_incident),
        "recommendations": action(owner, "Recommended &units", "Ctrl+D", dispatch_dock.focus),
        "end_emergency": action(
            owner, "&End an emergency…", "Ctrl+Shift+E", commands.end_emergency
        ),
    }
    acts["unit_status"] = table_action(
        units, "Change &status…", "Ctrl+U", lambda: commands.change_status(units.current_key())
    )
    acts["message"] = table_action(
        units, "Send &message…", "Ctrl+T", lambda: commands.message(units.current_key())
    )
    acts["cancel_task"] = table_action(
        tasks, "&Cancel task", "Delete", lambda: commands.cancel_task(tasks.current_key())
    )
    acts["reassign_task"] = table_action(
        tasks, "&Reassign…", "Ctrl+Shift+R", lambda: commands.reassign_task(tasks.current_key())
    )
    menu = bar.addMenu("&Dispatch")
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
        "end_emergency",
    ):
        menu.addSeparator() if name is None else menu.addAction(acts[name])
    return acts
