"""The actions every desk shares: the File and View menus, the map, themes, finding a unit,
acknowledging an emergency. Each desk adds its own menus between Go and View."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar, QWidget

Slot = Callable[[], object]


def action(
    owner: QWidget, text: str, shortcut: str | QKeySequence.StandardKey | None, slot: Slot
) -> QAction:
    """An action on ``owner``, whose key works even while the menu bar is hidden."""
    act = QAction(text, owner)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    act.triggered.connect(lambda _checked=False: slot())  # the slot is called with nothing
    owner.addAction(act)
    return act


def install_file_menu(
    owner: QWidget, bar: QMenuBar, settings: Slot, quit_: Slot
) -> dict[str, QAction]:
    acts = {
        "settings": action(owner, "&Settings…", "Ctrl+,", settings),
        "quit": action(owner, "&Quit", "Ctrl+Q", quit_),
    }
    menu = bar.addMenu("&File")
    menu.addAction(acts["settings"])
    menu.addSeparator()
    menu.addAction(acts["quit"])
    return acts


Entry = tuple[str, str, str | None, Slot]  # name, text, key, slot


def install_menu(
    owner: QWidget, bar: QMenuBar, title: str, entries: list[Entry], after: tuple[str, ...] = ()
) -> dict[str, QAction]:
    """A desk's menu of (name, text, key, slot), a separator after each entry named in
    ``after``."""
    menu = bar.addMenu(title)
    acts: dict[str, QAction] = {}
    for name, text, key, slot in entries:
        acts[name] = action(owner, text, key, slot)
        menu.addAction(acts[name])
        if name in after:
            menu.addSeparator()
    return acts


def install_go_menu(
    owner: QWidget, bar: QMenuBar, entries: list[tuple[str, str, str, Slot]]
) -> tuple[QMenu, dict[str, QAction]]:
    """The Go menu: (name, text, key, slot) for each way to move around the desk."""
    menu = bar.addMenu("&Go")
    acts = {}
    for name, text, key, slot in entries:
        acts[name] = action(owner, text, key, slot)
        menu.addAction(acts[name])
    return menu, acts


def install_view_menu(
    owner: QWidget,
    bar: QMenuBar,
    docks: list[QDockWidget],
    detach_map: Slot,
    reset_layout: Slot,
    set_theme: Callable[[str], None],
    theme: str,
) -> dict[str, QAction]:
    acts = {
        "detach_map": action(owner, "&Detach map to its own window", "Ctrl+Shift+M", detach_map),
        "reset_layout": action(owner, "&Reset layout", None, reset_layout),
    }
    acts["detach_map"].setCheckable(True)
    themes = QActionGroup(owner)
    for name in ("dark", "light"):
        act = action(owner, f"{name.capitalize()} theme", None, partial(set_theme, name))
        act.setCheckable(True)
        act.setChecked(theme == name)
        themes.addAction(act)
        acts[f"theme_{name}"] = act
    view = bar.addMenu("&View")
    for dock in docks:
        view.addAction(dock.toggleViewAction())
    view.addSeparator()
    view.addAction(acts["detach_map"])
    view.addAction(acts["reset_layout"])
    view.addSeparator()
    view.addAction(acts["theme_dark"])
    view.addAction(acts["theme_light"])
    return acts
