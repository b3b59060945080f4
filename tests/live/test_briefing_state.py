"""The live state follows the briefing events: packs listed as they are saved and published,
receipts per callsign (a later ack adds items, a late receipt of an older version never
replaces a newer one), withdrawn items and offered changes, each applied once by its seq."""

from controlroom.live.state import Change, LiveState


def ev(seq, type_, payload):
    return {"seq": seq, "type": type_, "subject": "", "at": "", "payload": payload}


def item(ident, title="x"):
    return {"id": ident, "section": "people", "kind": "person", "title": title}


def published(seq, version, items, withdrawn=()):
    payload = {
        "id": 7, "version": version, "title": "Early turn", "shift_start": "2026-12-01T07:00:00Z",
        "shift_end": "2026-12-01T17:00:00Z", "items": items, "withdrawn": list(withdrawn),
    }  # fmt: skip
    return ev(seq, "briefing.published", payload)


def ack(seq, callsign, version, items=()):
    payload = {"id": 7, "callsign": callsign, "version": version, "read_at": f"t{seq}",
               "items_acknowledged": list(items)}  # fmt: skip
    return ev(seq, "briefing.acknowledged", payload)


STREAM = [
    ev(
        1,
        "briefing.saved",
        {
            "id": 7,
            "title": "Early turn",
            "version": 0,
            "state": "draft",
            "by": "user:p.marsh",
            "items": 2,
        },
    ),  # fmt: skip
    published(2, 1, [item("entity:1"), item("entity:2")]),
    published(2, 1, [item("entity:1"), item("entity:2")]),  # a duplicate
    ack(3, "A1", 1),
    ack(4, "A1", 1, ["entity:1"]),  # later acks of the version add items
    ack(4, "A1", 1, ["entity:9"]),  # same seq: ignored
    ack(5, "B2", 1, ["entity:2"]),
    ev(
        6,
        "briefing.offered",
        {"id": 7, "change": "withdraw", "reason": "arrested", "item_id": "entity:1"},
    ),  # fmt: skip
    ev(
        7,
        "briefing.offered",
        {"id": 7, "change": "withdraw", "reason": "arrested (again)", "item_id": "entity:1"},
    ),  # fmt: skip
    published(8, 2, [item("entity:2")], withdrawn=["entity:1"]),
    ev(9, "briefing.item_withdrawn", {"id": 7, "version": 2, "item_id": "entity:1"}),
    ack(10, "B2", 2),
    ack(11, "B2", 1, ["entity:2"]),  # late: an older version's ack
    ev(12, "briefing.acknowledged", {"id": 7, "callsign": 5}),  # does not fit: refused whole
]


def test_a_replayed_stream_of_briefing_events():
    state, changes = LiveState(), []
    state.subscribe(changes.append)
    for event in STREAM:
        state.apply(event)
    board = state.briefings
    pack = board.packs[7]
    assert (pack.version, pack.state, pack.items, pack.withdrawn) == (
        2,
        "published",
        1,
        ["entity:1"],
    )
    assert board.receipts[7]["A1"].items_acknowledged == ["entity:1"]
    assert board.receipts[7]["A1"].read_at == "t3"  # the first ack was the read
    assert board.receipts[7]["B2"].version == 2 and board.receipts[7]["B2"].read_at == "t10"
    assert board.read_latest(7) == 1  # B2 has read version 2, A1 only version 1
    assert board.team_size(7, {"Early turn": 5}) == 0  # not known until the pack is opened
    assert [o.reason for o in board.waiting_offers(7)] == ["arrested (again)"]
    assert state.duplicates == 2 and state.rejected == 1
    assert Change("briefings", (7,), (7,)) in changes  # the pack appeared in the list
    assert Change("briefing_receipts", (7,)) in changes
    assert Change("briefing_offers", (7,)) in changes


def test_an_offer_settled_leaves_the_list():
    state = LiveState()
    state.apply(STREAM[7])
    offer = state.briefings.waiting_offers(7)[0]
    assert state.briefings.settle_offer(7, offer)
    assert state.briefings.waiting_offers(7) == [] and not state.briefings.settle_offer(7, offer)
