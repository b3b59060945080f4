"""Typed settings, declared in one place. User settings live apart from window geometry."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from controlroom.live.attendance import Targets
from maps.page import RESOURCES, MapSettings

DEFAULT_HUB = "http://127.0.0.1:8740"


@dataclass
class AppSettings:
    hub_url: str = DEFAULT_HUB
    last_username: str = ""
    theme: str = "dark"  # "dark" for a dim control room, or "light"
    stale_after_s: float = 120.0
    # "" the bundled street map; a .pmtiles, an XYZ URL template, an .mbtiles, or "outline"
    basemap: str = ""
    geodata_dir: str = str(RESOURCES / "geodata")
    # Attendance targets (minutes) per grade; forces differ, so they are settings.
    target_immediate_urban_min: float = 15.0
    target_immediate_rural_min: float = 20.0
    target_priority_min: float = 60.0
    target_scheduled_min: float = 0.0  # 0: no target
    urban_districts: str = "Stoke-on-Trent, Newcastle-under-Lyme, Tamworth"
    alarm_sound: bool = True
    # Where the map opens (lat, lon, zoom), from --map-view: for this run only, never saved.
    map_view: tuple[float, float, float] | None = field(default=None, metadata={"transient": True})

    @classmethod
    def load(cls, store: QSettings) -> AppSettings:
        values: dict[str, Any] = {}
        for f in _saved(cls):
            raw = store.value(f"settings/{f.name}")
            if raw is not None:
                kind = type(getattr(cls, f.name))
                values[f.name] = str(raw).lower() in ("true", "1") if kind is bool else kind(raw)
        settings = cls(**values)
        settings.geodata_dir = os.environ.get("CONTROLROOM_GEODATA", settings.geodata_dir)
        settings.basemap = os.environ.get("CONTROLROOM_BASEMAP", settings.basemap)
        return settings

    def save(self, store: QSettings) -> None:
        for f in _saved(self):
            store.setValue(f"settings/{f.name}", getattr(self, f.name))

    def targets(self) -> Targets:
        districts = tuple(d.strip() for d in self.urban_districts.split(",") if d.strip())
        return Targets(
            self.target_immediate_urban_min,
            self.target_immediate_rural_min,
            self.target_priority_min,
            self.target_scheduled_min,
            districts,
        )

    def map_settings(self) -> MapSettings:
        return MapSettings(
            basemap=self.basemap,
            geodata_dir=Path(self.geodata_dir),
            theme="light" if self.theme == "light" else "dark",
            view=self.map_view,
        )


def _saved(settings) -> list:
    """The settings that are stored (not those given for one run)."""
    return [f for f in fields(settings) if not f.metadata.get("transient")]


class WindowLayout:
    """Window geometry and dock layout, kept apart from the user's settings."""

    def __init__(self, store: QSettings):
        self.store = store

    def restore(self, window, key: str = "main", version: int = 0) -> bool:
        """The window's remembered geometry and docks. A dock layout saved under another
        `version` (a desk whose docks have changed since) is not applied: the desk's own
        layout stands rather than a mixture of the two."""
        geometry = self.store.value(f"layout/{key}/geometry")
        state = self.store.value(f"layout/{key}/state")
        done = isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and hasattr(window, "restoreState"):
            window.restoreState(state, version)
        return bool(done)

    def save(self, window, key: str = "main", version: int = 0) -> None:
        self.store.setValue(f"layout/{key}/geometry", window.saveGeometry())
        if hasattr(window, "saveState"):
            self.store.setValue(f"layout/{key}/state", window.saveState(version))
