"""Every item model passes qtmodeltester, through a snapshot, live events and time passing."""

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt

from controlroom.live.state import LiveState
from tests.live.test_state import SNAPSHOT, STREAM, T0
from ui.models.base import KeyRole
from ui.models.captures import CapturesModel, UnseenRole
from ui.models.tasks import TasksModel
from ui.models.units import UnitsModel

MODELS = [UnitsModel, CapturesModel, TasksModel]


@pytest.mark.parametrize("model_class", MODELS)
def test_model_passes_qtmodeltester(qapp, qtmodeltester, model_class):
    state = LiveState()
    model = model_class(state, clock=lambda: T0 + 30)
    qtmodeltester.check(model)  # empty
    state.load_snapshot(SNAPSHOT, now=T0 + 10)
    for event in STREAM:
        state.apply(event, now=T0 + 10)
    state.apply({"seq": 30, "type": "incident.created", "payload": {"id": 4, "summary": "Fight"}})
    state.tick(now=T0 + 500)
    model.tick()
    qtmodeltester.check(model)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_units_model_follows_events(qtbot):
    state = LiveState()
    model = UnitsModel(state, clock=lambda: T0 + 30)
    state.load_snapshot(SNAPSHOT, now=T0 + 10)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["A1", "B2"]
    with qtbot.waitSignal(model.rowsInserted):
        for event in STREAM:
            state.apply(event, now=T0 + 10)
    assert model.index(2, 0).data() == "C3"
    assert model.index(0, 1).data() == "En route"
    assert model.index(0, 2).data() == "25 s"
    assert model.index(1, 3).data() == "stale"


def test_captures_newest_first_and_new_ones_emphasised(qapp):
    state = LiveState()
    model = CapturesModel(state)
    state.load_snapshot(SNAPSHOT, now=T0)
    for event in STREAM:
        state.apply(event, now=T0)
    keys = [model.index(r, 0).data(KeyRole) for r in range(model.rowCount())]
    assert keys == ["c-new", "c-old"]
    assert model.index(0, 0).data(UnseenRole) and not model.index(1, 0).data(UnseenRole)
    assert model.next_unseen_row() == 0
    state.mark_seen("c-new")
    assert not model.index(0, 0).data(UnseenRole) and model.next_unseen_row() is None


def test_an_emergency_row_outranks_stale(qapp):
    state = LiveState()
    model = UnitsModel(state, clock=lambda: T0 + 30)
    state.load_snapshot(SNAPSHOT, now=T0 + 10)
    raised = {"id": 1, "callsign": "B2", "status": "raised"}
    state.apply({"seq": 40, "type": "emergency.raised", "payload": raised})
    assert model.index(1, 1).data() == "EMERGENCY"
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
