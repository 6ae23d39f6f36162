"""Mail about bookings: confirmations, the waiting list, and changes by the agenda.

Mail is queued in the outbox in the caller's transaction, so a booking and its mail
are saved together or not at all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from hubsite.agenda.display import place_text
from hubsite.agenda.models import OCCURRENCE_CANCELLED, Event, Occurrence
from hubsite.bookings.models import BOOKING_CONFIRMED, BOOKING_WAITLISTED, Booking
from hubsite.feeds.ical import occurrence_calendar
from hubsite.mail.models import OutboxMessage
from hubsite.mail.services import Attachment, queue_templated_mail
from hubsite.timeutil import to_local, utcnow
from hubsite.urls import absolute_url


def place_of(occurrence: Occurrence) -> str:
    """Where a date takes place, as one line: room, address (the hub's by default)."""
    return place_text(occurrence, with_hub=False)


def notify_date_cancelled(session: Session, occurrence: Occurrence) -> int:
    """Tell everyone booked for a date that it does not go ahead."""
    return _notify_all(session, occurrence, "booking_date_cancelled")


def notify_date_moved(session: Session, occurrence: Occurrence, previous_start: datetime,
                      previous_end: datetime | None = None) -> int:
    """Tell everyone booked for a date that it has a new time."""
    return _notify_all(session, occurrence, "booking_date_moved", with_calendar=True,
                       previous_start=previous_start, previous_end=previous_end)


def notify_event_cancelled(session: Session, event: Event, now: datetime | None = None) -> int:
    """Tell everyone booked for a coming date of an activity that it is cancelled."""
    now = now or utcnow()
    total = 0
    for occurrence in event.occurrences:
        # A date cancelled on its own earlier has had its mail already.
        if occurrence.starts_at > now and occurrence.status != OCCURRENCE_CANCELLED:
            total += _notify_all(session, occurrence, "booking_date_cancelled")
    return total


def _notify_all(session: Session, occurrence: Occurrence, template: str, **context: Any) -> int:
    bookings = session.scalars(
        sa.select(Booking).where(Booking.occurrence_id == occurrence.id,
                                 Booking.status.in_((BOOKING_CONFIRMED, BOOKING_WAITLISTED)),
                                 Booking.email != "")
    ).all()
    for booking in bookings:
        notify_booking(session, booking, template, **context)
    return len(bookings)


def notify_booking(session: Session, booking: Booking, template: str,
                   with_calendar: bool = False, **context: Any) -> OutboxMessage:
    """Queue one templated mail about a booking, in the booker's language."""
    occurrence = booking.occurrence
    attachment = calendar_attachment(occurrence) if with_calendar else None
    return queue_templated_mail(
        session, booking.email, template, booking.locale, attachment=attachment,
        booking=booking, occurrence=occurrence, event=occurrence.event,
        hub=occurrence.event.hub, place=place_of(occurrence),
        manage_url=absolute_url("bookings.manage", token=booking.token), **context,
    )


def calendar_attachment(occurrence: Occurrence) -> Attachment:
    """The date as an .ics file, made by the calendar feeds (one iCalendar builder)."""
    data = occurrence_calendar(occurrence, current_app.config["BASE_URL"])
    filename = f"{to_local(occurrence.starts_at):%Y-%m-%d}-{occurrence.event.id}.ics"
    return Attachment(filename, "text/calendar", data)
