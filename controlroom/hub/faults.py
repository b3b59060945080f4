"""Test-only fault points in the writer, off unless CONTROLROOM_TEST_FAULTS names them.

Tests start a hub with, for example, `CONTROLROOM_TEST_FAULTS=crash@rows:5` to kill the process
the fifth time a batch has written its rows but not yet its events. Specs, comma-separated:

- `crash@POINT:N`    SIGKILL this process the N-th time the writer reaches POINT;
- `raise@POINT:TEXT` raise RuntimeError at POINT in a batch holding an event whose payload
                     contains TEXT (`integrity@...` raises a SQLAlchemy IntegrityError instead);
- `gate@POINT:PATH`  hold a batch holding an event that mentions PATH's file name while the file
                     PATH exists (at most 30 s), with PATH.held there meanwhile.

Points: `begin` (before the transaction), `rows` (jobs applied, events and audit records not
yet written), `commit` (everything written, not committed), `committed` (committed, nobody
answered); and outside the writer, `blob` (an upload's bytes half written to the database
store, not committed). Without the variable every point is one falsy check.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from controlroom.hub.eventlog import EventRow

ENV = "CONTROLROOM_TEST_FAULTS"
GATE_LIMIT_S = 30.0


class InjectedFault(RuntimeError):
    """Raised by a `raise@` fault point."""


@dataclass
class Fault:
    action: str
    point: str
    argument: str
    reached: int = 0


def _parse(spec: str) -> list[Fault]:
    faults = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        action, _, rest = part.partition("@")
        point, _, argument = rest.partition(":")
        faults.append(Fault(action, point, argument))
    return faults


FAULTS = _parse(os.environ.get(ENV, ""))


def reach(point: str, events: Sequence[EventRow] = ()) -> None:
    """The writer is at `point` with these events staged; act on any fault set for it."""
    if not FAULTS:
        return
    for fault in FAULTS:
        if fault.point == point:
            _act(fault, events)


def _act(fault: Fault, events: Sequence[EventRow]) -> None:
    if fault.action == "crash":
        fault.reached += 1
        if fault.reached >= int(fault.argument):
            os.kill(os.getpid(), signal.SIGKILL)
    elif fault.action in ("raise", "integrity"):
        if any(fault.argument in row.payload for row in events):
            if fault.action == "raise":
                raise InjectedFault(f"fault injected at {fault.point}")
            raise IntegrityError("injected", None, InjectedFault(f"fault at {fault.point}"))
    elif fault.action == "gate":
        gate = Path(fault.argument)
        if any(gate.name in row.payload for row in events):
            _hold(gate)


def _hold(gate: Path) -> None:
    held = gate.with_name(gate.name + ".held")
    held.touch()
    deadline = time.monotonic() + GATE_LIMIT_S
    while gate.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    held.unlink()
