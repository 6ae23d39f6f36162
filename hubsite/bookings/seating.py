"""Seats: locking a date, counting, availability, booking, cancelling, the waiting list.

Never more seats are confirmed than a date has, whatever the concurrency: every
change to the seats of a date first takes that date's write lock
(`lock_occurrence`), counts, and decides, all in one transaction. Mail is queued
in the same transaction (the outbox), so a booking and its confirmation are saved
together or not at all. Services only flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session, joinedload

from hubsite.accounts.models import User
from hubsite.accounts.services import normalise_email
from hubsite.agenda.models import Event, Occurrence
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
from hubsite.bookings.notifications import notify_booking
from hubsite.bookings.queries import waitlist_position
from hubsite.dates import local_datetime
from hubsite.timeutil import utcnow

# What a date offers a visitor right now.
STATE_OPEN = "open"  # seats left
STATE_WAITLIST = "waitlist"  # full, the waiting list is open
STATE_FULL = "full"  # full, no waiting list
STATE_NOT_YET = "not_yet"  # the booking window has not opened
STATE_CLOSED = "closed"  # the window has closed, or the hosts closed it early
STATE_CANCELLED = "cancelled"  # the date (or the whole activity) is cancelled
STATE_PAST = "past"  # the date has started
STATE_NO_BOOKING = "no_booking"  # the activity needs no booking

# The fields of an activity that bookings owns: copied with it, and a change of them
# may give seats to the waiting list.
BOOKING_SETTINGS = frozenset({"booking_required", "capacity", "booking_opens_days",
                              "booking_closes_hours", "booking_max_group", "booking_waitlist"})

MAX_NAME = 120
MAX_ORGANISATION = 160
MAX_REMARK = 1000


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
        # The seats may come from the activity: its settings are read as they are now,
        # by the statement that takes the lock (the activity's row is not locked).
        .options(joinedload(Occurrence.event, innerjoin=True))
        .with_for_update(of=Occurrence)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if occurrence is None:
        raise LookupError(occurrence_id)
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
        notify_booking(session, booking, template,
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
            notify_booking(session, booking, "booking_promoted", with_calendar=True)
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
        notify_booking(session, booking, "booking_cancelled_by_host" if by_host else "booking_cancelled",
                       with_calendar=held)
    return promote_waiting(session, occurrence, now) if held else []


# -- The hosts ----------------------------------------------------------------------------


def promote_upcoming(session: Session, event: Event, now: datetime | None = None) -> list[Booking]:
    """Give free seats on every coming date of an activity to its waiting lists, in order."""
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


# -- Changes by the agenda --------------------------------------------------------------


# -- Mail ---------------------------------------------------------------------------------


def _local_text(value: datetime | None) -> str:
    return local_datetime(value) if value else ""
