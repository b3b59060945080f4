"""Menus and keyboard shortcuts: everything a dispatcher does often has a key."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence


def _action(window, text: str, shortcut: str | QKeySequence.StandardKey | None, slot) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    window.addAction(action)  # shortcuts work even when the menu bar is hidden
    return action


def install_actions(window) -> dict[str, QAction]:
    """Build the menu bar for ``window`` (a MainWindow); returns the actions by name."""
    acts = {
        "find_unit": _action(window, "&Find a unit…", "Ctrl+F", window.units_dock.find),
        "focus_map": _action(window, "Focus the &map", "Ctrl+M", window.map_panel.focus_map),
        "next_capture": _action(
            window, "&Next new capture", "Ctrl+Shift+N", window.captures_dock.next_new
        ),
        "detach_map": _action(
            window,
            "&Detach map to its own window",
            "Ctrl+Shift+M",
            window.map_panel.toggle_detached,
        ),
        "reset_layout": _action(window, "&Reset layout", None, window.reset_layout),
        "quit": _action(window, "&Quit", "Ctrl+Q", window.close),
    }
    acts["detach_map"].setCheckable(True)
    window.map_panel.detached_changed.connect(acts["detach_map"].setChecked)
    themes = QActionGroup(window)
    for name in ("dark", "light"):
        act = _action(
            window, f"{name.capitalize()} theme", None, lambda _=False, n=name: window.set_theme(n)
        )
        act.setCheckable(True)
        act.setChecked(window.settings.theme == name)
        themes.addAction(act)
        acts[f"theme_{name}"] = act
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(acts["quit"])
    go = bar.addMenu("&Go")
    for name in ("find_unit", "focus_map", "next_capture"):
        go.addAction(acts[name])
    view = bar.addMenu("&View")
    for dock in window.docks():
        view.addAction(dock.toggleViewAction())
    view.addSeparator()
    view.addAction(acts["detach_map"])
    view.addAction(acts["reset_layout"])
    view.addSeparator()
    view.addAction(acts["theme_dark"])
    view.addAction(acts["theme_light"])
    return acts
