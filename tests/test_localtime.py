"""Times are shown in the force's local time, summer time included, from one helper."""

from controlroom.localtime import clock, day_and_clock, stamp


def test_summer_time_is_an_hour_ahead_of_the_wire():
    assert clock("2026-07-01T23:41:07.123Z") == "00:41:07"  # BST: already the next day
    assert stamp("2026-07-01T23:41:07Z") == "02 Jul 2026 00:41:07 BST"


def test_winter_time_is_the_wire_time():
    assert clock("2026-12-01T09:00:00Z") == "09:00:00"
    assert stamp("2026-12-01T09:00:00Z") == "01 Dec 2026 09:00:00 GMT"


def test_the_clocks_changing_is_followed():
    assert clock("2026-03-29T00:59:59Z") == "00:59:59"  # the last second of GMT
    assert clock("2026-03-29T01:00:00Z") == "02:00:00"  # the first of BST
    assert clock("2026-10-25T00:59:59Z") == "01:59:59"
    assert clock("2026-10-25T01:00:00Z") == "01:00:00"


def test_today_shows_the_clock_and_another_day_its_date():
    now = 1_782_946_800.0  # 2026-07-02 00:00:00 BST
    assert day_and_clock("2026-07-01T23:41:07Z", now=now) == "00:41:07"
    assert day_and_clock("2026-06-30T12:00:00Z", now=now) == "Tue 30 Jun 13:00"


def test_no_time_or_an_unreadable_one_shows_nothing():
    assert clock(None) == clock("") == clock("yesterday") == ""
    assert stamp(None) == ""
    assert clock(1_782_946_800.0, seconds=False) == "00:00"
