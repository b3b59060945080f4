"""Pings from every request in a writer batch, stored with one statement per table.

The hot path: no savepoint and no per-request statement. A unit moves only to a ping newer
than its current position; the UPDATE's own condition guarantees that in the store, and a cache
of each unit's last-seen time decides which units may have moved. On SQLite this writer is the
only one, so the cache is the truth. On PostgreSQL another hub may have moved the unit further
since the cache learnt it, so the UPDATE returns the units it did move, and only those events
say "moved" (under READ COMMITTED an UPDATE that waited on another hub's row lock checks its
condition again against the row that hub committed).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, text

from controlroom.contract.events import EventType as E
from controlroom.contract.events import UnitPosition
from controlroom.hub.batch import Pending
from controlroom.hub.eventlog import EventRow, event
from controlroom.timeutil import to_iso


class PingJob(Pending):
    __slots__ = ("unit_id", "callsign", "rows", "received")

    def __init__(self, unit_id: int, callsign: str, rows: list[tuple], received: float):
        super().__init__()
        self.unit_id = unit_id
        self.callsign = callsign
        self.rows = rows
        self.received = received


def _placeholders(connection: Connection, count: int) -> str:
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * count)


class PingWriter:
    def __init__(self):
        self.last_seen: dict[int, float | None] = {}

    def write(self, connection: Connection, jobs: Sequence[PingJob]) -> list[EventRow]:
        marks = _placeholders(connection, 9)
        connection.exec_driver_sql(
            "INSERT INTO pings (unit_id, at, lat, lon, accuracy_m, speed_mps, heading_deg, "
            f"battery_pct, received_at) VALUES ({marks})",
            [(job.unit_id, *row, job.received) for job in jobs for row in job.rows],
        )
        newest: dict[int, tuple] = {}
        counts: dict[int, int] = {}
        callsigns: dict[int, str] = {}
        for job in jobs:
            best = max(job.rows, key=lambda row: row[0])
            current = newest.get(job.unit_id)
            if current is None or best[0] > current[0]:
                newest[job.unit_id] = best
            counts[job.unit_id] = counts.get(job.unit_id, 0) + len(job.rows)
            callsigns[job.unit_id] = job.callsign
        self._load_missing(connection, list(newest))
        moved = {
            unit: row
            for unit, row in newest.items()
            if self.last_seen.get(unit) is None or row[0] > self.last_seen[unit]
        }
        if moved and connection.dialect.name == "postgresql":
            moved = _move_returning(connection, moved)
        elif moved:
            marks = _placeholders(connection, 1)
            connection.exec_driver_sql(
                f"UPDATE units SET last_seen = {marks}, lat = {marks}, lon = {marks}, "
                f"accuracy_m = {marks}, speed_mps = {marks}, heading_deg = {marks}, "
                f"battery_pct = {marks}, stale_alerted = FALSE WHERE id = {marks} "
                f"AND (last_seen IS NULL OR last_seen < {marks})",
                [(*row, unit, row[0]) for unit, row in moved.items()],
            )
        events = []
        received = jobs[-1].received
        for unit, count in counts.items():
            payload = UnitPosition(callsign=callsigns[unit], moved=unit in moved, count=count)
            if unit in moved:
                at, payload.lat, payload.lon, *rest = moved[unit]
                payload.last_seen = to_iso(at)
                payload.accuracy_m, payload.speed_mps, payload.heading_deg, payload.battery_pct = (
                    rest
                )
            events.append(event(E.UNIT_POSITION, callsigns[unit], payload, received))
        by_unit = {row.subject: row for row in events}
        for job in jobs:
            # The caller reads the event's seq once the batch has committed.
            job.result = (len(job.rows), by_unit[job.callsign])
        return events

    def committed(self, jobs: Sequence[PingJob]) -> None:
        """Only after the commit does the cache learn the new positions."""
        for job in jobs:
            best = max(row[0] for row in job.rows)
            if best > (self.last_seen.get(job.unit_id) or float("-inf")):
                self.last_seen[job.unit_id] = best

    def forget(self) -> None:
        self.last_seen.clear()

    def _load_missing(self, connection: Connection, units: list[int]) -> None:
        missing = [unit for unit in units if unit not in self.last_seen]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            rows = connection.execute(
                text("SELECT id, last_seen FROM units WHERE id IN :ids").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"ids": chunk},
            )
            for unit, last_seen in rows:
                self.last_seen[unit] = last_seen


def _move_returning(connection: Connection, moved: dict[int, tuple]) -> dict[int, tuple]:
    """Move each unit to its row unless the store already holds a newer one; returns the
    units moved. Units are locked in id order, so two hubs' batches do not deadlock, and with
    the UPDATE's own lock (NO KEY UPDATE), which rows that only refer to a unit (a capture's
    unit_id) do not wait for."""
    units = sorted(moved)
    values = ", ".join(
        ["(%s::bigint, %s::float8, %s::float8, %s::float8, %s::float8, %s::float8, %s::float8,"
         " %s::float8)"] * len(units)
    )  # fmt: skip
    connection.exec_driver_sql(
        "SELECT 1 FROM units WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE", (units,)
    )
    rows = connection.exec_driver_sql(
        "UPDATE units AS u SET last_seen = v.at, lat = v.lat, lon = v.lon, "
        "accuracy_m = v.accuracy_m, speed_mps = v.speed_mps, heading_deg = v.heading_deg, "
        "battery_pct = v.battery_pct, stale_alerted = FALSE FROM (VALUES "
        + values
        + ") AS v (id, at, lat, lon, accuracy_m, speed_mps, heading_deg, battery_pct) "
        "WHERE u.id = v.id AND (u.last_seen IS NULL OR u.last_seen < v.at) RETURNING u.id",
        tuple(value for unit in units for value in (unit, *moved[unit])),
    )
    done = {unit for (unit,) in rows}
    return {unit: row for unit, row in moved.items() if unit in done}
