"""Recurrence rules expand in Amsterdam wall-clock time."""

from datetime import date, datetime

import pytest

from hubsite.agenda.recurrence import Recurrence, RecurrenceError, build_rrule, expand


def test_weekly_activity_stays_at_14_00_across_the_end_of_summer_time():
    first = datetime(2026, 10, 13, 14, 0)
    rule = build_rrule(Recurrence("WEEKLY", weekdays=("TU",), until=date(2026, 11, 10)), first)
    starts = expand(rule, first)
    assert [s.strftime("%Y-%m-%d %H:%M") for s in starts] == [
        "2026-10-13 14:00", "2026-10-20 14:00", "2026-10-27 14:00",
        "2026-11-03 14:00", "2026-11-10 14:00",
    ]
    assert [s.utcoffset().total_seconds() / 3600 for s in starts] == [2, 2, 1, 1, 1]


def test_monthly_by_weekday_means_the_first_monday_of_each_month():
    first = datetime(2026, 12, 7, 19, 0)
    rule = build_rrule(Recurrence("MONTHLY", monthly_by="weekday", count=3), first)
    assert rule == "FREQ=MONTHLY;BYDAY=1MO;COUNT=3"
    assert [s.date() for s in expand(rule, first)] == [
        date(2026, 12, 7), date(2027, 1, 4), date(2027, 2, 1)]


def test_unknown_weekday_is_refused():
    with pytest.raises(RecurrenceError):
        build_rrule(Recurrence("WEEKLY", weekdays=("XX",)), datetime(2026, 12, 1, 10))


def test_weekly_series_is_stored_as_one_row_per_date(make_event, hub):
    event = make_event(hub, starts_at=datetime(2026, 10, 20, 14, 0),
                       recurrence=Recurrence("WEEKLY", count=3))
    assert event.rrule == "FREQ=WEEKLY;BYDAY=TU;COUNT=3"
    # Stored in UTC: 12:00 in summer time, 13:00 after the clocks went back.
    assert [o.starts_at.strftime("%m-%d %H:%M") for o in event.occurrences] == [
        "10-20 12:00", "10-27 13:00", "11-03 13:00"]
    assert all(o.original_start == o.starts_at for o in event.occurrences)
