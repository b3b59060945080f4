"""The event types are one contract: every type the hub can emit is handled by the client it is
for, and nothing is handled that the hub never emits. Read from the code itself, so a new
``tx.emit`` without a handler (or a handler for a misspelt type) fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from controlroom.contract.events import AUDIENCE, PAYLOADS, Audience, EventType
from controlroom.hub.eventlog import event
from controlroom.live.state import HANDLED as DESKTOP_HANDLES
from controlroom.sim.runner import DEVICE_HANDLERS

HUB = Path(__file__).resolve().parents[2] / "controlroom" / "hub"
NAMES = {"E", "EventType"}


def _references() -> tuple[set[EventType], set[EventType]]:
    """(emitted, compared): EventType members the hub's code names, split by whether they are
    tested against (``row.type == E.X``: the hub acts on it) or used to make an event."""
    emitted: set[EventType] = set()
    compared: set[EventType] = set()
    for path in HUB.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_compare = {
            id(node)
            for compare in ast.walk(tree)
            if isinstance(compare, ast.Compare)
            for node in ast.walk(compare)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in NAMES
                and node.attr in EventType.__members__
            ):
                kind = EventType[node.attr]
                (compared if id(node) in in_compare else emitted).add(kind)
    return emitted, compared


EMITTED, COMPARED = _references()


@pytest.mark.parametrize("kind", list(EventType), ids=str)
def test_every_event_type_is_emitted_and_handled_by_its_audience(kind):
    audience = AUDIENCE[kind]
    assert kind in EMITTED, f"{kind} is in the contract but the hub never emits it"
    if audience in (Audience.CONTROL_ROOM, Audience.BOTH, Audience.UNCLEARED):
        assert kind in DESKTOP_HANDLES, f"the hub emits {kind} and no workstation handles it"
    if audience in (Audience.DEVICE, Audience.BOTH):
        assert kind in DEVICE_HANDLERS, f"the hub sends {kind} to devices; no device handles it"
    if audience is Audience.HUB:
        assert kind in COMPARED, f"{kind} is for the hub, and no hub code acts on it"


def test_nothing_is_handled_that_nobody_emits():
    assert set(DESKTOP_HANDLES) <= EMITTED
    assert set(DEVICE_HANDLERS) <= EMITTED
    assert set(PAYLOADS) == set(EventType) == set(AUDIENCE)


def test_an_event_must_carry_the_document_its_type_declares():
    from controlroom.contract.events import UnitGroup

    with pytest.raises(TypeError, match="carries Unit"):
        event(EventType.UNIT_CREATED, "A1", UnitGroup(callsign="A1"), 0.0)
    with pytest.raises(TypeError, match="not an event type"):
        event("unit.group", "A1", UnitGroup(callsign="A1"), 0.0)  # type: ignore[arg-type]
