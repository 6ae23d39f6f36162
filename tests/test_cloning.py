"""Copying an activity: every capability's fields come along, through the cloners."""

from __future__ import annotations

from datetime import datetime, timedelta

from hubsite.agenda import services
from hubsite.cloning import cloned_values, register_cloner
from hubsite.extensions import db
from hubsite.timeutil import LOCAL_TZ


def _next_week() -> datetime:
    day = datetime.now(LOCAL_TZ).date() + timedelta(days=7)
    return datetime(day.year, day.month, day.day, 14)


def test_a_duplicate_takes_the_content_and_the_booking_settings(make_event, hub):
    source = make_event(hub, title="Gastles ondernemen", summary="Met een ondernemer",
                        room="Werkplaats", booking_required=True, capacity=12,
                        booking_max_group=4, booking_waitlist=False)
    start = _next_week() + timedelta(days=7)

    copy = services.duplicate_event(db.session, source, start, start + timedelta(hours=2))

    assert (copy.title, copy.summary, copy.room) == ("Gastles ondernemen", "Met een ondernemer",
                                                    "Werkplaats")
    assert (copy.booking_required, copy.capacity, copy.booking_max_group,
            copy.booking_waitlist) == (True, 12, 4, False)
    assert copy.status == "draft" and copy.duplicated_from_id == source.id


def test_a_new_capability_adds_its_fields_without_the_agenda_knowing(app, make_event, hub):
    source = make_event(hub, title="Open inloop")
    register_cloner(app, "event", lambda event: {"summary": f"Gebaseerd op {event.title}"})

    assert cloned_values("event", source)["summary"] == "Gebaseerd op Open inloop"
