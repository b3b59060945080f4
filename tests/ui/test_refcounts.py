"""A live table notifies its views tens of thousands of times a shift. Each notice must leave
the reference counts of True, False and None as they were: on Python 3.11 (where they are not
immortal) PySide6 6.12.0 dropped a reference to True on every emit and the app aborted with
``Fatal Python error: bool_dealloc`` within minutes."""

from __future__ import annotations

import sys

from controlroom.live.state import Change, LiveState
from tests.live.test_state import SNAPSHOT, position
from ui.models.units import UnitsModel

EMITS = 30_000


def _counts() -> tuple[int, int, int]:
    return sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)


def test_model_notices_leave_true_false_and_none_as_they_were(qapp):
    state = LiveState()
    state.load_snapshot(SNAPSHOT)
    model = UnitsModel(state)
    for seq in range(11, 111):  # warm up: every path once, caches filled
        state.apply(position(seq, "A1", seq, 53.0 + seq / 1e4))
        model.tick()
    before = _counts()
    for seq in range(111, 111 + EMITS // 2):
        state.apply(position(seq, "A1", seq, 53.0 + seq / 1e6))  # dataChanged for one row
        if seq % 2:
            model.tick()  # dataChanged over a column, with roles
        state.tick()
    state.notify(Change("units", reset=True))  # a reset too
    after = _counts()
    moved = [a - b for a, b in zip(after, before, strict=True)]
    # Flat: a leak moves them by one per emit (tens of thousands); a new dict entry or cache
    # slot holding None may add one or two, and never more.
    assert all(abs(m) <= 8 for m in moved), f"True, False and None refcounts moved by {moved}"


def test_the_app_refuses_a_qt_that_leaks_them(qapp):
    from ui.app import signals_leak

    assert signals_leak() is False  # the Qt installed here is one the app may run on
