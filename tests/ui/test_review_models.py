"""The review desk's models pass qtmodeltester through a snapshot, live review steps, gradings
and amendments; the queue holds what awaits review in its order and names who holds what."""

from __future__ import annotations

import msgspec
import pytest
from PySide6.QtCore import QSortFilterProxyModel

from controlroom.contract.documents import AuditEntry, Capture, CustodyEntry, Grading
from controlroom.live.state import LiveState
from controlroom.review.grades import grade_history
from controlroom.review.queue import Holding, Order, QueueFilter
from tests.live.test_state import SNAPSHOT, T0, capture, ev, iso
from ui.models.audit import AuditModel
from ui.models.base import KeyRole
from ui.models.custody import HASH, CustodyModel
from ui.models.gradings import GradingsModel
from ui.models.review_proxy import ReviewQueueProxy
from ui.models.review_queue import REVIEW, HeldByRole, ReviewQueueModel

ME = "a.okafor"


def status(seq: int, ident: str, state: str, by: str) -> dict:
    return ev(seq, "capture.status", {"id": ident, "status": state, "by": by, "at": iso(seq)})


def live_queue() -> tuple[LiveState, ReviewQueueModel, ReviewQueueProxy]:
    state = LiveState()
    model = ReviewQueueModel(state, ME, area_of=lambda lat, lon: "Stoke-on-Trent")
    proxy = ReviewQueueProxy(model, clock=lambda: T0 + 100)
    state.load_snapshot(SNAPSHOT, now=T0)
    wanted = capture("c-wanted", 5, "person_check")
    wanted["fields"] = {"result": "Wanted on warrant"}
    for event in (
        ev(11, "capture.created", capture("c-intel", 6, "intelligence")),
        ev(12, "capture.created", wanted),
        ev(13, "capture.created", capture("c-note", 7)),
        status(14, "c-intel", "in_review", "user:b.patel"),
        status(15, "c-note", "in_review", f"user:{ME}"),
        status(16, "c-old", "reviewed", f"user:{ME}"),
    ):
        state.apply(event, now=T0)
    return state, model, proxy


def keys(proxy) -> list[str]:
    return [proxy.index(r, 0).data(KeyRole) for r in range(proxy.rowCount())]


def test_queue_models_pass_qtmodeltester(qapp, qtmodeltester):
    state, model, proxy = live_queue()
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    graded = {"source": 2, "intelligence": "B", "handling": "C"}
    state.apply(
        ev(
            17,
            "capture.graded",
            {
                "id": "c-intel",
                "grading": graded,
                "grading_id": 1,
                "handling_code": "C",
                "handling_conditions": "In force only",
                "by": "user:b.patel",
                "at": iso(17),
            },
        ),
        now=T0,
    )
    amended = dict(capture("c-old", -60), revision=2, status="new", review_by="device:A1")
    state.apply(ev(18, "capture.revised", amended), now=T0)
    proxy.set_order(Order.NEWEST)
    proxy.set_rules(QueueFilter(holding=Holding.ALL))
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)


def test_the_queue_in_priority_order_naming_who_holds_what(qapp):
    state, model, proxy = live_queue()
    assert keys(proxy) == ["c-wanted", "c-intel", "c-note"]  # c-old is done: not awaiting
    by_key = {proxy.index(r, 0).data(KeyRole): r for r in range(proxy.rowCount())}
    assert proxy.index(by_key["c-intel"], 0).data(HeldByRole) == "b.patel"
    assert proxy.index(by_key["c-note"], 0).data(HeldByRole) is None  # mine
    assert proxy.index(by_key["c-intel"], REVIEW).data().startswith("In review — b.patel")
    assert proxy.index(by_key["c-note"], REVIEW).data().startswith("In review — you")
    proxy.set_order(Order.NEWEST)
    assert keys(proxy) == ["c-note", "c-intel", "c-wanted"]
    proxy.set_rules(QueueFilter(kind="intelligence"))
    assert keys(proxy) == ["c-intel"]
    amended = dict(capture("c-old", -60), revision=2, status="new", review_by="device:A1")
    state.apply(ev(18, "capture.revised", amended), now=T0)
    proxy.set_rules(QueueFilter())
    assert "c-old" in keys(proxy)  # the officer's amendment is back in the queue
    row = keys(proxy).index("c-old")
    assert proxy.index(row, REVIEW).data() == "New — revision 2"


GRADING = Grading(
    id=1,
    capture_id="c1",
    source=2,
    intelligence="B",
    handling="P",
    reason="Corroborated",
    by="user:a.okafor",
    at=iso(30),
)
CUSTODY = [
    CustodyEntry(at=iso(1), actor="device:A1", action="stored", hash_ok=True, audit_id=1),
    CustodyEntry(at=iso(2), actor="user:a.okafor", action="viewed", hash_ok=True, audit_id=2),
    CustodyEntry(at=iso(3), actor="user:a.okafor", action="viewed", hash_ok=False, audit_id=3),
    CustodyEntry(at=iso(4), actor="user:d.x", action="refused", hash_ok=None, audit_id=4),
]
AUDIT = [
    AuditEntry(id=i, at=iso(i), actor="user:a.okafor", action="capture.read", target="capture:c1")
    for i in range(5, 0, -1)
]


@pytest.mark.parametrize("kind", ["gradings", "custody", "audit"])
def test_row_models_pass_qtmodeltester(qapp, qtmodeltester, kind):
    if kind == "gradings":
        proposed = msgspec.convert(
            dict(
                capture("c1", 0, "intelligence"),
                proposed_grading={
                    "system": "3x5x2",
                    "source": "3",
                    "intelligence": "C",
                    "handling": "P",
                },
            ),
            Capture,
        )
        model = GradingsModel()
        qtmodeltester.check(model)
        model.set_rows(grade_history(proposed, [GRADING]))
        assert [model.index(r, 1).data() for r in range(2)] == ["3-C-P", "2-B-P"]
        assert model.index(0, 2).data() == "officer's proposal"
    elif kind == "custody":
        model = CustodyModel()
        qtmodeltester.check(model)
        model.set_rows(CUSTODY)
        assert [model.index(r, HASH).data() for r in range(4)] == [
            "✔ matches",
            "✔ matches",
            "✖ DOES NOT MATCH",
            "not read",
        ]
    else:
        model = AuditModel()
        qtmodeltester.check(model)
        model.set_rows(AUDIT[:3])
        model.append_rows(AUDIT[3:])
        model.set_broken({4: "record does not match its hash"})
        assert model.rowCount() == 5
    qtmodeltester.check(model)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
