"""Booking logic as plain functions that take a session: seats, waiting list, check-in.

Never more seats are confirmed than a date has, whatever the concurrency: every
change to the seats of a date first takes that date's write lock
(`lock_occurrence`), counts, and decides, all in one transaction. Mail is queued
in the same transaction (the outbox), so a booking and its confirmation are saved
together or not at all. Services only flush; the caller commits.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session, selectinload

from hubsite.accounts.models import User, new_token
from hubsite.accounts.services import normalise_email
from hubsite.agenda.display import place_text
from hubsite.agenda.models import OCCURRENCE_CANCELLED, Event, Occurrence
from hubsite.bookings.models import (
    BOOKING_ATTENDED,
    BOOKING_CANCELLED,
    BOOKING_CONFIRMED,
    BOOKING_NO_SHOW,
    BOOKING_STATUSES,
    BOOKING_WAITLISTED,
    SEAT_HOLDING,
    Booking,
)
from hubsite.feeds.ical import occurrence_calendar
from hubsite.mail.models import OutboxMessage
from hubsite.mail.services import Attachment, queue_templated_mail
from hubsite.timeutil import to_local, utcnow
from hubsite.urls import absolute_url

# What a date offers a visitor right now.
STATE_OPEN = "open"  # seats left
STATE_WAITLIST = "waitlist"  # full, the waiting list is open
STATE_FULL = "full"  # full, no waiting list
STATE_NOT_YET = "not_yet"  # the booking window has not opened
STATE_CLOSED = "closed"  # the window has closed, or the hosts closed it early
STATE_CANCELLED = "cancelled"  # the date (or the whole activity) is cancelled
STATE_PAST = "past"  # the date has started
STATE_NO_BOOKING = "no_booking"  # the activity needs no booking

# Statuses a host may set at the door.
CHECK_IN_STATUSES = (BOOKING_ATTENDED, BOOKING_NO_SHOW, BOOKING_CONFIRMED)
MAX_NAME = 120
MAX_ORGANISATION = 160
MAX_REMARK = 1000
MAX_MESSAGE = 2000
CSV_COLUMNS = ("name", "email", "organisation", "seats", "status", "booked_at", "remark",
               "added_by_host")


class BookingError(ValueError):
    """A booking or change that cannot be made; the message says why to the visitor.

    `field` names the form field the message belongs next to (None: the whole form).
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# -- Locking ---------------------------------------------------------------------------


def lock_occurrence(session: Session, occurrence_id: int) -> Occurrence:
    """Load a date holding its write lock until the transaction ends.

    PostgreSQL locks the row (SELECT … FOR UPDATE), which also serialises separate
    server processes. SQLite has one writer at a time: a write as the transaction's
    first statement takes the database's write lock straight away (the pysqlite
    driver starts the transaction there, like BEGIN IMMEDIATE), and others wait for
    it through the busy timeout instead of failing.
    Raises LookupError when the date does not exist.
    """
    if session.get_bind().dialect.name == "sqlite":
        # Not through the ORM: that would bump occurrences.updated_at.
        session.execute(sa.text("UPDATE occurrences SET id = id WHERE id = :id"),
                        {"id": occurrence_id})
    occurrence = session.scalars(
        sa.select(Occurrence)
        .where(Occurrence.id == occurrence_id)
        .with_for_update(of=Occurrence)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if occurrence is None:
        raise LookupError(occurrence_id)
    # The seats may come from the activity; read its settings as they are now.
    session.refresh(occurrence.event)
    return occurrence


# -- Reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """Bookings of one date by status: number of bookings and number of seats."""

    bookings: dict[str, int]
    seats: dict[str, int]

    @property
    def taken(self) -> int:
        """Seats held (confirmed, attended, no-show)."""
        return sum(self.seats.get(status, 0) for status in SEAT_HOLDING)

    @property
    def waiting(self) -> int:
        return self.bookings.get(BOOKING_WAITLISTED, 0)

    @classmethod
    def empty(cls) -> Counts:
        return cls({s: 0 for s in BOOKING_STATUSES}, {s: 0 for s in BOOKING_STATUSES})


def counts_by_date(session: Session, occurrence_ids: Iterable[int]) -> dict[int, Counts]:
    """Bookings and seats per status for each date, in one query."""
    ids = list(occurrence_ids)
    result = {occurrence_id: Counts.empty() for occurrence_id in ids}
    if not ids:
        return result
    rows = session.execute(
        sa.select(Booking.occurrence_id, Booking.status, sa.func.count(),
                  sa.func.coalesce(sa.func.sum(Booking.seats), 0))
        .where(Booking.occurrence_id.in_(ids))
        .group_by(Booking.occurrence_id, Booking.status)
    )
    for occurrence_id, status, number, seats in rows:
        result[occurrence_id].bookings[status] = number
        result[occurrence_id].seats[status] = int(seats)
    return result


def seats_taken(session: Session, occurrence_id: int) -> int:
    """Seats held on one date right now (call with the date locked to rely on it)."""
    return int(session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Booking.seats), 0))
        .where(Booking.occurrence_id == occurrence_id, Booking.status.in_(SEAT_HOLDING))
    ))


def booking_window(occurrence: Occurrence) -> tuple[datetime | None, datetime]:
    """When booking for a date opens (None: already on publication) and closes (naive UTC)."""
    event = occurrence.event
    opens = None
    if event.booking_opens_days is not None:
        opens = occurrence.starts_at - timedelta(days=event.booking_opens_days)
    closes = occurrence.starts_at - timedelta(hours=event.booking_closes_hours or 0)
    return opens, closes


@dataclass(frozen=True)
class Availability:
    """What one date offers: its state, seats left and the booking window."""

    occurrence: Occurrence
    state: str
    counts: Counts
    seats_left: int | None  # None: no limit
    opens_at: datetime | None
    closes_at: datetime

    @property
    def can_book(self) -> bool:
        return self.state in (STATE_OPEN, STATE_WAITLIST)

    @property
    def max_group(self) -> int:
        """Most seats one visitor's booking may take on this date."""
        group = max(self.occurrence.event.booking_max_group or 1, 1)
        capacity = self.occurrence.capacity
        return min(group, capacity) if capacity else group


def availability(occurrence: Occurrence, counts: Counts, now: datetime | None = None
                 ) -> Availability:
    """The state of one date for a visitor, given its counts."""
    now = now or utcnow()
    event = occurrence.event
    opens, closes = booking_window(occurrence)
    capacity = occurrence.capacity
    seats_left = None if capacity is None else max(capacity - counts.taken, 0)
    if not event.booking_required:
        state = STATE_NO_BOOKING
    elif occurrence.is_cancelled:
        state = STATE_CANCELLED
    elif occurrence.starts_at <= now:
        state = STATE_PAST
    elif opens is not None and now < opens:
        state = STATE_NOT_YET
    elif occurrence.bookings_closed_at is not None or now >= closes:
        state = STATE_CLOSED
    elif seats_left is None or seats_left > 0:
        state = STATE_OPEN
    elif event.booking_waitlist:
        state = STATE_WAITLIST
    else:
        state = STATE_FULL
    return Availability(occurrence, state, counts, seats_left, opens, closes)


def availability_by_date(session: Session, occurrences: Sequence[Occurrence],
                         now: datetime | None = None) -> dict[int, Availability]:
    """Availability of several dates with one query for all their counts."""
    counts = counts_by_date(session, [o.id for o in occurrences])
    return {o.id: availability(o, counts[o.id], now) for o in occurrences}


def active_bookings_of_user(session: Session, user: User, occurrence_ids: Iterable[int]
                            ) -> dict[int, Booking]:
    """A person's bookings (not cancelled) among these dates, by date."""
    ids = list(occurrence_ids)
    if not ids or user is None or not user.is_authenticated:
        return {}
    bookings = session.scalars(
        sa.select(Booking).where(
            Booking.occurrence_id.in_(ids),
            Booking.status != BOOKING_CANCELLED,
            # Not by e-mail: an account's address is not proof of owning a guest booking.
            Booking.user_id == user.id,
        )
    )
    return {booking.occurrence_id: booking for booking in bookings}


def booking_by_token(session: Session, token: str) -> Booking | None:
    """The booking behind a personal link, or None for a wrong or removed one."""
    if not token or len(token) > 64:
        return None
    return session.scalar(sa.select(Booking).where(Booking.token == token))


def waitlist_position(session: Session, booking: Booking) -> int | None:
    """1 for the first on the waiting list; None when not waiting."""
    if booking.status != BOOKING_WAITLISTED:
        return None
    ahead = session.scalar(
        sa.select(sa.func.count()).where(
            Booking.occurrence_id == booking.occurrence_id,
            Booking.status == BOOKING_WAITLISTED,
            sa.or_(Booking.created_at < booking.created_at,
                   sa.and_(Booking.created_at == booking.created_at, Booking.id < booking.id)),
        )
    )
    return int(ahead) + 1


def bookings_of_user(session: Session, user: User, now: datetime | None = None
                     ) -> list[Booking]:
    """A person's bookings for dates that have not ended, soonest first ("Mijn reserveringen")."""
    now = now or utcnow()
    return list(session.scalars(
        sa.select(Booking)
        .join(Booking.occurrence)
        .where(Booking.user_id == user.id, Booking.status != BOOKING_CANCELLED,
               Occurrence.ends_at > now)
        .order_by(Occurrence.starts_at)
        .options(selectinload(Booking.occurrence).selectinload(Occurrence.event)
                 .selectinload(Event.hub))
    ))


def attendees(session: Session, occurrence: Occurrence) -> list[Booking]:
    """Everyone booked for a date, in booking order (the waiting list in its order)."""
    return list(session.scalars(
        sa.select(Booking).where(Booking.occurrence_id == occurrence.id)
        .order_by(Booking.created_at, Booking.id)
    ))


def place_of(occurrence: Occurrence) -> str:
    """Where a date takes place, as one line: room, address (the hub's by default)."""
    return place_text(occurrence, with_hub=False)


# -- Booking -------------------------------------------------------------------------------


def book(
    session: Session,
    occurrence_id: int,
    *,
    name: str,
    email: str,
    seats: int = 1,
    organisation: str = "",
    remark: str = "",
    user: User | None = None,
    locale: str = "nl",
    by_host: bool = False,
    notify: bool = True,
    now: datetime | None = None,
) -> Booking:
    """Book seats on a date: confirmed when they fit, else on the waiting list.

    Visitors book within the booking window, up to the activity's group size. A host
    adding a booking by hand may do so outside the window and for a bigger group,
    but never past the capacity: what does not fit goes on the waiting list.
    Raises BookingError (with the form field concerned) when it cannot be done;
    raises LookupError for a date that does not exist.
    """
    name = (name or "").strip()
    email = normalise_email(email)
    if not name:
        raise BookingError(_("Vul je naam in."), "name")
    if not email and not by_host:
        raise BookingError(_("Vul je e-mailadres in."), "email")
    occurrence = lock_occurrence(session, occurrence_id)
    # Taken under the lock, so the order of booking times is the order of the waiting list.
    now = now or utcnow()
    event = occurrence.event
    counts = Counts.empty()
    counts.seats[BOOKING_CONFIRMED] = seats_taken(session, occurrence.id)
    state = availability(occurrence, counts, now)
    _check_state(state, by_host)
    _check_seats(seats, occurrence, state, by_host)
    if email and _has_active_booking(session, occurrence.id, email, user):
        raise BookingError(
            _("Met dit e-mailadres is al gereserveerd voor deze datum. Kijk in je e-mail voor "
              "de link naar je reservering."), "email")

    capacity = occurrence.capacity
    if capacity is None or counts.taken + seats <= capacity:
        status = BOOKING_CONFIRMED
    elif event.booking_waitlist or by_host:
        status = BOOKING_WAITLISTED
    elif state.seats_left:
        raise BookingError(ngettext("Er is nog maar %(num)d plaats vrij.",
                                    "Er zijn nog maar %(num)d plaatsen vrij.",
                                    state.seats_left), "seats")
    else:
        raise BookingError(_("Deze datum is vol en er is geen wachtlijst."))

    booking = Booking(
        occurrence=occurrence, user_id=user.id if user is not None else None,
        name=name[:MAX_NAME], email=email,
        organisation=(organisation or "").strip()[:MAX_ORGANISATION],
        remark=(remark or "").strip()[:MAX_REMARK], seats=seats, status=status,
        locale=locale if locale in ("nl", "en") else "nl", added_by_host=by_host,
        created_at=now, updated_at=now,
    )
    session.add(booking)
    session.flush()
    if notify and email:
        template = "booking_confirmed" if status == BOOKING_CONFIRMED else "booking_waitlisted"
        _notify(session, booking, template,
                with_calendar=status == BOOKING_CONFIRMED,
                position=waitlist_position(session, booking))
    return booking


def _check_state(state: Availability, by_host: bool) -> None:
    messages = {
        STATE_NO_BOOKING: lambda: _("Voor deze activiteit hoef je niet te reserveren."),
        STATE_CANCELLED: lambda: _("Deze datum gaat niet door; reserveren kan niet meer."),
        STATE_PAST: lambda: _("Deze datum is al begonnen; reserveren kan niet meer."),
        STATE_NOT_YET: lambda: _("Reserveren voor deze datum kan vanaf %(when)s.",
                                 when=_local_text(state.opens_at)),
        STATE_CLOSED: lambda: _("Reserveren voor deze datum is gesloten."),
    }
    # At the door the date has begun, and walk-ins are still added by hand.
    host_may = (STATE_NOT_YET, STATE_CLOSED, STATE_NO_BOOKING, STATE_PAST)
    if state.state in messages and not (by_host and state.state in host_may):
        raise BookingError(messages[state.state]())


def _check_seats(seats: int, occurrence: Occurrence, state: Availability, by_host: bool) -> None:
    if seats < 1:
        raise BookingError(_("Kies minstens 1 plaats."), "seats")
    capacity = occurrence.capacity
    limit = (capacity or seats) if by_host else state.max_group
    if seats > limit:
        if capacity is not None and seats > capacity:
            raise BookingError(ngettext("Deze datum heeft in totaal %(num)d plaats.",
                                        "Deze datum heeft in totaal %(num)d plaatsen.",
                                        capacity), "seats")
        raise BookingError(ngettext("Je kunt met één reservering hoogstens %(num)d plaats "
                                    "reserveren.",
                                    "Je kunt met één reservering hoogstens %(num)d plaatsen "
                                    "reserveren.", limit), "seats")


def _has_active_booking(session: Session, occurrence_id: int, email: str, user: User | None
                        ) -> bool:
    who = Booking.email == email
    if user is not None:
        who = sa.or_(who, Booking.user_id == user.id)
    return session.scalar(
        sa.select(sa.func.count()).where(Booking.occurrence_id == occurrence_id,
                                         Booking.status != BOOKING_CANCELLED, who)
    ) > 0


def promote_waiting(session: Session, occurrence: Occurrence, now: datetime | None = None
                    ) -> list[Booking]:
    """Give free seats to the waiting list in order; call with the date locked.

    A booking that does not fit in the seats left is skipped (a group is never
    split) and the next in line gets its chance. Each promoted person gets mail.
    """
    now = now or utcnow()
    if occurrence.is_cancelled or occurrence.starts_at <= now:
        return []
    capacity = occurrence.capacity
    free = None if capacity is None else capacity - seats_taken(session, occurrence.id)
    if free is not None and free <= 0:
        return []
    waiting = session.scalars(
        sa.select(Booking)
        .where(Booking.occurrence_id == occurrence.id, Booking.status == BOOKING_WAITLISTED)
        .order_by(Booking.created_at, Booking.id)
    ).all()
    promoted = []
    for booking in waiting:
        if free is not None and booking.seats > free:
            continue
        booking.status = BOOKING_CONFIRMED
        booking.promoted_at = now
        promoted.append(booking)
        if free is not None:
            free -= booking.seats
            if free == 0:
                break
    session.flush()
    for booking in promoted:
        if booking.email:
            _notify(session, booking, "booking_promoted", with_calendar=True)
    return promoted


def cancel(session: Session, booking: Booking, *, by_host: bool = False, notify: bool = True,
           now: datetime | None = None) -> list[Booking]:
    """Cancel a booking and give its seats to the waiting list; returns who was promoted.

    Cancelling twice is harmless. People cannot cancel once the date has started
    or after they were checked in; hosts can, except after check-in.
    """
    now = now or utcnow()
    occurrence = lock_occurrence(session, booking.occurrence_id)
    session.refresh(booking)
    if booking.status == BOOKING_CANCELLED:
        return []
    if booking.status in (BOOKING_ATTENDED, BOOKING_NO_SHOW):
        raise BookingError(_("Deze reservering is al afgevinkt bij de deur en kan niet meer "
                             "worden geannuleerd."))
    if not by_host and occurrence.starts_at <= now:
        raise BookingError(_("Deze datum is al begonnen; annuleren kan niet meer."))
    held = booking.holds_seats
    booking.status = BOOKING_CANCELLED
    booking.cancelled_at = now
    session.flush()
    if notify and booking.email:
        _notify(session, booking, "booking_cancelled_by_host" if by_host else "booking_cancelled")
    return promote_waiting(session, occurrence, now) if held else []


def forget(session: Session, booking: Booking, now: datetime | None = None) -> None:
    """Remove a person's data from their booking at their request.

    A booking that still holds seats for a coming date is cancelled first (its
    seats go to the waiting list); what stays is an anonymous count. The personal
    link stops working.
    """
    now = now or utcnow()
    if booking.status in (BOOKING_CONFIRMED, BOOKING_WAITLISTED) and \
            booking.occurrence.starts_at > now:
        cancel(session, booking, notify=False, now=now)
    _anonymise(booking, now)
    session.flush()


def _anonymise(booking: Booking, now: datetime) -> None:
    booking.name = ""
    booking.email = ""
    booking.organisation = ""
    booking.remark = ""
    booking.user_id = None
    booking.token = new_token()
    booking.anonymised_at = now


def purge_personal_data(session: Session, days: int, now: datetime | None = None
                        ) -> tuple[int, int]:
    """Anonymise bookings of dates that ended more than `days` ago, and delete mail
    sent (or given up) before then. Returns (bookings anonymised, messages deleted).

    The counts per date stay, for the hubs' own numbers; names and addresses go.
    """
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    old = session.scalars(
        sa.select(Booking)
        .join(Booking.occurrence)
        .where(Occurrence.ends_at < cutoff, Booking.anonymised_at.is_(None))
    ).all()
    for booking in old:
        _anonymise(booking, now)
    # Outgoing mail holds names and addresses too; once handled it is of no more use.
    deleted = session.execute(
        sa.delete(OutboxMessage).where(
            sa.or_(OutboxMessage.sent_at < cutoff, OutboxMessage.failed_at < cutoff)
        )
    ).rowcount
    session.flush()
    return len(old), deleted or 0


# -- The hosts ----------------------------------------------------------------------------


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
        raise BookingError(_("Kies 0 of meer uren."), "closes_hours")
    event.booking_required = booking_required
    event.capacity = capacity
    event.booking_max_group = max_group
    event.booking_waitlist = waitlist
    event.booking_opens_days = opens_days
    event.booking_closes_hours = closes_hours
    session.flush()
    return _promote_upcoming(session, event, now)


def _promote_upcoming(session: Session, event: Event, now: datetime | None) -> list[Booking]:
    now = now or utcnow()
    waiting_dates = session.scalars(
        sa.select(Booking.occurrence_id).distinct()
        .join(Booking.occurrence)
        .where(Occurrence.event_id == event.id, Occurrence.starts_at > now,
               Booking.status == BOOKING_WAITLISTED)
    ).all()
    promoted: list[Booking] = []
    for occurrence_id in sorted(waiting_dates):
        promoted += promote_waiting(session, lock_occurrence(session, occurrence_id), now)
    return promoted


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


def check_in(session: Session, booking: Booking, status: str, now: datetime | None = None
             ) -> None:
    """Mark a booking at the door: attended, no-show, or back to confirmed."""
    if status not in CHECK_IN_STATUSES:
        raise BookingError(_("Onbekende keuze."))
    if not booking.holds_seats:
        raise BookingError(_("Alleen bevestigde reserveringen kun je afvinken."))
    booking.status = status
    booking.checked_in_at = None if status == BOOKING_CONFIRMED else (now or utcnow())
    session.flush()


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
        _notify(session, booking, "booking_message", message=text, sender=sender)
    return len(bookings)


def attendee_csv(bookings: Sequence[Booking]) -> str:
    """The attendee list as CSV, with the columns named in CSV_COLUMNS."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for b in bookings:
        writer.writerow([_csv_cell(value) for value in (
            b.name, b.email, b.organisation, b.seats, b.status,
            to_local(b.created_at).isoformat(timespec="seconds"), b.remark,
            "yes" if b.added_by_host else "no")])
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    # A spreadsheet runs a cell that starts like a formula; people's own text must not.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# -- Changes by the agenda --------------------------------------------------------------


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
        _notify(session, booking, template, **context)
    return len(bookings)


# -- Mail ---------------------------------------------------------------------------------


def _notify(session: Session, booking: Booking, template: str, with_calendar: bool = False,
            **context: Any) -> OutboxMessage:
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


def _local_text(value: datetime | None) -> str:
    from hubsite.templating import local_datetime

    return local_datetime(value) if value else ""
