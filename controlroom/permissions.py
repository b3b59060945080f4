"""What each role may do, in one place: the hub checks it on every request, and the desktop
offers only what the signed-in role may take (an action refused afterwards is a poor desk)."""

from __future__ import annotations

from enum import StrEnum


class Can(StrEnum):
    SEE_OPERATIONS = "see the live picture"  # snapshot, stream, units, incidents, captures
    DISPATCH = "dispatch"  # raise, grade, close incidents; task units; change a unit's status
    MESSAGE_UNITS = "message units"
    END_EMERGENCY = "end an emergency"
    BRIEF = "build and publish briefings"  # the sergeant's pack for a shift
    TRIAGE = "triage captures"
    LINK_ENTITIES = "link entities"  # review suggestions, merge and split records
    READ_RESTRICTED = "read handling code C"
    AUDIT = "read the audit"
    MANAGE_DEVICES = "manage devices"
    MANAGE_USERS = "manage users"


_OPERATIONAL = {Can.SEE_OPERATIONS}
_COMMAND = {Can.DISPATCH, Can.MESSAGE_UNITS, Can.END_EMERGENCY}
GRANTS: dict[str, frozenset[Can]] = {
    "dispatcher": frozenset(_OPERATIONAL | _COMMAND),
    "intelligence": frozenset(_OPERATIONAL | {Can.TRIAGE, Can.LINK_ENTITIES, Can.READ_RESTRICTED}),
    "sergeant": frozenset(_OPERATIONAL | _COMMAND | {Can.BRIEF}),
    "supervisor": frozenset(
        _OPERATIONAL
        | _COMMAND
        | {Can.BRIEF, Can.TRIAGE, Can.LINK_ENTITIES, Can.READ_RESTRICTED}
        | {Can.AUDIT, Can.MANAGE_DEVICES}
    ),
    "admin": frozenset({Can.AUDIT, Can.MANAGE_DEVICES, Can.MANAGE_USERS}),
}


def may(role: str | None, what: Can) -> bool:
    return what in GRANTS.get(role or "", frozenset())


def holders(what: Can) -> tuple[str, ...]:
    """The roles that may ``what``, in the vocabulary's order."""
    return tuple(role for role, grants in GRANTS.items() if what in grants)
