"""Personal data in bookings: removed on request, and anonymised after the date."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.accounts.models import new_token
from hubsite.agenda.models import Occurrence
from hubsite.bookings.models import BOOKING_CONFIRMED, BOOKING_WAITLISTED, Booking
from hubsite.bookings.seating import cancel
from hubsite.mail.models import OutboxMessage
from hubsite.timeutil import utcnow


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
