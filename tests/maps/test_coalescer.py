from PySide6.QtCore import QTimer

from maps.coalescer import DiffCoalescer, MapState, merge_diffs


def unit(cs, **fields):
    return {"units": {"upsert": [{"callsign": cs, **fields}]}}


def test_upserts_merge_by_id_and_later_fields_win():
    first = unit("A", lat=1, lon=1, status="available")
    merged = merge_diffs(first, unit("A", lat=2), unit("B", lat=5))
    by_cs = {u["callsign"]: u for u in merged["units"]["upsert"]}
    assert by_cs["A"] == {"callsign": "A", "lat": 2, "lon": 1, "status": "available"}
    assert by_cs["B"] == {"callsign": "B", "lat": 5}
    assert merged["units"]["remove"] == []


def test_remove_drops_earlier_upserts_and_readd_comes_after_remove():
    merged = merge_diffs(unit("A", lat=1), {"units": {"remove": ["A", "B"]}})
    assert merged["units"] == {"upsert": [], "remove": ["A", "B"]}
    removal = {"units": {"remove": ["A"]}}
    readded = merge_diffs(unit("A", lat=1, status="x"), removal, unit("A", lat=3))
    assert readded["units"] == {"upsert": [{"callsign": "A", "lat": 3}], "remove": ["A"]}


def test_captures_merge_by_id_and_singletons_keep_the_latest():
    merged = merge_diffs(
        {"captures": {"upsert": [{"id": "c1", "kind": "note"}]}, "focus": {"lat": 1, "lon": 1}},
        {"captures": {"upsert": [{"id": "c1", "summary": "s"}]}, "track": None},
        {"focus": {"lat": 2, "lon": 2}, "select": {"kind": "unit", "id": "A"}},
    )
    assert merged["captures"]["upsert"] == [{"id": "c1", "kind": "note", "summary": "s"}]
    assert merged["focus"] == {"lat": 2, "lon": 2}
    assert merged["track"] is None and merged["select"] == {"kind": "unit", "id": "A"}


def test_merging_does_not_change_the_callers_diffs():
    first = unit("A", lat=1)
    merge_diffs(first, unit("A", lat=2))
    assert first == unit("A", lat=1)


def test_a_burst_of_diffs_becomes_one_batch(qtbot):
    batches = []
    coalescer = DiffCoalescer(batches.append, interval_ms=100)
    for i in range(500):
        coalescer.add(unit(f"U{i % 50}", lat=i))
    qtbot.waitUntil(lambda: bool(batches), timeout=2000)
    assert len(batches) == 1
    upserts = {u["callsign"]: u["lat"] for u in batches[0]["units"]["upsert"]}
    assert len(upserts) == 50 and upserts["U49"] == 499


def test_flushes_at_most_ten_times_a_second(qtbot):
    batches, added = [], []
    coalescer = DiffCoalescer(batches.append, interval_ms=100)
    feeder = QTimer()
    feeder.setInterval(3)

    def feed():
        n = len(added)
        added.append(n)
        coalescer.add(unit("A", lat=n))

    feeder.timeout.connect(feed)
    feeder.start()
    qtbot.waitUntil(lambda: len(batches) >= 6, timeout=5000)
    feeder.stop()
    gaps = [b - a for a, b in zip(coalescer.flush_times, coalescer.flush_times[1:], strict=False)]
    assert min(gaps) >= 0.099, gaps
    assert len(added) > len(batches) * 3  # many diffs per batch
    qtbot.waitUntil(lambda: not coalescer.pending, timeout=2000)
    assert batches[-1]["units"]["upsert"][0]["lat"] == added[-1]  # nothing lost at the end


def test_held_coalescer_keeps_merging_until_released(qtbot):
    batches = []
    coalescer = DiffCoalescer(batches.append, interval_ms=10)
    coalescer.hold()
    coalescer.add(unit("A", lat=1))
    coalescer.add(unit("B", lat=2))
    assert batches == [] and coalescer.pending
    assert not coalescer.scheduled  # nothing can flush while held
    coalescer.release()
    qtbot.waitUntil(lambda: bool(batches), timeout=1000)
    assert {u["callsign"] for u in batches[0]["units"]["upsert"]} == {"A", "B"}


def test_map_state_keeps_what_the_page_should_show():
    state = MapState()
    state.add(unit("A", lat=1, status="available"))
    state.add(unit("B", lat=2))
    state.add({"units": {"remove": ["B"]}, "focus": {"lat": 0, "lon": 0}, "track": None})
    state.add(unit("A", lat=3))
    assert state.to_diff() == {
        "units": {"upsert": [{"callsign": "A", "lat": 3, "status": "available"}], "remove": []},
        "track": None,
    }
