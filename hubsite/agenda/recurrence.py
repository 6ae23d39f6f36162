"""Recurrence rules as plain functions: build an RRULE, expand it to local dates.

Expansion happens in Europe/Amsterdam wall-clock time, so a weekly 14:00
activity stays at 14:00 across daylight-saving changes; the results are then
stored as UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrulestr
from flask_babel import gettext as _

from hubsite.timeutil import LOCAL_TZ, local_wall_clock

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
    parts = [f"FREQ={recurrence.frequency}"]
    if recurrence.interval > 1:
        parts.append(f"INTERVAL={recurrence.interval}")
    if recurrence.frequency == "WEEKLY":
        days = recurrence.weekdays or (WEEKDAY_CODES[first_start.weekday()],)
        if any(day not in WEEKDAY_CODES for day in days):
            raise RecurrenceError(_("kies geldige weekdagen"))
        ordered = sorted(set(days), key=WEEKDAY_CODES.index)
        parts.append("BYDAY=" + ",".join(ordered))
    elif recurrence.frequency == "MONTHLY":
        if recurrence.monthly_by == "weekday":
            nth = (first_start.day - 1) // 7 + 1
            # A fifth weekday does not occur in most months: use "last" instead.
            position = -1 if nth == 5 else nth
            parts.append(f"BYDAY={position}{WEEKDAY_CODES[first_start.weekday()]}")
        else:
            parts.append(f"BYMONTHDAY={first_start.day}")
    if recurrence.count is not None:
        if not 1 <= recurrence.count <= MAX_DATES:
            raise RecurrenceError(_("het aantal keer moet tussen 1 en %(max)d liggen", max=MAX_DATES))
        parts.append(f"COUNT={recurrence.count}")
    elif recurrence.until is not None:
        # RFC 5545: with a DTSTART that has a TZID, UNTIL is given in UTC.
        parts.append(until_clause(recurrence.until))
    return ";".join(parts)


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
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    frequency = parts.get("FREQ", "")
    if frequency not in FREQUENCIES:
        raise RecurrenceError(_("kies dagelijks, wekelijks of maandelijks"))
    weekdays: tuple[str, ...] = ()
    monthly_by = "date"
    byday = parts.get("BYDAY", "")
    if frequency == "WEEKLY" and byday:
        weekdays = tuple(byday.split(","))
    elif frequency == "MONTHLY" and byday:
        monthly_by = "weekday"
    until = None
    if "UNTIL" in parts:
        until_utc = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        until = until_utc.astimezone(LOCAL_TZ).date()
    count = int(parts["COUNT"]) if "COUNT" in parts else None
    return Recurrence(frequency, int(parts.get("INTERVAL", 1)), weekdays, monthly_by, until, count)


def until_clause(last_day: date) -> str:
    """`UNTIL=…` for a series whose last date falls on `last_day` (local)."""
    local_end_of_day = datetime.combine(last_day, time(23, 59, 59), LOCAL_TZ)
    return "UNTIL=" + local_end_of_day.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def with_until(rule: str, last_day: date) -> str:
    """The same rule, ending on `last_day` (any COUNT or UNTIL replaced)."""
    kept = [part for part in rule.split(";") if not part.startswith(("COUNT=", "UNTIL="))]
    return ";".join([*kept, until_clause(last_day)])
