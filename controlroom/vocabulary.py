"""The domain's words, in one place: the hub validates against them and the app labels them."""

from __future__ import annotations

UNIT_STATUSES = {
    "available": "On patrol",
    "assigned": "Assigned",
    "en_route": "En route",
    "on_scene": "At scene",
    "committed_deployable": "Committed, deployable",
    "unavailable": "Committed, not deployable",
    "refreshment": "Refreshments",
    "off_duty": "Off duty",
}
# Units a dispatcher may send to something new; "committed, deployable" can be pulled off a task.
DEPLOYABLE = ("available", "committed_deployable")
# Units whose going quiet must alert every workstation, not just fade.
COMMITTED_TO_INCIDENT = ("en_route", "on_scene")

GRADES = {
    "immediate": "Immediate",
    "priority": "Priority",
    "scheduled": "Scheduled",
    "resolution": "Resolution without deployment",
}
THRIVE = ("threat", "harm", "risk", "investigation", "vulnerability", "engagement")

CAPTURE_KINDS = (
    "stop_search",
    "intelligence",
    "incident_report",
    "witness_statement",
    "vehicle_check",
    "person_check",
    "evidence",
    "note",
)
TRIAGE_STATUSES = ("new", "reviewed", "actioned", "no_further_action")

TASK_ORDER = ("sent", "acknowledged", "en_route", "on_scene", "completed")
TASK_ENDS = ("completed", "declined", "cancelled")

EMERGENCY_STATUSES = ("raised", "acknowledged", "ended")
