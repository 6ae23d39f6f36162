"""Dates and times as people read them: Dutch formats, Europe/Amsterdam time.

Shared by templates (as filters), mail and services; the words follow the
language of the request (or of the mail's recipient under `force_locale`).
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, format_datetime, format_time

from hubsite.timeutil import to_local


def local_date(value: datetime | date, style: str = "full") -> str:
    """`zondag 22 november 2026` (style full), `22 nov 2026` (medium), `22-11-2026` (short)."""
    if isinstance(value, datetime):
        value = to_local(value).date()
    formats = {"full": "EEEE d MMMM y", "long": "d MMMM y", "medium": "d MMM y", "short": "dd-MM-y",
               "weekday": "EEEE d MMMM", "day": "EEE d MMM"}
    return format_date(value, formats.get(style, style))


def local_time(value: datetime) -> str:
    """`14:00`, the 24-hour clock, in Europe/Amsterdam."""
    return format_time(to_local(value), "HH:mm")


def local_datetime(value: datetime) -> str:
    """`zo 22 nov 2026, 14:00`."""
    return format_datetime(to_local(value), "EEE d MMM y, HH:mm")


def iso_datetime(value: datetime) -> str:
    """The machine-readable value for a `<time datetime>` attribute."""
    return to_local(value).isoformat(timespec="minutes")
