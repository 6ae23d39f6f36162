"""The pure iCalendar builders: what a calendar client reads."""

from __future__ import annotations

from datetime import datetime

import recurring_ical_events
from icalendar import Calendar

from hubsite.agenda.models import OCCURRENCE_CANCELLED
from hubsite.agenda.recurrence import Recurrence
from hubsite.extensions import db
from hubsite.feeds.ical import (
    CalendarMeta,
    build_calendar,
    event_item,
    occurrence_calendar,
)
from hubsite.timeutil import to_local


def test_occurrence_calendar_is_one_date_with_method_publish(app, hub, make_event):
    event = make_event(hub, starts_at=datetime(2026, 10, 20, 14), title="Gastles",
                       description="Met **koffie**.", room="Lokaal 2",
                       recurrence=Recurrence("WEEKLY", weekdays=("TU",), count=3))
    second = event.occurrences[1]
    body = occurrence_calendar(second, "https://hubs.example")

    calendar = Calendar.from_ical(body)
    assert calendar["METHOD"] == "PUBLISH"
    (vevent,) = calendar.walk("VEVENT")
    assert "RRULE" not in vevent
    assert vevent.decoded("DTSTART") == to_local(second.starts_at)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert str(vevent["SUMMARY"]) == "Gastles"
    assert "Met koffie." in str(vevent["DESCRIPTION"])
    assert "**" not in str(vevent["DESCRIPTION"])
    assert str(vevent["LOCATION"]).startswith("Hub Almelo, Lokaal 2")
    assert str(vevent["URL"]) == f"https://hubs.example/events/{event.id}"
    assert str(vevent["UID"]).endswith(event.uid)


def test_event_item_expands_to_exactly_the_given_dates(app, hub, make_event):
    event = make_event(hub, starts_at=datetime(2026, 3, 3, 14),
                       recurrence=Recurrence("WEEKLY", weekdays=("TU",), count=10))
    rows = list(event.occurrences)
    rows[4].status = OCCURRENCE_CANCELLED
    db.session.commit()
    shown = rows[2:8]  # as if a date window cut the series
    del shown[1]  # and one date was dropped

    item = event_item(event, shown, event.activity_type, "https://x/events/1")
    calendar = Calendar.from_ical(build_calendar(CalendarMeta(name="Test"), [item]))
    expanded = recurring_ical_events.of(calendar).between(datetime(2026, 1, 1),
                                                          datetime(2027, 1, 1))
    scheduled = sorted(c.decoded("DTSTART") for c in expanded if c.get("STATUS") != "CANCELLED")
    cancelled = [c.decoded("DTSTART") for c in expanded if c.get("STATUS") == "CANCELLED"]
    assert scheduled == [to_local(o.starts_at) for o in shown if o is not rows[4]]
    assert cancelled == [to_local(rows[4].starts_at)]

