"""The briefing on the simulated devices, without a hub: versions held idempotently, withdrawn
items dropped, and officers reading at parade, on coming on, and between jobs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from controlroom.contract.briefings import BriefingItem, BriefingItemWithdrawn, DeviceBriefing
from controlroom.sim.briefings import READ_AT_PARADE_S, READ_ON_COMING_ON_S, READ_UPDATE_S, Shelf
from controlroom.sim.shift import Shift

START = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


def _pack(version: int, *ids: str, acknowledge: tuple[str, ...] = ()) -> DeviceBriefing:
    items = [
        BriefingItem(
            id=i, section="information", kind="note", title=i, acknowledge=i in acknowledge
        )
        for i in ids
    ]
    return DeviceBriefing(
        id=7, version=version, title="Early turn", shift_start="", shift_end="", items=items
    )


def _withdrawn(version: int, item_id: str) -> BriefingItemWithdrawn:
    return BriefingItemWithdrawn(id=7, version=version, item_id=item_id)


def test_a_device_holds_the_newest_version_whatever_order_they_come_in():
    shelf = Shelf()
    assert shelf.take(_pack(1, "note:a", "note:b")) is not None
    assert shelf.take(_pack(1, "note:a", "note:b")) is None  # the stream, then the fetch
    held = shelf.take(_pack(3, "note:a", "note:c"), "Updated: 1 added, 1 withdrawn")
    assert held is not None and held.notice.startswith("Updated")
    assert shelf.take(_pack(2, "note:a", "note:b")) is None  # late: never back to an old one
    assert list(shelf.packs[7].items) == ["note:a", "note:c"]
    assert shelf.packs[7].versions == [1, 3]


def test_a_withdrawn_item_goes_at_once_and_only_from_an_older_version():
    shelf = Shelf()
    shelf.take(_pack(1, "note:a", "note:b", "note:c"))
    assert shelf.withdraw(_withdrawn(2, "note:b"))  # before version 2 itself arrives
    assert list(shelf.packs[7].items) == ["note:a", "note:c"]
    assert not shelf.withdraw(_withdrawn(2, "note:b"))  # delivered twice
    shelf.take(_pack(3, "note:a", "note:b"))  # put back in version 3
    assert not shelf.withdraw(_withdrawn(2, "note:b"))  # a late repeat of the old withdrawal
    assert list(shelf.packs[7].items) == ["note:a", "note:b"]
    assert not shelf.withdraw(BriefingItemWithdrawn(id=8, version=1, item_id="note:a"))


@pytest.fixture(scope="module")
def shift() -> Shift:
    return Shift(3, 12, START)


def _reads(shift: Shift, callsign: str, since: float, until: float) -> list[tuple]:
    """(time, acknowledgement) of the callsign's reads, checked every 5 simulated seconds."""
    out, t = [], since
    while t < until:
        t += 5.0
        out += [(t, a) for a in shift.briefings.reads_due(t) if a.callsign == callsign]
    return out


def test_officers_on_duty_read_at_parade_and_acknowledge_what_was_asked(shift):
    callsign = next(p.callsign for p in shift.roster if p.shift_start < 0)
    pack = _pack(1, "note:a", "note:b", acknowledge=("note:b",))
    assert shift.briefings.received(callsign, pack, 0.0)
    reads = _reads(shift, callsign, 0.0, 1000.0)
    assert len(reads) == 1
    t, ack = reads[0]
    assert READ_AT_PARADE_S[0] <= t <= READ_AT_PARADE_S[1] + 5
    assert (ack.briefing_id, ack.version, ack.items) == (7, 1, ["note:b"])

    shift.briefings.received(callsign, _pack(2, "note:a"), 1000.0)  # an update, mid-shift
    reads = _reads(shift, callsign, 1000.0, 2000.0)
    assert len(reads) == 1
    t, ack = reads[0]
    assert READ_UPDATE_S[0] <= t - 1000.0 <= READ_UPDATE_S[1] + 5
    assert (ack.version, ack.items) == (2, [])


def test_a_late_starter_reads_the_current_version_when_they_come_on(shift):
    plan = next(p for p in shift.roster if p.shift_start > 0)
    shift.briefings.received(plan.callsign, _pack(1, "note:a"), 0.0)
    shift.briefings.received(plan.callsign, _pack(2, "note:a", "note:b"), 100.0)
    assert not shift.briefings.reads_due(plan.shift_start - 1)  # off duty: not read yet
    reads = _reads(shift, plan.callsign, plan.shift_start, plan.shift_start + 1000.0)
    assert [a.version for _, a in reads] == [2]  # one read, of the version current by then
    assert READ_ON_COMING_ON_S[0] <= reads[0][0] - plan.shift_start <= READ_ON_COMING_ON_S[1] + 5


def test_an_officer_on_blue_lights_reads_the_update_after_the_job(shift):
    callsign = [p.callsign for p in shift.roster if p.shift_start < 0][-1]  # not the first's
    officer = shift.officers[callsign]
    officer.receive_task("99", *officer.plan.home, 0.0, 600.0)
    officer.task.state = "on_scene"
    shift.briefings.received(callsign, _pack(1, "note:a"), 0.0)
    assert not _reads(shift, callsign, 0.0, READ_AT_PARADE_S[1] + 5)
    officer.task = None
    assert len(_reads(shift, callsign, READ_AT_PARADE_S[1] + 5, READ_AT_PARADE_S[1] + 10)) == 1
