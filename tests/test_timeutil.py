"""Stored UTC and local Amsterdam time never mix silently, across both daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from hubsite.timeutil import (
    LOCAL_TZ,
    as_local,
    local_today,
    local_wall_clock,
    to_local,
    to_utc,
    to_utc_naive,
    utcnow,
)


def offset_hours(value: datetime) -> float:
    return value.utcoffset().total_seconds() / 3600


def test_utcnow_is_a_stored_value_close_to_now():
    now = utcnow()
    assert now.tzinfo is None
    assert abs(now.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(seconds=5)


@pytest.mark.parametrize(("stored", "local", "offset"), [
    # Summer time starts on 28 March 2027 at 02:00 local (01:00 UTC).
    (datetime(2027, 3, 28, 0, 59), "2027-03-28 01:59", 1),
    (datetime(2027, 3, 28, 1, 0), "2027-03-28 03:00", 2),
    # Summer time ends on 31 October 2027 at 03:00 local (01:00 UTC): 02:00-03:00 twice.
    (datetime(2027, 10, 31, 0, 30), "2027-10-31 02:30", 2),
    (datetime(2027, 10, 31, 1, 30), "2027-10-31 02:30", 1),
])
def test_a_stored_value_shows_on_amsterdams_clock_on_both_change_days(stored, local, offset):
    shown = to_local(stored)
    assert shown.strftime("%Y-%m-%d %H:%M") == local
    assert offset_hours(shown) == offset
    assert to_utc_naive(shown) == stored


@pytest.mark.parametrize(("reading", "stored"), [
    (datetime(2027, 1, 5, 14), datetime(2027, 1, 5, 13)),  # winter: UTC+1
    (datetime(2027, 7, 6, 14), datetime(2027, 7, 6, 12)),  # summer: UTC+2
    (datetime(2027, 3, 28, 1, 30), datetime(2027, 3, 28, 0, 30)),  # just before the change
    (datetime(2027, 3, 28, 3, 30), datetime(2027, 3, 28, 1, 30)),  # just after it
])
def test_a_wall_clock_reading_is_stored_with_that_days_offset(reading, stored):
    local = local_wall_clock(reading)
    assert local.tzinfo is not None
    assert (local.hour, local.minute) == (reading.hour, reading.minute)
    assert to_utc_naive(local) == stored


def test_a_date_and_a_time_of_day_make_the_same_local_moment():
    assert local_wall_clock(date(2027, 10, 31), time(14)) == local_wall_clock(
        datetime(2027, 10, 31, 14))
    midnight = local_wall_clock(date(2027, 3, 28), time())
    assert to_utc_naive(midnight) == datetime(2027, 3, 27, 23)


def test_a_reading_the_clock_skips_becomes_the_moment_after_the_change():
    skipped = local_wall_clock(datetime(2027, 3, 28, 2, 30))
    assert skipped.strftime("%H:%M") == "03:30" and offset_hours(skipped) == 2
    assert to_utc_naive(skipped) == datetime(2027, 3, 28, 1, 30)


def test_a_reading_the_clock_shows_twice_is_the_first_of_the_two():
    twice = local_wall_clock(datetime(2027, 10, 31, 2, 30))
    assert offset_hours(twice) == 2
    assert to_utc_naive(twice) == datetime(2027, 10, 31, 0, 30)


def test_an_aware_value_keeps_its_moment_on_the_way_to_local():
    moment = datetime(2027, 7, 6, 12, tzinfo=UTC)
    assert local_wall_clock(moment) == as_local(moment) == moment
    assert as_local(moment).tzinfo is LOCAL_TZ and as_local(moment).hour == 14
    elsewhere = datetime(2027, 7, 6, 8, tzinfo=timezone(timedelta(hours=-4)))
    assert to_utc_naive(elsewhere) == datetime(2027, 7, 6, 12)


def test_to_utc_gives_an_aware_utc_moment_for_http_and_icalendar():
    assert to_utc(datetime(2027, 7, 6, 12)) == datetime(2027, 7, 6, 12, tzinfo=UTC)
    assert to_utc(datetime(2027, 7, 6, 12)).tzinfo is UTC


def test_local_today_turns_at_amsterdam_midnight_not_at_utc_midnight():
    assert local_today(datetime(2027, 7, 6, 21, 59)) == date(2027, 7, 6)
    assert local_today(datetime(2027, 7, 6, 22, 0)) == date(2027, 7, 7)
    assert local_today(datetime(2027, 1, 6, 22, 59)) == date(2027, 1, 6)
    assert local_today(datetime(2027, 1, 6, 23, 0)) == date(2027, 1, 7)


# A naive datetime is either stored UTC or a wall-clock reading: each function takes one.

def test_to_local_refuses_an_aware_value():
    with pytest.raises(TypeError, match="as_local"):
        to_local(datetime(2027, 7, 6, 14, tzinfo=LOCAL_TZ))


def test_to_utc_refuses_an_aware_value():
    with pytest.raises(TypeError):
        to_utc(datetime(2027, 7, 6, 14, tzinfo=LOCAL_TZ))


def test_to_utc_naive_refuses_a_naive_value():
    with pytest.raises(TypeError, match="local_wall_clock"):
        to_utc_naive(datetime(2027, 7, 6, 14))


def test_as_local_refuses_a_naive_value():
    with pytest.raises(TypeError, match="to_local"):
        as_local(datetime(2027, 7, 6, 12))


@pytest.mark.parametrize("call", [
    lambda: to_local(date(2027, 7, 6)),
    lambda: to_utc_naive(date(2027, 7, 6)),
    lambda: local_wall_clock(date(2027, 7, 6)),
    lambda: local_wall_clock(datetime(2027, 7, 6, 14), time(15)),
    lambda: local_wall_clock(date(2027, 7, 6), time(14, tzinfo=UTC)),
    lambda: local_wall_clock("2027-07-06 14:00"),
])
def test_values_of_the_wrong_kind_are_refused(call):
    with pytest.raises(TypeError):
        call()
