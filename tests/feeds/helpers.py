"""Reading feeds the way a calendar client does."""

from __future__ import annotations

from datetime import date, datetime

import recurring_ical_events
from icalendar import Calendar

from hubsite.agenda.models import Occurrence
from hubsite.timeutil import LOCAL_TZ, to_local

Slot = tuple[datetime, datetime, str]


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def expand(body: bytes, start: date, end: date) -> list:
    """Every instance a client shows between local days `start` and `end` (inclusive)."""
    calendar = parse(body)
    return list(recurring_ical_events.of(calendar).between(start, end + (date.resolution)))


def slots(components, cancelled: bool = False) -> list[Slot]:
    """(start, end, summary) of the expanded instances, scheduled (or cancelled) ones only."""
    chosen = [c for c in components if (str(c.get("STATUS")) == "CANCELLED") == cancelled]
    return sorted((c.decoded("DTSTART").astimezone(LOCAL_TZ),
                   c.decoded("DTEND").astimezone(LOCAL_TZ), str(c["SUMMARY"])) for c in chosen)


def site_slots(occurrences: list[Occurrence], cancelled: bool = False) -> list[Slot]:
    """The same triples for the dates the site shows."""
    return sorted((to_local(o.starts_at), to_local(o.ends_at), o.title)
                  for o in occurrences if o.is_cancelled == cancelled)


def vevents(body: bytes) -> list:
    return list(parse(body).walk("VEVENT"))
