"""LiveState applies a replayed stream with duplicates, gaps and late pings correctly, and holds
the contract's documents: an event whose payload does not fit its type is refused whole."""

import msgspec

from controlroom.contract import documents as doc
from controlroom.live.state import Change, LiveState

T0 = 1_700_000_000.0


def iso(seconds: float) -> str:
    from controlroom.timeutil import to_iso

    return to_iso(T0 + seconds) or ""


def capture(ident: str, at: float, kind: str = "note") -> dict:
    return {"id": ident, "kind": kind, "at": iso(at), "callsign": "A1", "lat": 53.0, "lon": -2.1}


def incident(ident: int, grade: str, **extra) -> dict:
    return {"id": ident, "grade": grade, "summary": "x", "lat": 53.0, "lon": -2.1, **extra}


def emergency(ident: int, status: str, **extra) -> dict:
    return {"id": ident, "callsign": "A1", "status": status, "lat": 53.0, "lon": -2.1, **extra}


SNAPSHOT = {
    "seq": 10,
    "units": [
        {"callsign": "A1", "status": "available", "lat": 53.0, "lon": -2.1, "last_seen": iso(0)},
        {"callsign": "B2", "status": "on_scene", "lat": 52.9, "lon": -2.0, "last_seen": None},
    ],
    "captures": [capture("c-old", -60)],
    "tasks": [],
    "incidents": [],
}


def ev(seq, type_, payload):
    return {"seq": seq, "type": type_, "subject": "", "at": iso(seq), "payload": payload}


def position(seq, callsign, at, lat, moved=True):
    payload = {"callsign": callsign, "moved": moved, "count": 1}
    if moved:
        payload |= {"lat": lat, "lon": -2.1, "last_seen": iso(at), "speed_mps": 3.0}
    return ev(seq, "unit.position", payload)


def task(state: str) -> dict:
    return {"id": 1, "callsign": "A1", "state": state}


STREAM = [
    ev(9, "unit.status", {"callsign": "A1", "status": "off_duty"}),  # before the snapshot
    position(11, "A1", 5, 53.01),
    position(11, "A1", 5, 53.01),  # duplicate
    ev(13, "capture.created", capture("c-new", 6, "intelligence")),  # gap 12
    position(14, "A1", 3, 52.5),  # a late ping: must not move the unit back
    ev(13, "capture.created", capture("c-new", 6, "intelligence")),
    ev(16, "unit.status", {"callsign": "A1", "status": "en_route"}),
    ev(17, "unit.telepathy", {"to": "A1", "text": "Call in"}),  # a type this client lacks
    position(18, "C3", 7, 52.7),  # a unit first heard of through a ping
    ev(19, "task.created", task("sent")),
    ev(20, "task.updated", task("acknowledged")),
    ev(20, "task.updated", task("acknowledged")),
    ev(
        21,
        "capture.attachment",
        {"capture_id": "c-new", "name": "p.jpg", "sha256": "ab", "size": 3, "content_type": "x"},
    ),
    ev(22, "capture.status", {"id": "c-new", "status": "reviewed", "by": "user:ann"}),
]


def replay(stream, now=T0 + 10):
    state = LiveState(stale_after_s=120)
    changes: list[Change] = []
    state.subscribe(changes.append)
    state.load_snapshot(SNAPSHOT, now=now)
    applied = [state.apply(e, now=now) for e in stream]
    return state, changes, applied


def test_duplicates_are_ignored_and_gaps_tolerated():
    state, _, applied = replay(STREAM)
    assert applied.count(False) == 4 and state.duplicates == 4
    assert state.seq == 22
    assert state.tasks[1].state == "acknowledged"
    assert state.captures_newest_first() == ["c-new", "c-old"]
    assert state.captures["c-new"].status == "reviewed"
    assert [a.name for a in state.captures["c-new"].attachments] == ["p.jpg"]


def test_positions_only_move_forward_in_time():
    state, _, _ = replay(STREAM)
    a1 = state.units["A1"]
    assert (a1.lat, a1.last_seen, a1.status) == (53.01, iso(5), "en_route")
    assert state.units["C3"].lat == 52.7


def test_replaying_the_stream_twice_changes_nothing():
    once, _, _ = replay(STREAM)
    twice, _, applied = replay(STREAM + STREAM)
    assert applied[len(STREAM) :] == [False] * len(STREAM)
    assert once.units == twice.units and once.captures == twice.captures
    assert once.tasks == twice.tasks


def test_new_captures_stay_unseen_until_opened():
    state, changes, _ = replay(STREAM)
    assert state.unseen == {"c-new"}
    state.mark_seen("c-new")
    assert state.unseen == set() and changes[-1] == Change("captures", ("c-new",))


def test_staleness_follows_last_seen():
    state, changes, _ = replay(STREAM, now=T0 + 10)
    assert not state.units["A1"].stale and state.units["B2"].stale
    assert state.tick(now=T0 + 100) == ()
    assert set(state.tick(now=T0 + 200)) == {"A1", "C3"}
    assert changes[-1].section == "units" and state.units["A1"].stale


def test_an_emergency_latches_until_it_has_ended():
    state, changes, _ = replay(STREAM)
    state.apply(ev(30, "emergency.raised", emergency(7, "raised")))
    assert state.units["A1"].emergency and changes[-2] == Change("units", ("A1",))
    state.apply(ev(31, "emergency.acknowledged", emergency(7, "acknowledged")))
    assert state.units["A1"].emergency and state.emergencies[7].status == "acknowledged"
    ended = emergency(7, "ended", outcome="officer safe, one arrested")
    state.apply(ev(32, "emergency.resolved", ended))
    assert not state.units["A1"].emergency and state.emergencies == {}
    assert state.last_ended is not None and state.last_ended.outcome == ended["outcome"]


def test_change_notices_name_what_was_added():
    _, changes, _ = replay(STREAM)
    resets = [c.section for c in changes if c.reset]
    assert resets == [
        "units",
        "captures",
        "tasks",
        "incidents",
        "emergencies",
        "alerts",
        "messages",
    ]
    added = [(c.section, c.added) for c in changes if c.added]
    assert added == [("captures", ("c-new",)), ("units", ("C3",)), ("tasks", (1,))]


def test_emergency_latches_until_acknowledged_and_silent_units_alert():
    state = LiveState()
    raised = emergency(5, "raised")
    state.load_snapshot({"seq": 1, "emergencies": [raised]})
    assert list(state.emergencies) == [5]
    acked = dict(raised, status="acknowledged", acknowledged_by="user:amy")
    state.apply(ev(2, "emergency.acknowledged", acked))
    assert state.alarms == {} and state.last_acknowledged is not None
    assert state.last_acknowledged.acknowledged_by == "user:amy"
    assert list(state.emergencies) == [5]  # acknowledged, not yet ended: the unit stays flagged
    state.apply(ev(3, "emergency.resolved", dict(acked, status="ended")))
    assert state.emergencies == {}
    state.apply(ev(5, "unit.silent", {"callsign": "B2", "status": "en_route", "silent_s": 200}))
    assert "B2" in state.alerts
    state.dismiss_alert("B2")
    assert state.alerts == {}
    state.apply(ev(6, "incident.created", incident(1, "priority")))
    state.apply(ev(7, "incident.regraded", incident(1, "immediate")))
    assert state.incidents[1].grade == "immediate"
    state.apply(ev(8, "incident.closed", incident(1, "immediate", status="closed")))
    assert state.incidents == {}


def test_a_tak_units_team_and_role_follow_its_reports():
    state = LiveState()
    state.load_snapshot({"seq": 1, "units": [{"callsign": "CYAN1", "status": "available"}]})
    state.apply(ev(2, "unit.group", {"callsign": "CYAN1", "team": "Cyan", "role": "Team Lead"}))
    assert (state.units["CYAN1"].team, state.units["CYAN1"].role) == ("Cyan", "Team Lead")


def test_an_off_duty_unit_is_not_stale_but_a_silent_one_on_patrol_is():
    state = LiveState(stale_after_s=60)
    state.load_snapshot(
        {
            "seq": 1,
            "units": [
                {"callsign": "ASLEEP", "status": "off_duty", "last_seen": None},
                {"callsign": "QUIET", "status": "available", "last_seen": iso(-600)},
            ],
        }
    )
    assert state.units["ASLEEP"].stale is False and state.units["QUIET"].stale is True
    state.apply(ev(2, "unit.status", {"callsign": "ASLEEP", "status": "available"}))
    assert state.units["ASLEEP"].stale is True  # booked on, and never heard from


def test_a_payload_that_does_not_fit_its_type_is_refused_whole():
    state, changes, _ = replay(STREAM)
    before = (len(changes), dict(state.incidents))
    bad_grade = incident(9, "whenever")
    assert state.apply(ev(40, "incident.created", bad_grade))
    no_place = {"id": 10, "grade": "priority", "summary": "no lat or lon"}
    assert state.apply(ev(41, "incident.created", no_place))
    assert (len(changes), dict(state.incidents)) == before
    assert state.rejected == 2 and state.seq == 41  # the stream goes on after them


def test_messages_arrive_unread_and_carry_who_read_them():
    state = LiveState()
    state.load_snapshot({"seq": 1})
    said = {"id": 3, "callsign": "A1", "direction": "from_unit", "text": "Need a van at the Co-op"}
    state.apply(ev(2, "message.received", dict(said, sender="A1", via="tak")))
    reply = {"id": 4, "callsign": "A1", "direction": "to_unit", "text": "Van on its way"}
    state.apply(ev(3, "message.sent", dict(reply, sender="user:dan", via="control room")))
    assert [m.id for m in state.unread] == [3]
    assert [m.text for m in state.messages_of("A1")] == [said["text"], reply["text"]]
    state.apply(ev(4, "message.read", {"id": 3, "callsign": "A1", "by": "user:dan", "at": iso(4)}))
    assert state.unread == [] and state.messages[3].read_by == "user:dan"


def test_stream_frames_decode_straight_into_the_contract():
    state = LiveState()
    state.load_snapshot(doc.Snapshot(seq=1))
    frame = msgspec.json.encode(ev(2, "incident.created", incident(1, "priority")))
    assert state.apply_json(frame) and isinstance(state.incidents[1], doc.Incident)
    assert not state.apply_json(b'{"seq": "two"}') and state.rejected == 1
