"""Recurrence rules expand in Amsterdam wall-clock time."""

from datetime import date, datetime, timedelta

import pytest

from hubsite.agenda.recurrence import (
    Recurrence,
    RecurrenceError,
    build_rrule,
    ending_at,
    expand,
    parse_rrule,
    until_clause,
    with_until,
)
from hubsite.timeutil import LOCAL_TZ


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


def test_a_rule_is_stored_in_the_same_form_it_always_was():
    """Rebuilding the rule of an unchanged form gives the stored text back (no false "edit")."""
    rule = build_rrule(Recurrence("WEEKLY", interval=2, weekdays=("TH", "TU"),
                                  until=date(2027, 7, 1)), datetime(2027, 1, 5, 14))
    assert rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270701T215959Z"
    assert build_rrule(Recurrence("MONTHLY", count=3), datetime(2026, 12, 7, 19)) == \
        "FREQ=MONTHLY;BYMONTHDAY=7;COUNT=3"


@pytest.mark.parametrize("recurrence", [
    Recurrence("DAILY", until=date(2027, 3, 28)),
    Recurrence("WEEKLY", interval=3, weekdays=("MO", "FR"), count=12),
    Recurrence("WEEKLY", weekdays=("TU",), until=date(2027, 10, 31)),
    Recurrence("MONTHLY", monthly_by="weekday", until=date(2027, 12, 31)),
    Recurrence("MONTHLY", interval=2, count=6),
])
def test_reading_a_built_rule_gives_the_form_back(recurrence):
    assert parse_rrule(build_rrule(recurrence, datetime(2027, 1, 29, 14))) == recurrence


def test_until_a_day_ends_that_local_day_in_utc_in_winter_and_in_summer():
    assert until_clause(date(2027, 1, 12)) == "UNTIL=20270112T225959Z"
    assert until_clause(date(2027, 7, 13)) == "UNTIL=20270713T215959Z"


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY;BYDAY=TU;COUNT=10",
                                  "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231T225959Z",
                                  "FREQ=WEEKLY;UNTIL=20271231;BYDAY=TU"])
def test_with_until_replaces_any_count_or_until(rule):
    ended = with_until(rule, date(2027, 3, 16))
    assert ended == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270316T225959Z"
    assert expand(ended, datetime(2027, 3, 2, 14))[-1] == datetime(2027, 3, 16, 14,
                                                                   tzinfo=LOCAL_TZ)


def test_ending_at_stops_the_rule_at_a_stored_start():
    ended = ending_at("FREQ=WEEKLY;BYDAY=TU;COUNT=10", datetime(2026, 3, 31, 12, 0))
    assert ended == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260331T120000Z"
    with pytest.raises(TypeError):
        ending_at("FREQ=WEEKLY", datetime(2026, 3, 31, 14, tzinfo=LOCAL_TZ))


def test_an_until_given_as_a_date_or_a_floating_time_is_read_as_that_day():
    assert parse_rrule("FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231").until == date(2027, 12, 31)
    assert parse_rrule("FREQ=WEEKLY;UNTIL=20271231T235900").until == date(2027, 12, 31)
    # In UTC, 23:30 on 31 December is already 1 January in Amsterdam.
    assert parse_rrule("FREQ=WEEKLY;UNTIL=20271231T233000Z").until == date(2028, 1, 1)


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY;BYDAY=XX", "FREQ=WEEKLY;COUNT=veel",
                                  "FREQ=DAILY;INTERVAL=twee"])
def test_a_rule_that_cannot_be_read_is_a_recurrence_error(rule):
    with pytest.raises(RecurrenceError):
        parse_rrule(rule)
    with pytest.raises(RecurrenceError):
        with_until(rule, date(2027, 1, 1))


@pytest.mark.parametrize("rule", ["FREQ=YEARLY", ""])
def test_a_rule_the_form_cannot_show_is_a_recurrence_error(rule):
    with pytest.raises(RecurrenceError):
        parse_rrule(rule)


def test_a_naive_first_start_is_a_local_wall_clock_reading():
    naive = expand("FREQ=DAILY;COUNT=2", datetime(2027, 3, 27, 14))
    aware = expand("FREQ=DAILY;COUNT=2", datetime(2027, 3, 27, 14, tzinfo=LOCAL_TZ))
    assert naive == aware
    assert [s.utcoffset() for s in naive] == [timedelta(hours=1), timedelta(hours=2)]
