"""Recurrence rules as plain functions: build an RRULE, expand it to local dates.

RRULE values are read and written by icalendar's `vRecur` only (no string
surgery); dateutil expands them.

Expansion happens in Europe/Amsterdam wall-clock time, so a weekly 14:00
activity stays at 14:00 across daylight-saving changes; the results are then
stored as UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrulestr
from flask_babel import gettext as _
from icalendar import vRecur

from hubsite.timeutil import LOCAL_TZ, as_local, local_wall_clock, to_utc

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY")
# Open-ended series are stored this far ahead; `max_dates` caps any series.
DEFAULT_HORIZON = timedelta(days=366)
MAX_DATES = 400


class RecurrenceError(ValueError):
    """A recurrence that cannot be used; the message says why."""


@dataclass(frozen=True)
class Recurrence:
    """What a host chooses in the form.

    `monthly_by` is "date" (the 14th of every month) or "weekday" (the second
    Tuesday of every month, taken from the first date).
    """

    frequency: str  # DAILY, WEEKLY, MONTHLY
    interval: int = 1
    weekdays: tuple[str, ...] = ()
    monthly_by: str = "date"
    until: date | None = None
    count: int | None = None


def build_rrule(recurrence: Recurrence, first_start: datetime) -> str:
    """The RRULE value (RFC 5545) for a recurrence starting at `first_start` (local)."""
    if recurrence.frequency not in FREQUENCIES:
        raise RecurrenceError(_("kies dagelijks, wekelijks of maandelijks"))
    if recurrence.interval < 1 or recurrence.interval > 52:
        raise RecurrenceError(_("het aantal weken of maanden tussen twee datums moet tussen 1 en 52 liggen"))
    rule = _Rule(FREQ=recurrence.frequency)
    if recurrence.interval > 1:
        rule["INTERVAL"] = recurrence.interval
    if recurrence.frequency == "WEEKLY":
        days = recurrence.weekdays or (WEEKDAY_CODES[first_start.weekday()],)
        if any(day not in WEEKDAY_CODES for day in days):
            raise RecurrenceError(_("kies geldige weekdagen"))
        rule["BYDAY"] = sorted(set(days), key=WEEKDAY_CODES.index)
    elif recurrence.frequency == "MONTHLY":
        if recurrence.monthly_by == "weekday":
            nth = (first_start.day - 1) // 7 + 1
            # A fifth weekday does not occur in most months: use "last" instead.
            position = -1 if nth == 5 else nth
            rule["BYDAY"] = f"{position}{WEEKDAY_CODES[first_start.weekday()]}"
        else:
            rule["BYMONTHDAY"] = first_start.day
    if recurrence.count is not None:
        if not 1 <= recurrence.count <= MAX_DATES:
            raise RecurrenceError(_("het aantal keer moet tussen 1 en %(max)d liggen", max=MAX_DATES))
        rule["COUNT"] = recurrence.count
    elif recurrence.until is not None:
        rule["UNTIL"] = _end_of_day(recurrence.until)
    return _write(rule)


def expand(rule: str, first_start: datetime, horizon_end: datetime | None = None,
           max_dates: int = MAX_DATES) -> list[datetime]:
    """The local (aware) start times of a series, first date included.

    `first_start` and `horizon_end` are local: aware, or a naive wall-clock
    reading (never a stored UTC value: pass `to_local(event.starts_at)`).
    Stops at the rule's own end, at `horizon_end` for open-ended rules, and
    after `max_dates` dates.
    """
    first_start = local_wall_clock(first_start)
    try:
        parsed = rrulestr(rule, dtstart=first_start)
    except (ValueError, TypeError) as error:
        raise RecurrenceError(_("de herhaalregel is ongeldig")) from error
    if horizon_end is None:
        horizon_end = first_start + DEFAULT_HORIZON
    horizon_end = local_wall_clock(horizon_end)
    starts: list[datetime] = []
    for start in parsed:
        if start > horizon_end or len(starts) >= max_dates:
            break
        # dateutil adds wall-clock time in the zone; re-attach so the offset is right.
        starts.append(start.replace(tzinfo=LOCAL_TZ))
    return starts


def parse_rrule(rule: str) -> Recurrence:
    """The form's view of a stored RRULE (the inverse of `build_rrule`)."""
    recur = _parse(rule)
    frequency = str(_first(recur, "FREQ", ""))
    if frequency not in FREQUENCIES:
        raise RecurrenceError(_("kies dagelijks, wekelijks of maandelijks"))
    weekdays: tuple[str, ...] = ()
    monthly_by = "date"
    byday = tuple(str(day) for day in recur.get("BYDAY", ()))
    if frequency == "WEEKLY" and byday:
        weekdays = byday
    elif frequency == "MONTHLY" and byday:
        monthly_by = "weekday"
    until = _first(recur, "UNTIL", None)
    if isinstance(until, datetime):
        # UTC (the RFC's form with a zoned DTSTART, and ours), else a floating local time.
        until = as_local(until).date() if until.tzinfo is not None else until.date()
    count = _first(recur, "COUNT", None)
    interval = _first(recur, "INTERVAL", 1)
    return Recurrence(frequency, int(interval), weekdays, monthly_by, until,
                      int(count) if count is not None else None)


def until_clause(last_day: date) -> str:
    """`UNTIL=…` for a series whose last date falls on `last_day` (local)."""
    return _write(_Rule(UNTIL=_end_of_day(last_day)))


def with_until(rule: str, last_day: date) -> str:
    """The same rule, ending on `last_day` (local; any COUNT or UNTIL replaced)."""
    return _ending(rule, _end_of_day(last_day))


def ending_at(rule: str, last_start: datetime) -> str:
    """The same rule, ending with the date that starts at `last_start` (stored, naive UTC)."""
    return _ending(rule, to_utc(last_start))


# --------------------------------------------------------------------------- vRecur


class _Rule(vRecur):
    """icalendar's vRecur, writing its parts in the order this site has always stored them
    (so that a rule built again for an unchanged form equals the stored one)."""

    canonical_order = ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL",
                       *(key for key in vRecur.canonical_order
                         if key not in ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT",
                                        "UNTIL")))


def _parse(rule: str) -> vRecur:
    try:
        return vRecur.from_ical(rule)
    except (ValueError, TypeError) as error:
        raise RecurrenceError(_("de herhaalregel is ongeldig")) from error


def _write(rule: vRecur) -> str:
    return _Rule(rule).to_ical().decode()


def _first(recur: vRecur, key: str, default: object) -> object:
    values = recur.get(key)
    return values[0] if values else default


def _end_of_day(last_day: date) -> datetime:
    # RFC 5545: with a DTSTART that has a TZID, UNTIL is given in UTC.
    return local_wall_clock(last_day, time(23, 59, 59)).astimezone(UTC)


def _ending(rule: str, until: datetime) -> str:
    recur = _parse(rule)
    recur.pop("COUNT", None)
    recur["UNTIL"] = until
    return _write(recur)
