"""Bookings: seats on one date of an activity, for guests and for people with an account."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubsite import data_version
from hubsite.accounts.models import new_token
from hubsite.extensions import db
from hubsite.timeutil import utcnow

if TYPE_CHECKING:
    from hubsite.accounts.models import User
    from hubsite.agenda.models import Occurrence

BOOKING_CONFIRMED = "confirmed"
BOOKING_WAITLISTED = "waitlisted"
BOOKING_CANCELLED = "cancelled"
BOOKING_ATTENDED = "attended"
BOOKING_NO_SHOW = "no_show"
BOOKING_STATUSES = (BOOKING_CONFIRMED, BOOKING_WAITLISTED, BOOKING_CANCELLED,
                    BOOKING_ATTENDED, BOOKING_NO_SHOW)
# Statuses that hold a seat.
SEAT_HOLDING = (BOOKING_CONFIRMED, BOOKING_ATTENDED, BOOKING_NO_SHOW)


class Booking(db.Model):
    """One person's (or group's) booking for one date; the token is their link to it."""

    __tablename__ = "bookings"
    __table_args__ = (sa.Index("ix_bookings_occurrence_status", "occurrence_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(
        sa.ForeignKey("occurrences.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    organisation: Mapped[str] = mapped_column(sa.String(160), default="")
    remark: Mapped[str] = mapped_column(sa.String(1000), default="")
    seats: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(sa.String(20), default=BOOKING_CONFIRMED)
    locale: Mapped[str] = mapped_column(sa.String(5), default="nl")
    added_by_host: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # booked_at
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    promoted_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    # When the person was ticked off at the door (attended, or marked as not come), and by
    # whom; with check-ins from phones that were offline, the earliest time wins.
    checked_in_at: Mapped[datetime | None]
    checked_in_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    anonymised_at: Mapped[datetime | None]

    occurrence: Mapped[Occurrence] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    checked_in_by: Mapped[User | None] = relationship(foreign_keys=[checked_in_by_id])

    @property
    def holds_seats(self) -> bool:
        return self.status in SEAT_HOLDING


# The kind of data (`hubsite.data_version`) that bookings are: every booking moves its
# version (pages show the seats left).
BOOKINGS_KIND = "bookings"
data_version.track(BOOKINGS_KIND, Booking)
