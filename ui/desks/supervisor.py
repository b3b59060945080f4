"""The supervisor's desk: everything the dispatcher has, since a supervisor may do all of it,
and the captures (code C included) beside it."""

from __future__ import annotations

from ui.desks.dispatcher import DispatcherDesk


class SupervisorDesk(DispatcherDesk):
    name = "supervisor"
    title = "Supervisor"
