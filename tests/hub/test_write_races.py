"""Two writers changing one thing at once, as two hubs on one PostgreSQL do when two users (or a
device and a user) act on it in the same moment: the first change is made once, with its one
event and audit record, and the second sees it made (409, or nothing to do), never a second
copy. Each race is run many times over; the jobs are the hub's own, run as each hub's writer
runs them."""

from __future__ import annotations

import threading
from collections.abc import Callable

import orjson
from sqlalchemy import text

from controlroom.contract.briefings import BriefingOffer
from controlroom.hub.accounts import issue_refresh, rotate_refresh
from controlroom.hub.batch import ChangeFailed
from controlroom.hub.briefing_watch import PackOffers, offer_new
from controlroom.hub.context import DeviceIdentity, UserIdentity
from controlroom.hub.dispatch import set_unit_group
from controlroom.hub.emergencies import acknowledge_emergency, end_emergency, raise_emergency
from controlroom.hub.entity_commands import decide, merge
from controlroom.hub.errors import ApiError
from controlroom.hub.messages import mark_read, send_message
from controlroom.hub.review import review
from controlroom.hub.writer import run_now
from tests.hub.briefing_helpers import new_team, pack, team_device
from tests.hub.entity_helpers import letters, linked, of_kind, send
from tests.hub.helpers import capture

ROUNDS = 12


def at_once(hub, *jobs: Callable) -> list[object]:
    """Run the jobs at the same moment, each in a transaction of its own; what each returned
    or raised."""
    gate = threading.Barrier(len(jobs))
    outcomes: list[object] = [None] * len(jobs)

    def run(i: int, job: Callable) -> None:
        gate.wait()
        try:
            outcomes[i] = run_now(hub.engine, job, hub.audit_chain)
        except BaseException as exc:  # what the race did, asserted by the test
            outcomes[i] = exc

    workers = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    return outcomes


def refused(outcome: object, status: int = 409) -> bool:
    error = outcome.__cause__ if isinstance(outcome, ChangeFailed) else outcome
    return isinstance(error, ApiError) and error.status == status


def column(hub, sql: str, **params) -> list:
    with hub.engine.connect() as connection:
        return connection.execute(text(sql), params).scalars().all()


def identity(hub, client) -> DeviceIdentity:
    callsign = client.callsign
    with hub.engine.connect() as connection:
        row = connection.execute(
            text("SELECT d.id, d.unit_id FROM devices d JOIN units u ON u.id = d.unit_id "
                 "WHERE u.callsign = :c"),
            {"c": callsign},
        ).one()  # fmt: skip
    return DeviceIdentity(row.id, row.unit_id, callsign)


def test_one_group_change_sent_twice_at_once_is_one_event(fresh_hub):
    device = identity(fresh_hub, fresh_hub.device())
    for round_ in range(ROUNDS):
        team = ("Cyan", "Magenta")[round_ % 2]
        job = set_unit_group(device.unit_id, device.callsign, team, "Team Member")
        assert at_once(fresh_hub, job, job) == [None, None]
    teams = column(
        fresh_hub, "SELECT payload FROM events WHERE type = 'unit.group' AND subject = :c "
        "ORDER BY seq", c=device.callsign,
    )  # fmt: skip
    assert [("Cyan" in str(t)) for t in teams] == [r % 2 == 0 for r in range(ROUNDS)]


def test_two_analysts_claiming_one_capture_at_once_one_holds_it(fresh_hub):
    device = fresh_hub.device()
    for _ in range(ROUNDS):
        body = capture("intelligence")
        assert device.post("/api/v1/device/captures", json=body).status_code in (200, 201)
        claims = [
            review(body["id"], "in_review", "", False, f"user:{name}", "test")
            for name in ("ann", "bob")
        ]
        outcomes = at_once(fresh_hub, *claims)
        held = [o for o in outcomes if not isinstance(o, BaseException)]
        assert len(held) == 1 and refused(next(o for o in outcomes if o not in held)), outcomes
        holder = column(fresh_hub, "SELECT review_by FROM captures WHERE id = :i", i=body["id"])
        assert holder in (["user:ann"], ["user:bob"])
        reviews = column(
            fresh_hub, 'SELECT "by" FROM capture_reviews WHERE capture_id = :i', i=body["id"]
        )
        assert reviews == holder
        audited = column(
            fresh_hub, "SELECT actor FROM audit WHERE action = 'capture.review' AND target = :t",
            t=f"capture:{body['id']}",
        )  # fmt: skip
        assert audited == holder


def test_one_emergency_raised_twice_at_once_is_one_alarm(fresh_hub):
    device = identity(fresh_hub, fresh_hub.device())
    for _ in range(ROUNDS):
        press = raise_emergency(device, 53.02, -2.18, "device", "test")
        first, second = at_once(fresh_hub, press, press)
        assert not isinstance(first, BaseException) and not isinstance(second, BaseException)
        assert first[0].id == second[0].id and sorted([first[1], second[1]]) == [False, True]
        at_once(fresh_hub, end_emergency(first[0].id, "user:disp", "test", outcome="false alarm"))
    raised = column(fresh_hub, "SELECT id FROM emergencies WHERE unit_id = :u", u=device.unit_id)
    assert len(raised) == ROUNDS


def test_two_dispatchers_acknowledging_at_once_one_is_told_it_is_done(fresh_hub):
    device = identity(fresh_hub, fresh_hub.device())
    for _ in range(ROUNDS):
        emergency, _ = run_now(
            fresh_hub.engine, raise_emergency(device, 53.02, -2.18, "device", "test"),
            fresh_hub.audit_chain,
        )  # fmt: skip
        acks = [acknowledge_emergency(emergency.id, f"user:{n}", "test") for n in ("ann", "bob")]
        outcomes = at_once(fresh_hub, *acks)
        assert sum(refused(o) for o in outcomes) == 1, outcomes
        ends = [
            end_emergency(emergency.id, f"user:{n}", "test", outcome="officer safe")
            for n in ("ann", "bob")
        ]
        at_once(fresh_hub, *ends)
        for kind in ("emergency.acknowledged", "emergency.resolved"):
            events = column(
                fresh_hub, "SELECT seq FROM events WHERE type = :k AND subject = :s",
                k=kind, s=str(emergency.id),
            )  # fmt: skip
            assert len(events) == 1, kind


def test_two_analysts_deciding_one_suggestion_at_once_one_decision_stands(fresh_hub):
    device, intel = fresh_hub.device(), fresh_hub.user("intelligence")
    for round_ in range(ROUNDS // 2):
        mark = f"Y{'ABCDEFGH'[round_]}05 SOK"
        first = send(device, "vehicle_check", vehicle={"vrm": mark})
        record = of_kind(linked(intel, first), "vehicle")[0]["id"]
        misread = send(device, "vehicle_check", vehicle={"vrm": mark.replace("SO", "S0")})
        assert [i["linked"] for i in of_kind(linked(intel, misread), "vehicle")] == ["suggested"]
        suggestion = column(
            fresh_hub, "SELECT id FROM entity_suggestions WHERE entity_id = :e OR other_id = :e",
            e=record,
        )[0]  # fmt: skip
        outcomes = at_once(
            fresh_hub,
            decide(suggestion, "link", "user:ann", "test", "same van", True),
            decide(suggestion, "not_same", "user:bob", "test", "different van", True),
        )
        assert sum(refused(o) for o in outcomes) == 1, outcomes
        decided = column(
            fresh_hub, "SELECT action FROM entity_decisions WHERE suggestion_id = :s", s=suggestion
        )
        assert len(decided) == 1
        events = column(
            fresh_hub, "SELECT seq FROM events WHERE type = 'entity.decided' AND subject = :s",
            s=str(suggestion),
        )  # fmt: skip
        assert len(events) == 1


def test_two_records_merged_each_into_the_other_at_once_end_as_one(fresh_hub):
    device, intel = fresh_hub.device(), fresh_hub.user("intelligence")
    for round_ in range(ROUNDS // 2):
        a = send(device, person={"name": f"Amos Quill{letters()}", "dob": f"19{60 + round_}-01-02"})
        b = send(device, person={"name": f"Bea Rook{letters()}", "dob": f"19{80 + round_}-03-04"})
        first = of_kind(linked(intel, a), "person")[0]["id"]
        second = of_kind(linked(intel, b), "person")[0]["id"]
        outcomes = at_once(
            fresh_hub,
            merge(first, second, "user:ann", "test", "", True),
            merge(second, first, "user:bob", "test", "", True),
        )
        # the second finds its record merged away: nothing of it left to merge (404)
        assert sum(refused(o, 404) for o in outcomes) == 1, outcomes
        with fresh_hub.engine.connect() as connection:
            merged = dict(
                connection.execute(
                    text("SELECT id, merged_into FROM entities WHERE id IN (:a, :b)"),
                    {"a": first, "b": second},
                ).all()
            )
        alive = [i for i, into in merged.items() if into is None]
        assert len(alive) == 1 and set(merged.values()) == {None, alive[0]}
        mentions = column(
            fresh_hub, "SELECT entity_id FROM mentions WHERE capture_id IN (:a, :b)", a=a, b=b
        )
        assert set(mentions) == set(alive)


def test_a_message_read_on_two_workstations_at_once_is_read_once(fresh_hub):
    device = fresh_hub.device()
    for _ in range(ROUNDS):
        sent = run_now(
            fresh_hub.engine, send_message(device.callsign, "Call control", "user:ann", "test"),
            fresh_hub.audit_chain,
        )  # fmt: skip
        outcomes = at_once(
            fresh_hub,
            mark_read(sent.id, "device:x", "test"),
            mark_read(sent.id, "device:x", "test"),
        )
        assert not any(isinstance(o, BaseException) for o in outcomes), outcomes
        events = column(
            fresh_hub, "SELECT seq FROM events WHERE type = 'message.read' AND subject = :s",
            s=str(sent.id),
        )  # fmt: skip
        assert len(events) == 1


def test_one_refresh_token_presented_twice_at_once_is_reuse_and_ends_the_sign_in(fresh_hub):
    fresh_hub.user("dispatcher", "racer")
    user = column(fresh_hub, "SELECT id FROM users WHERE username = 'racer'")[0]
    identity_ = UserIdentity(user, "racer", "dispatcher")
    for _ in range(ROUNDS // 2):
        token, family = run_now(
            fresh_hub.engine, issue_refresh(identity_, "test"), fresh_hub.audit_chain
        )
        outcomes = at_once(fresh_hub, rotate_refresh(token, "a"), rotate_refresh(token, "b"))
        assert not any(isinstance(o, BaseException) for o in outcomes), outcomes
        # one swap, then the copy is seen for what it is: the whole sign-in is revoked
        assert sum(o is None for o in outcomes) == 1, outcomes
        live = column(
            fresh_hub,
            "SELECT id FROM refresh_tokens WHERE family_id = :f AND revoked_at IS NULL",
            f=family,
        )
        assert live == []


def test_one_briefing_offer_worked_out_by_two_hubs_at_once_is_made_once(fresh_hub):
    team = new_team()
    team_device(fresh_hub, team)
    sergeant = fresh_hub.user("sergeant")
    briefing_id = sergeant.post("/api/v1/briefings", json=pack(team)).json()["id"]
    assert sergeant.post(f"/api/v1/briefings/{briefing_id}/publish").status_code == 200
    with fresh_hub.engine.connect() as connection:
        published_at = connection.execute(
            text("SELECT published_at FROM briefing_versions WHERE briefing_id = :b"),
            {"b": briefing_id},
        ).scalar_one()
    for round_ in range(ROUNDS):
        # What each hub's watcher works out from the same change, as briefing_watch.pending does.
        change = BriefingOffer(
            id=briefing_id, change="withdraw", reason="wanted person arrested",
            item_id=f"item-{round_}",
        )  # fmt: skip
        worked_out = PackOffers(briefing_id, 1, published_at, [change])
        assert sorted(at_once(fresh_hub, offer_new(worked_out), offer_new(worked_out))) == [0, 1]
    offered = column(
        fresh_hub, "SELECT payload FROM events WHERE type = 'briefing.offered' AND subject = "
        "CAST(:b AS TEXT) ORDER BY seq", b=briefing_id,
    )  # fmt: skip
    audited = column(
        fresh_hub, "SELECT detail FROM audit WHERE action = 'briefing.offer' AND target = :t "
        "ORDER BY id", t=f"briefing:{briefing_id}",
    )  # fmt: skip
    items = [f"item-{r}" for r in range(ROUNDS)]
    assert [orjson.loads(p)["item_id"] for p in offered] == items
    assert [orjson.loads(d)["item"] for d in audited] == items
