"""What the hub team does with bookings: settings, seats per date, check-in, messages,
the attendee list."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session

from hubsite.agenda.models import Event, Occurrence
from hubsite.bookings.models import (
    BOOKING_ATTENDED,
    BOOKING_CONFIRMED,
    BOOKING_NO_SHOW,
    BOOKING_WAITLISTED,
    Booking,
)
from hubsite.bookings.notifications import notify_booking
from hubsite.bookings.seating import (
    BookingError,
    lock_occurrence,
    promote_upcoming,
    promote_waiting,
    seats_taken,
)
from hubsite.spreadsheet import safe_cell
from hubsite.timeutil import to_local, utcnow

if TYPE_CHECKING:
    from hubsite.accounts.models import User

# Statuses a host may set at the door.
CHECK_IN_STATUSES = (BOOKING_ATTENDED, BOOKING_NO_SHOW, BOOKING_CONFIRMED)


MAX_MESSAGE = 2000


CSV_COLUMNS = ("name", "email", "organisation", "seats", "status", "booked_at", "remark",
               "added_by_host")


def attendees(session: Session, occurrence: Occurrence, name: str = "") -> list[Booking]:
    """Everyone booked for a date, in booking order (the waiting list in its order);
    with `name`, only those whose name holds every word of it (any case)."""
    query = sa.select(Booking).where(Booking.occurrence_id == occurrence.id)
    for word in name.split()[:8]:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(Booking.name.ilike(pattern, escape="\\"))
    return list(session.scalars(query.order_by(Booking.created_at, Booking.id)))


def update_settings(
    session: Session,
    event: Event,
    *,
    booking_required: bool,
    capacity: int | None,
    max_group: int,
    waitlist: bool,
    opens_days: int | None,
    closes_hours: int,
    now: datetime | None = None,
) -> list[Booking]:
    """Change an activity's booking settings; more seats go to the waiting list.

    Returns the bookings promoted because of the change.
    """
    if capacity is not None and capacity < 1:
        raise BookingError(_("Kies minstens 1 plaats, of laat het veld leeg voor geen maximum."),
                           "capacity")
    if max_group < 1:
        raise BookingError(_("Kies minstens 1."), "max_group")
    if opens_days is not None and opens_days < 0:
        raise BookingError(_("Kies 0 of meer dagen."), "opens_days")
    if closes_hours < 0:
        raise BookingError(_("Kies 0 of meer uur."), "closes_hours")
    event.booking_required = booking_required
    event.capacity = capacity
    event.booking_max_group = max_group
    event.booking_waitlist = waitlist
    event.booking_opens_days = opens_days
    event.booking_closes_hours = closes_hours
    session.flush()
    return promote_upcoming(session, event, now)


def set_date_capacity(session: Session, occurrence: Occurrence, capacity: int | None,
                      now: datetime | None = None) -> list[Booking]:
    """Give one date its own number of seats (None: the activity's); may promote."""
    if capacity is not None and capacity < 1:
        raise BookingError(_("Kies minstens 1 plaats, of laat het veld leeg."), "capacity")
    occurrence = lock_occurrence(session, occurrence.id)
    occurrence.capacity_override = capacity
    session.flush()
    return promote_waiting(session, occurrence, now)


def set_booking_closed(occurrence: Occurrence, closed: bool, now: datetime | None = None) -> None:
    """Close booking for a date early, or open it again."""
    occurrence.bookings_closed_at = (now or utcnow()) if closed else None


def check_in(session: Session, booking: Booking, status: str, now: datetime | None = None,
             by: User | None = None) -> None:
    """Mark a booking at the door: attended, no-show, or back to confirmed.

    Marking someone attended who already is keeps the first check-in's time and host.
    """
    if status not in CHECK_IN_STATUSES:
        raise BookingError(_("Onbekende keuze."))
    if not booking.holds_seats:
        raise BookingError(_("Alleen bevestigde reserveringen kun je afvinken."))
    if status == BOOKING_ATTENDED and booking.status == BOOKING_ATTENDED:
        return
    booking.status = status
    if status == BOOKING_CONFIRMED:
        booking.checked_in_at = booking.checked_in_by_id = None
    else:
        booking.checked_in_at = now or utcnow()
        booking.checked_in_by_id = by.id if by is not None else None
    session.flush()


def promote(session: Session, booking: Booking, now: datetime | None = None) -> Booking:
    """The hosts give a waitlisted booking a seat by hand (also out of turn), under the
    date's lock; the person gets the usual mail. Refused when the seats are not free."""
    now = now or utcnow()
    occurrence = lock_occurrence(session, booking.occurrence_id)
    session.refresh(booking)
    if booking.status != BOOKING_WAITLISTED:
        raise BookingError(_("Deze reservering staat niet (meer) op de wachtlijst."))
    if occurrence.is_cancelled or occurrence.starts_at <= now:
        raise BookingError(_("Deze datum is voorbij of gaat niet door."))
    capacity = occurrence.capacity
    if capacity is not None:
        free = capacity - seats_taken(session, occurrence.id)
        if booking.seats > free:
            raise BookingError(ngettext(
                "Er is geen plaats vrij voor %(name)s: er is nog %(num)d plaats en de "
                "reservering is voor %(seats)d. Geef de datum meer plaatsen of annuleer een "
                "andere reservering.",
                "Er is geen plaats vrij voor %(name)s: er zijn nog %(num)d plaatsen en de "
                "reservering is voor %(seats)d. Geef de datum meer plaatsen of annuleer een "
                "andere reservering.", max(free, 0), name=booking.name, seats=booking.seats))
    booking.status = BOOKING_CONFIRMED
    booking.promoted_at = now
    session.flush()
    if booking.email:
        notify_booking(session, booking, "booking_promoted", with_calendar=True)
    return booking


def message_everyone(session: Session, occurrence: Occurrence, text: str, sender: str,
                     include_waitlist: bool = False) -> int:
    """Mail a short message from the hosts to everyone booked for a date; returns how many."""
    text = (text or "").strip()
    if not text:
        raise BookingError(_("Schrijf een bericht."), "message")
    if len(text) > MAX_MESSAGE:
        raise BookingError(_("Houd het bericht korter dan %(n)d tekens.", n=MAX_MESSAGE),
                           "message")
    statuses = [BOOKING_CONFIRMED, BOOKING_ATTENDED, BOOKING_NO_SHOW]
    if include_waitlist:
        statuses.append(BOOKING_WAITLISTED)
    bookings = session.scalars(
        sa.select(Booking).where(Booking.occurrence_id == occurrence.id,
                                 Booking.status.in_(statuses), Booking.email != "")
    ).all()
    for booking in bookings:
        notify_booking(session, booking, "booking_message", message=text, sender=sender)
    return len(bookings)


def attendee_csv(bookings: Sequence[Booking]) -> str:
    """The attendee list as CSV, with the columns named in CSV_COLUMNS."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for b in bookings:
        writer.writerow([safe_cell(value) for value in (
            b.name, b.email, b.organisation, b.seats, b.status,
            to_local(b.created_at).isoformat(timespec="seconds"), b.remark,
            "yes" if b.added_by_host else "no")])
    return out.getvalue()
