"""The desk's live state keeps the suggestions waiting for review and each capture's links,
from the events alone: suggested, decided, merged and split, replayed with duplicates."""

from __future__ import annotations

from controlroom.live.state import LiveState


def ev(seq: int, type_: str, payload: dict) -> dict:
    return {
        "seq": seq,
        "type": type_,
        "subject": "",
        "at": "2025-01-01T00:00:00Z",
        "payload": payload,
    }


def suggestion(ident: int, status: str = "pending") -> dict:
    side = {"entity": 7, "label": "Jack Smith (b. 1999-01-02)", "captures": ["c1"]}
    waiting = {"label": "Jack SMITH", "captures": ["c2"], "capture_id": "c2", "path": "text"}
    return {
        "id": ident,
        "kind": "person",
        "status": status,
        "score": 0.93,
        "reasons": ["same surname"],
        "record": side,
        "candidate": waiting,
    }


def test_suggestions_wait_until_decided_and_links_follow_each_capture():
    state = LiveState()
    seen = []
    state.subscribe(seen.append)
    link = {
        "id": 7,
        "kind": "person",
        "label": "Jack Smith",
        "linked": "auto",
        "score": 1.0,
        "reasons": ["new"],
    }
    stream = [
        ev(1, "capture.linked", {"capture_id": "c1", "entities": [link]}),
        ev(2, "entity.suggested", suggestion(1)),
        ev(2, "entity.suggested", suggestion(1)),  # duplicate
        ev(3, "entity.suggested", suggestion(2)),
        ev(
            4, "entity.decided", suggestion(2, "unsure")
        ),  # unsure stays in the queue, after pending
        ev(5, "entity.decided", suggestion(1, "linked")),
        ev(
            6,
            "entity.merged",
            {"action": "merge", "id": 7, "other": 9, "captures": ["c3"], "by": "user:a"},
        ),
        ev(7, "entity.decided", {"id": 3}),  # does not fit the contract: refused whole
    ]
    for event in stream:
        state.apply(event)
    assert [s.id for s in state.waiting] == [2] and state.waiting[0].status == "unsure"
    assert state.links["c1"][0].id == 7 and state.links["c1"][0].linked == "auto"
    assert state.duplicates == 1 and state.rejected == 1
    assert {c.section for c in seen} == {"links", "suggestions", "entities"}
    assert any(c.section == "entities" and set(c.keys) == {7, 9} for c in seen)


def test_the_queue_the_desk_loads_is_kept_current():
    state = LiveState()
    from msgspec import convert

    from controlroom.contract.entities import Suggestion

    state.load_suggestions(
        [convert(suggestion(5), Suggestion), convert(suggestion(6, "linked"), Suggestion)]
    )
    assert [s.id for s in state.waiting] == [5]
    state.apply(ev(1, "entity.decided", suggestion(5, "not_same")))
    assert state.waiting == []


def closing(ident: int, reopened: bool = False) -> dict:
    return {"id": ident, "kind": "person", "label": "Jack Smith", "capture": "c1", "revision": 2,
            "why": "its only mention was taken back by an amendment",
            "at": "2025-01-01T00:00:00Z", "by": "hub:linker", "reopened": reopened}  # fmt: skip


def test_a_closed_record_leaves_the_queue_and_pages_showing_it_are_read_again():
    state = LiveState()
    seen = []
    state.subscribe(seen.append)
    state.apply(ev(1, "entity.suggested", suggestion(1)))  # about record 7
    state.apply(ev(2, "entity.closed", closing(9)))  # another record: the queue stays
    assert [s.id for s in state.waiting] == [1]
    state.apply(ev(3, "entity.closed", closing(7)))
    assert state.waiting == []
    assert any(c.section == "entities" and c.keys == (7,) for c in seen)
    state.apply(ev(4, "entity.reopened", closing(7, reopened=True)))
    assert seen[-1].section == "entities" and seen[-1].keys == (7,)


def test_a_crime_import_is_kept_for_the_crime_layer_to_draw_again():
    state = LiveState()
    seen = []
    state.subscribe(seen.append)
    imported = {"file": "2019-01-street.csv", "sha256": "ab" * 32, "rows": 5, "added": 4,
                "held": 1, "refused": 0, "first_month": "2019-01", "last_month": "2019-01",
                "categories": {"Burglary": 4}, "by": "cli:root"}  # fmt: skip
    state.apply(ev(1, "context.crimes_imported", imported))
    assert state.crimes_imported is not None and state.crimes_imported.categories == {"Burglary": 4}
    assert seen[-1].section == "crimes"
