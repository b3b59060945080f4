"""The audit chain's check in words: intact, or every break named and its records marked."""

from controlroom.review.chain import chain_check


def test_every_break_is_named_and_its_records_marked():
    intact = chain_check({"ok": True, "records": 1200, "first_bad_id": None, "problem": ""})
    assert intact.ok and intact.words() == "✔ Audit chain intact: 1,200 records checked"
    broken = chain_check(
        {
            "ok": False,
            "records": 141,
            "first_bad_id": 42,
            "problem": "does not match its hash",
            "breaks": [
                {
                    "first_id": 42,
                    "last_id": 42,
                    "records": 1,
                    "problem": "does not match its hash",
                    "description": "record 42: does not match its hash",
                },
                {
                    "first_id": 97,
                    "last_id": 99,
                    "records": 3,
                    "problem": "does not follow the record before it",
                    "description": "records 97-99 (3 records): does not follow the record",
                },
            ],
        }
    )
    assert not broken.ok and set(broken.breaks) == {42, 97, 98, 99}
    assert "record 42: does not match its hash" in broken.words()
    assert "records 97-99 (3 records)" in broken.words()
    first_only = chain_check({"ok": False, "records": 3, "first_bad_id": 4, "problem": "x"})
    assert first_only.breaks == {4: "x"} and not first_only.ok
