"""Matching stored dates to a changed series (hubsite.agenda.schedule)."""

from __future__ import annotations

from datetime import datetime

from hubsite.agenda.models import Occurrence
from hubsite.agenda.schedule import match_rows
from hubsite.timeutil import LOCAL_TZ, to_utc_naive


def _utc(day: int, hour: int = 14) -> datetime:
    return to_utc_naive(datetime(2027, 3, day, hour, tzinfo=LOCAL_TZ))


def _rows(*days: int) -> list[Occurrence]:
    return [Occurrence(starts_at=_utc(d), ends_at=_utc(d, 16), original_start=_utc(d))
            for d in days]


def test_rows_follow_a_new_time_of_day():
    rows = _rows(2, 9, 16)
    old_first = datetime(2027, 3, 2, 14, tzinfo=LOCAL_TZ)
    new_first = datetime(2027, 3, 2, 10, tzinfo=LOCAL_TZ)

    matching = match_rows(rows, old_first, new_first, {_utc(2, 10), _utc(9, 10), _utc(16, 10)})

    assert [matching.target[id(r)] for r in rows] == [_utc(2, 10), _utc(9, 10), _utc(16, 10)]
    assert matching.unmatched == []


def test_rows_follow_a_new_weekday_and_the_last_one_is_left_when_the_series_is_shorter():
    rows = _rows(2, 9, 16)  # Tuesdays
    old_first = datetime(2027, 3, 2, 14, tzinfo=LOCAL_TZ)
    new_first = datetime(2027, 3, 3, 14, tzinfo=LOCAL_TZ)  # Wednesdays, two of them

    matching = match_rows(rows, old_first, new_first, {_utc(3), _utc(10)})

    assert [matching.target.get(id(r)) for r in rows] == [_utc(3), _utc(10), None]
    assert matching.unmatched == [rows[2]]


def test_a_row_keeps_its_own_date_when_the_shift_does_not_give_one():
    rows = _rows(2, 9)
    old_first = datetime(2027, 3, 2, 14, tzinfo=LOCAL_TZ)
    new_first = datetime(2027, 3, 9, 14, tzinfo=LOCAL_TZ)  # the series now starts a week later

    matching = match_rows(rows, old_first, new_first, {_utc(9), _utc(16)})

    assert matching.target[id(rows[0])] == _utc(9)
    assert matching.target[id(rows[1])] == _utc(16)
