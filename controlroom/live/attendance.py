"""Attendance targets: how long each grade may wait for a unit, and whether an incident is
overdue. Targets differ by force (and urban from rural), so they come from settings."""

from __future__ import annotations

from dataclasses import dataclass

from controlroom.contract.documents import Incident, Task
from controlroom.timeutil import parse_iso
from controlroom.vocabulary import GRADE

ATTENDING = ("en_route", "on_scene", "completed")  # task states that count as a unit attending
ARRIVED = ("on_scene", "completed")


@dataclass(frozen=True)
class Targets:
    """Minutes to attend, per grade; 0 means no target (scheduled, resolution)."""

    immediate_urban_min: float = 15
    immediate_rural_min: float = 20
    priority_min: float = 60
    scheduled_min: float = 0
    urban_districts: tuple[str, ...] = ("Stoke-on-Trent", "Newcastle-under-Lyme", "Tamworth")

    def minutes(self, grade: str, district: str | None) -> float | None:
        if grade == "immediate":
            urban = district is None or district in self.urban_districts
            return self.immediate_urban_min if urban else self.immediate_rural_min
        value = {"priority": self.priority_min, "scheduled": self.scheduled_min}.get(grade, 0)
        return value or None


def grade_rank(grade: str | None) -> int:
    return GRADE.index(grade)


def raised_epoch(incident: Incident) -> float:
    try:
        return parse_iso(incident.raised_at or "")
    except ValueError:
        return 0.0


def queue_order(incidents: dict[int, Incident]) -> list[int]:
    """Grade first (immediate at the top), then the oldest first within a grade."""
    return sorted(
        incidents,
        key=lambda i: (grade_rank(incidents[i].grade), raised_epoch(incidents[i]), i),
    )


def arrived(incident_id: int, tasks: dict[int, Task]) -> bool:
    return any(t.incident_id == incident_id and t.state in ARRIVED for t in tasks.values())


def overdue(
    incident: Incident, tasks: dict[int, Task], targets: Targets, now: float, district: str | None
) -> bool:
    """Past its attendance target with no unit at scene yet."""
    minutes = targets.minutes(incident.grade, district)
    if minutes is None or arrived(incident.id, tasks):
        return False
    return now - raised_epoch(incident) > minutes * 60
