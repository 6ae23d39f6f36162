"""A person's private calendar feed of their own bookings (`/calendar/<token>.ics`).

Built from the feeds' generic pieces (`FeedItem`, `build_calendar`, the feed
window and the validators), the way the public feeds are: one aggregate
query for the ETag (a 304 or a cached copy costs nothing more), and only on
a miss one query for the rows. Each booked date is its own VEVENT, with a
UID derived from the booking (never from its secret token).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import sqlalchemy as sa
from flask import Response
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.orm import Session, contains_eager

from hubsite.accounts.models import User
from hubsite.agenda.display import place_text
from hubsite.agenda.models import STATUS_DRAFT, ActivityType, Event, Occurrence
from hubsite.bookings.models import BOOKING_CANCELLED, BOOKING_WAITLISTED, Booking
from hubsite.feeds.ical import (
    CANCELLED,
    CONFIRMED,
    TENTATIVE,
    CalendarMeta,
    FeedItem,
    build_calendar,
    event_description,
)
from hubsite.feeds.responses import calendar_meta, current_window, serve_feed, site_locale
from hubsite.feeds.services import (
    FeedState,
    FeedWindow,
    public_conditions,
    recently_cancelled,
    reference_data,
    state_of_row,
)
from hubsite.timeutil import to_local
from hubsite.urls import absolute_url

# -- what the feed holds ---------------------------------------------------------------------


def user_by_calendar_token(session: Session, token: str) -> User | None:
    """The owner of a private feed token (None for a wrong or renewed-away token)."""
    if not token or len(token) > 64:
        return None
    return session.scalar(sa.select(User).where(User.calendar_token == token))


def _bookings_select(user: User, window: FeedWindow) -> sa.Select:
    return (
        sa.select(Booking)
        .join(Booking.occurrence).join(Occurrence.event).join(Event.hub).join(Event.activity_type)
        .where(
            Booking.user_id == user.id,
            Event.status != STATUS_DRAFT,
            Occurrence.starts_at >= window.past_since,
            recently_cancelled(Booking.status, BOOKING_CANCELLED, Booking.cancelled_at,
                               Booking.updated_at, window.cancelled_since),
            *public_conditions(window),
        )
    )


def booking_state(session: Session, user: User, window: FeedWindow) -> FeedState:
    """Count and latest change of the bookings in a person's private feed (one query)."""
    query = _bookings_select(user, window).with_only_columns(
        sa.func.count(Booking.id), sa.func.max(Booking.updated_at),
        sa.func.max(Occurrence.updated_at), sa.func.max(Event.updated_at))
    return state_of_row(session.execute(query).one())


def booking_rows(session: Session, user: User, window: FeedWindow) -> list[Booking]:
    """The person's bookings in the feed, with date, activity, hub and type loaded."""
    query = (
        _bookings_select(user, window)
        .options(
            contains_eager(Booking.occurrence).contains_eager(Occurrence.event)
            .contains_eager(Event.hub),
            contains_eager(Booking.occurrence).contains_eager(Occurrence.event)
            .contains_eager(Event.activity_type),
        )
        .order_by(Occurrence.starts_at, Booking.id)
    )
    return list(session.scalars(query).unique())


def booking_rows_state(bookings: Iterable[Booking]) -> FeedState:
    """The state of loaded bookings, computed as `booking_state` computes it."""
    rows = list(bookings)
    stamps = ([b.updated_at for b in rows] + [b.occurrence.updated_at for b in rows]
              + [b.occurrence.event.updated_at for b in rows])
    return FeedState(len(rows), max(stamps) if stamps else None)


# -- how it reads ----------------------------------------------------------------------------


def booking_url(booking: Booking) -> str:
    """Where a person manages a booking (`/bookings/<token>`)."""
    return absolute_url("bookings.manage", token=booking.token)


def booking_uid(booking: Booking, event: Event) -> str:
    """Stable UID of a booked date: derived from the booking, never from its secret token."""
    return f"booking-{booking.id}-{event.uid}"


def booking_item(booking: Booking, occurrence: Occurrence, event: Event,
                 activity_type: ActivityType, url: str, locale: str = "nl") -> FeedItem:
    """One booked date for a person's private feed, with a UID of its own."""
    if booking.status == BOOKING_CANCELLED or occurrence.is_cancelled:
        status, rank = CANCELLED, 2
    elif booking.status == BOOKING_WAITLISTED:
        status, rank = TENTATIVE, 0
    else:
        status, rank = CONFIRMED, 1
    summary = occurrence.title
    if booking.status == BOOKING_WAITLISTED:
        summary = _("%(title)s (wachtlijst)", title=summary)
    seats = ngettext("Je reservering: %(num)d plaats.", "Je reservering: %(num)d plaatsen.",
                     booking.seats)
    if booking.status == BOOKING_WAITLISTED:
        seats = _("Je staat op de wachtlijst.")
    description = "\n\n".join(
        part for part in (seats, event_description(event, "", occurrence.note),
                          _("Je reservering bekijken of annuleren: %(url)s", url=url))
        if part
    )
    return FeedItem(
        uid=booking_uid(booking, event),
        start=to_local(occurrence.starts_at), end=to_local(occurrence.ends_at),
        summary=summary, description=description,
        location=place_text(occurrence),
        url=url, status=status,
        # Every change of time or place raises one of the first two; the status rank
        # only grows on the usual path (waiting list → confirmed → cancelled).
        sequence=event.sequence + occurrence.sequence + rank,
        last_modified=max(event.updated_at, occurrence.updated_at, booking.updated_at),
        created=booking.created_at,
        categories=(activity_type.name(locale),),
    )


def bookings_calendar(meta: CalendarMeta, bookings: Iterable[Booking],
                      booking_url: Callable[[Booking], str] = booking_url,
                      locale: str = "nl") -> bytes:
    """A person's private feed: one VEVENT per booked date (relations loaded already)."""
    items = []
    for booking in bookings:
        occurrence = booking.occurrence
        event = occurrence.event
        items.append(booking_item(booking, occurrence, event, event.activity_type,
                                  booking_url(booking), locale))
    return build_calendar(meta, items)


# -- the answer ------------------------------------------------------------------------------


def private_feed_response(session: Session, user: User, token: str) -> Response:
    """The private feed as an HTTP answer: 304 when the client's copy is current, else the
    cached or built calendar, marked private. In the site's language, like every feed."""
    with force_locale(site_locale()):
        reference = reference_data(session)
        window = current_window()
        state = booking_state(session, user, window)
        name = _("Mijn reserveringen – %(site)s", site=_("Ruimte voor ondernemendheid"))

        def build() -> tuple[bytes, FeedState]:
            bookings = booking_rows(session, user, window)
            body = bookings_calendar(calendar_meta(name), bookings, booking_url, site_locale())
            return body, booking_rows_state(bookings)

        # The hubs and types (reference) name LOCATION and CATEGORIES: part of the content.
        parts = ("bookings", user.id, token, reference.fingerprint)
        return serve_feed(parts, state, build, floor=window.day_start, private=True)
