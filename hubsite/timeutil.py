"""Time, in two explicit kinds: stored UTC and local (Europe/Amsterdam) time.

- **stored**: a *naive* datetime meaning UTC, the way the database holds every
  moment (`utcnow()`, `Occurrence.starts_at`, `updated_at`).
- **local**: an *aware* datetime in Europe/Amsterdam, what people see and what
  recurrence rules repeat in (a weekly 14:00 stays at 14:00 across
  daylight-saving changes).
- **wall clock**: a *naive* reading of a local clock, as a form gives it
  (`datetime.combine(day, time_field)`); `local_wall_clock` makes it local.

A naive datetime is ambiguous between the first and the last kind, so no
function here guesses: each takes one kind and refuses (TypeError) a value
of the other.

`to_local` and `to_utc_naive` keep their names (half the code base calls
them): read them as "stored to local" and "any aware moment to stored".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    """The current moment, stored (naive UTC), the way the database stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(value: datetime) -> datetime:
    """A stored (naive UTC) datetime as local (aware Europe/Amsterdam) time.

    Refuses an aware value: it is no stored value, and `as_local` converts it.
    """
    _require_naive(value, "to_local", "as_local")
    return value.replace(tzinfo=UTC).astimezone(LOCAL_TZ)


def to_utc_naive(value: datetime) -> datetime:
    """An aware datetime (any zone) as a stored value (naive UTC).

    Refuses a naive value, which could mean UTC or a local wall clock: make a
    wall-clock reading aware with `local_wall_clock` first.
    """
    _require_aware(value, "to_utc_naive", "local_wall_clock")
    return value.astimezone(UTC).replace(tzinfo=None)


def to_utc(value: datetime) -> datetime:
    """A stored (naive UTC) datetime as an aware UTC datetime (HTTP dates, DTSTAMP)."""
    _require_naive(value, "to_utc", "value.astimezone(UTC)")
    return value.replace(tzinfo=UTC)


def as_local(value: datetime) -> datetime:
    """An aware datetime (any zone) as local time: the same moment on Amsterdam's clock."""
    _require_aware(value, "as_local", "to_local")
    return value.astimezone(LOCAL_TZ)


def local_wall_clock(value: datetime | date, at: time | None = None) -> datetime:
    """A local clock reading as local (aware) time.

    `local_wall_clock(datetime(2027, 3, 2, 14))` or `local_wall_clock(day, time(14))`:
    14:00 on Amsterdam's clock, whatever its offset that day. An aware value is
    already a moment and is only converted (`as_local`), so a service may take
    either what a form gives or what another service computed.

    A reading that the clock skips (02:30 when summer time starts) becomes the
    moment it names after the change (03:30); one that it shows twice (02:30
    when summer time ends) is the first of the two.
    """
    if isinstance(value, datetime):
        if at is not None:
            raise TypeError("local_wall_clock: give a datetime, or a date and a time")
        if value.tzinfo is not None:
            return as_local(value)
        naive = value
    elif isinstance(value, date):
        if at is None:
            raise TypeError("local_wall_clock: a date needs a time of day")
        if at.tzinfo is not None:
            raise TypeError("local_wall_clock: the time of day must be naive (a clock reading)")
        naive = datetime.combine(value, at)
    else:
        raise TypeError(f"local_wall_clock: expected a datetime or a date, got {type(value)!r}")
    # Through UTC and back, so a skipped reading gets the offset that holds after it.
    return naive.replace(tzinfo=LOCAL_TZ, fold=0).astimezone(UTC).astimezone(LOCAL_TZ)


def local_today(now: datetime | None = None) -> date:
    """Today's date on Amsterdam's clock (`now` stored, default the current moment)."""
    return to_local(now or utcnow()).date()


def _require_naive(value: datetime, name: str, instead: str) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name}: expected a datetime, got {type(value)!r}")
    if value.tzinfo is not None:
        raise TypeError(f"{name} takes a stored (naive UTC) datetime, got {value!r}; "
                        f"use {instead}")


def _require_aware(value: datetime, name: str, instead: str) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name}: expected a datetime, got {type(value)!r}")
    if value.tzinfo is None:
        raise TypeError(f"{name} takes an aware datetime, got naive {value!r}; "
                        f"use {instead}")
