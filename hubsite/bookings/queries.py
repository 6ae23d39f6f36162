"""Finding bookings: by personal link, a person's own, the waiting list's order."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from hubsite.accounts.models import User
from hubsite.agenda.models import Event, Occurrence
from hubsite.bookings.models import BOOKING_CANCELLED, BOOKING_WAITLISTED, Booking
from hubsite.timeutil import utcnow


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
