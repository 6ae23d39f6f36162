"""Agenda models: activity types, activities (events) and their dates (occurrences).

An activity is one-off or recurring. A recurring activity keeps its RRULE, and
every date is a stored `Occurrence` row whose `original_start` is its
RECURRENCE-ID, so bookings, cancelling one date and SQL filtering work on real
rows. Times are stored as naive UTC and shown in Europe/Amsterdam.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubsite import data_version
from hubsite.extensions import db
from hubsite.media.models import Image
from hubsite.timeutil import utcnow

if TYPE_CHECKING:
    from hubsite.accounts.models import User
    from hubsite.hubs.models import Hub
    from hubsite.organisations.models import Organisation

STATUS_DRAFT = "draft"
STATUS_PUBLISHED = "published"
STATUS_CANCELLED = "cancelled"
EVENT_STATUSES = (STATUS_DRAFT, STATUS_PUBLISHED, STATUS_CANCELLED)

OCCURRENCE_SCHEDULED = "scheduled"
OCCURRENCE_CANCELLED = "cancelled"

AUDIENCES = ("iedereen", "vmbo", "mbo", "hbo", "bedrijven", "overheid", "docenten")


def new_uid() -> str:
    """A UID for iCalendar that never changes once given."""
    return f"{uuid.uuid4()}@ruimtevoorondernemendheid.nl"


class ActivityType(db.Model):
    """A kind of activity: co-creatiesessie, training, open inloop, …"""

    __tablename__ = "activity_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name_nl: Mapped[str] = mapped_column(sa.String(80))
    name_en: Mapped[str] = mapped_column(sa.String(80))

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_nl


class Event(db.Model):
    """An activity of a hub: one-off, or a series described by an RRULE."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(sa.String(120), unique=True, default=new_uid)
    hub_id: Mapped[int] = mapped_column(sa.ForeignKey("hubs.id", ondelete="CASCADE"), index=True)
    activity_type_id: Mapped[int] = mapped_column(sa.ForeignKey("activity_types.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown, sanitised on display
    # First date of the series (or the only date); later dates come from `rrule`.
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # RFC 5545 RRULE value without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270301T225959Z".
    rrule: Mapped[str | None] = mapped_column(sa.String(300))
    # A series that skips holidays: its dates on a public holiday or in a school holiday of
    # the hub's region are cancelled with the reason "vakantie" (and can be restored).
    skip_holidays: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    room: Mapped[str] = mapped_column(sa.String(120), default="")  # a room in the hub
    address: Mapped[str] = mapped_column(sa.String(200), default="")  # or another address
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    hosting_students: Mapped[str] = mapped_column(sa.String(300), default="")
    audience: Mapped[str] = mapped_column(sa.String(200), default="")  # comma-separated AUDIENCES
    accessibility: Mapped[str] = mapped_column(sa.Text, default="")
    image_id: Mapped[int | None] = mapped_column(sa.ForeignKey("images.id", ondelete="SET NULL"))
    image_alt: Mapped[str] = mapped_column(sa.String(300), default="")
    booking_required: Mapped[bool] = mapped_column(default=False)
    capacity: Mapped[int | None]  # seats per date; None means no limit
    status: Mapped[str] = mapped_column(sa.String(20), default=STATUS_DRAFT, index=True)
    # Raised on every change of time or place, for iCalendar SEQUENCE.
    sequence: Mapped[int] = mapped_column(default=0)
    duplicated_from_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    cancelled_at: Mapped[datetime | None]

    # -- Booking settings (edited by hubsite.bookings; migration 0004) --
    # Booking opens this many days before a date; None: as soon as the activity is published.
    booking_opens_days: Mapped[int | None]
    # Booking closes this many hours before a date starts.
    booking_closes_hours: Mapped[int] = mapped_column(default=0, server_default="0")
    # Most seats one booking may take (a teacher booking for a class); 1: one person per booking.
    booking_max_group: Mapped[int] = mapped_column(default=1, server_default="1")
    # Whether people can join a waiting list when a date is full.
    booking_waitlist: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # -- end of booking settings --

    hub: Mapped[Hub] = relationship()
    activity_type: Mapped[ActivityType] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    image: Mapped[Image | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    occurrences: Mapped[list[Occurrence]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="Occurrence.starts_at",
    )

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)

    @property
    def is_published(self) -> bool:
        return self.status == STATUS_PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == STATUS_CANCELLED

    @property
    def audiences(self) -> list[str]:
        return [a for a in self.audience.split(",") if a]

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.title!r}>"


class Occurrence(db.Model):
    """One date of an activity. Moved or changed dates keep their `original_start`."""

    __tablename__ = "occurrences"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "original_start", name="uq_occurrences_event_original"),
        sa.Index("ix_occurrences_starts_at_event", "starts_at", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # The start the RRULE gave this date (iCalendar RECURRENCE-ID); equals starts_at unless moved.
    original_start: Mapped[datetime]
    status: Mapped[str] = mapped_column(sa.String(20), default=OCCURRENCE_SCHEDULED, index=True)
    # Added by hand (an RDATE), not given by the RRULE.
    is_extra: Mapped[bool] = mapped_column(default=False)
    # "Only this date" changes; None means: as the activity says.
    title_override: Mapped[str | None] = mapped_column(sa.String(200))
    room_override: Mapped[str | None] = mapped_column(sa.String(120))
    address_override: Mapped[str | None] = mapped_column(sa.String(200))
    capacity_override: Mapped[int | None]
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None]
    # Set when the hosts close booking for this date early (hubsite.bookings; migration 0004).
    bookings_closed_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship(back_populates="occurrences")

    @property
    def is_cancelled(self) -> bool:
        return self.status == OCCURRENCE_CANCELLED or self.event.is_cancelled

    @property
    def is_moved(self) -> bool:
        return not self.is_extra and self.starts_at != self.original_start

    @property
    def is_changed(self) -> bool:
        """Differs from the series (own VEVENT with RECURRENCE-ID in a feed)."""
        return self.is_moved or any(
            value is not None
            for value in (self.title_override, self.room_override, self.address_override)
        )

    @property
    def title(self) -> str:
        return self.title_override or self.event.title

    @property
    def room(self) -> str:
        return self.room_override if self.room_override is not None else self.event.room

    @property
    def address(self) -> str:
        return self.address_override if self.address_override is not None else self.event.address

    @property
    def capacity(self) -> int | None:
        return self.capacity_override if self.capacity_override is not None else self.event.capacity

    def __repr__(self) -> str:
        return f"<Occurrence {self.event_id} {self.starts_at:%Y-%m-%d %H:%M}>"


# Every change to these rows moves the agenda's data version (validators of feeds and pages).
data_version.track("agenda", ActivityType, Event, Occurrence)
