"""The audit chain's check in words: intact, or every break named."""

from controlroom.review.chain import chain_check


def test_every_break_is_named():
    intact = chain_check({"ok": True, "records": 1200, "first_bad_id": None, "problem": ""})
    assert intact.ok and intact.words() == "✔ Audit chain intact: 1,200 records checked"
    broken = chain_check(
        {
            "ok": False,
            "records": 41,
            "breaks": [
                {"id": 42, "problem": "record does not match its hash"},
                {"id": 97, "problem": "link to the previous record broken"},
            ],
        }
    )
    assert not broken.ok and set(broken.breaks) == {42, 97}
    assert "record 42: record does not match its hash" in broken.words()
    assert "record 97: link to the previous record broken" in broken.words()
    first_only = chain_check({"ok": False, "records": 3, "first_bad_id": 4, "problem": "x"})
    assert first_only.breaks == {4: "x"}
