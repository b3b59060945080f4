"""A desk per role: signed in as a role, the window opens that role's layout and menus."""

from __future__ import annotations

from ui.desks.base import Desk
from ui.desks.dispatcher import DispatcherDesk
from ui.desks.intelligence import IntelligenceDesk
from ui.desks.sergeant import SergeantDesk
from ui.desks.supervisor import SupervisorDesk

DESKS: dict[str, type[Desk]] = {
    "dispatcher": DispatcherDesk,
    "intelligence": IntelligenceDesk,
    "sergeant": SergeantDesk,
    "supervisor": SupervisorDesk,
}


def desk_for(role: str) -> type[Desk]:
    """The desk of a role; a role without a desk of its own (none today) gets the dispatcher's."""
    return DESKS.get(role, DispatcherDesk)
