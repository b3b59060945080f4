"""The review queue's order and filter: intelligence and stop-search first, a wanted person or
a vehicle of interest before those; more signals can join; filters by kind, area, officer,
time and review state."""

from __future__ import annotations

from controlroom.contract.documents import Capture
from controlroom.review.priority import Reason, priority, with_signals
from controlroom.review.queue import Holding, Order, QueueFilter, Ranking
from controlroom.timeutil import to_iso

T0 = 1_750_000_000.0


def capture(ident: str, kind: str, at: float, **extra) -> Capture:
    fields = extra.pop("fields", {})
    return Capture(
        id=ident,
        kind=kind,
        callsign=extra.pop("callsign", "BT11"),
        at=to_iso(T0 + at) or "",
        lat=53.0,
        lon=-2.1,
        fields=fields,
        **extra,
    )


WANTED = capture("wanted", "person_check", 0, fields={"result": "Wanted on warrant"})
STOLEN = capture(
    "stolen", "vehicle_check", 10, fields={"result": "Stolen marker", "driver": {"name": "A"}}
)
INTEL = capture("intel", "intelligence", 20)
SEARCH = capture("search", "stop_search", 30)
NOTE = capture("note", "note", 40, fields={"text": "He wanted to talk about parking"})
CHECK = capture("check", "vehicle_check", 50, fields={"result": "No trace"})


def test_priority_order_then_newest_first():
    ranking = Ranking()
    found = [WANTED, STOLEN, INTEL, SEARCH, NOTE, CHECK]
    by_priority = sorted(found, key=lambda c: ranking.key(c, Order.PRIORITY))
    assert [c.id for c in by_priority] == ["wanted", "stolen", "search", "intel", "check", "note"]
    newest = sorted(found, key=lambda c: ranking.key(c, Order.NEWEST))
    assert [c.id for c in newest] == ["check", "note", "search", "intel", "stolen", "wanted"]
    assert priority(WANTED).reasons == ("a wanted person",)
    assert priority(STOLEN).reasons == ("a vehicle of interest",)
    assert priority(NOTE).score == 0  # "wanted to" is not a wanted person


def test_a_stop_search_naming_a_wanted_person_comes_before_one_that_does_not():
    named = capture("named", "stop_search", 0, fields={"person": {"marker": "Wanted by Leek"}})
    assert priority(named).score > priority(SEARCH).score
    assert priority(named).reasons == ("a wanted person", "stop and search")


def test_more_signals_take_part():
    def known_to_entity_index(c: Capture) -> Reason | None:
        return Reason(50, "names a person of interest") if c.id == "note" else None

    ranking = Ranking(with_signals(known_to_entity_index))
    found = sorted([WANTED, NOTE, INTEL], key=lambda c: ranking.key(c, Order.PRIORITY))
    assert [c.id for c in found] == ["note", "wanted", "intel"]


def test_filters():
    now = T0 + 3600
    everything = QueueFilter(holding=Holding.ALL)
    assert everything.admits(NOTE, "Stafford", now)
    assert not QueueFilter(kind="intelligence").admits(NOTE, None, now)
    assert QueueFilter(kind="note").admits(NOTE, None, now)
    assert not QueueFilter(area="Stafford").admits(NOTE, "Tamworth", now)
    assert QueueFilter(officer="bt1").admits(NOTE, None, now)
    assert not QueueFilter(officer="XR").admits(NOTE, None, now)
    assert not QueueFilter(within_s=600).admits(NOTE, None, now)  # an hour ago
    assert QueueFilter(within_s=3600).admits(NOTE, None, now)
    done = capture("done", "note", 0, status="reviewed")
    back = capture("back", "note", 0, status="has_issues")
    held = capture("held", "note", 0, status="in_review")
    awaiting = QueueFilter()
    assert [awaiting.admits(c, None, now) for c in (NOTE, held, done, back)] == [
        True,
        True,
        False,
        False,
    ]
    assert QueueFilter(holding=Holding.SENT_BACK).admits(back, None, now)
    assert QueueFilter(holding=Holding.DONE).admits(done, None, now)
