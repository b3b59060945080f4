"""The hub's live picture of every unit, kept from the event log, for recommendations.

Each hub process keeps its own from the stream it serves, so answering "who is nearest" never
reads the whole units table.
"""

from __future__ import annotations

import orjson
from sqlalchemy import Engine, select

from controlroom.contract.events import EventType as E
from controlroom.hub.eventlog import EventRow
from controlroom.recommend import Unit
from controlroom.store.schema import Unit as UnitRow
from controlroom.timeutil import parse_iso

UNITS = UnitRow.__table__


class UnitBoard:
    def __init__(self):
        self._units: dict[str, Unit] = {}

    def load(self, engine: Engine) -> None:
        with engine.connect() as connection:
            rows = connection.execute(
                select(
                    UNITS.c.callsign,
                    UNITS.c.status,
                    UNITS.c.mode,
                    UNITS.c.lat,
                    UNITS.c.lon,
                    UNITS.c.last_seen,
                )
            )
            self._units = {r.callsign: Unit(*r) for r in rows}

    def units(self) -> list[Unit]:
        return list(self._units.values())

    def get(self, callsign: str) -> Unit | None:
        return self._units.get(callsign)

    def apply(self, row: EventRow) -> None:
        if row.type not in (E.UNIT_CREATED, E.UNIT_POSITION, E.UNIT_STATUS):
            return
        payload = orjson.loads(row.payload)
        callsign = payload["callsign"]
        unit = self._units.get(callsign) or Unit(callsign, "available", "foot", None, None, None)
        if row.type == E.UNIT_CREATED:
            unit = Unit(
                callsign, payload["status"], payload["mode"], unit.lat, unit.lon, unit.last_seen
            )
        elif row.type == E.UNIT_STATUS:
            unit = Unit(callsign, payload["status"], unit.mode, unit.lat, unit.lon, unit.last_seen)
        elif payload.get("moved"):
            seen = parse_iso(payload["last_seen"])
            if unit.last_seen is None or seen > unit.last_seen:
                unit = Unit(callsign, unit.status, unit.mode, payload["lat"], payload["lon"], seen)
        self._units[callsign] = unit
