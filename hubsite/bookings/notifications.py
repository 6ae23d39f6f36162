"""Mail about bookings: confirmations, the waiting list, and changes by the agenda.

Mail is queued in the outbox in the caller's transaction, so a booking and its mail
are saved together or not at all. Every booking mail comes from the hub ("Hub
Almelo via Ruimte voor ondernemendheid", at the site's own address), answers go to
the hub team (Reply-To), and it is text with the same content as HTML beside it.

A person who holds a seat has the date in their calendar through an invitation
(.ics, METHOD:REQUEST) with a UID of their booking; a cancellation (theirs, the
hosts' or the agenda's) sends METHOD:CANCEL with that UID and a higher SEQUENCE,
which takes the entry out again.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from hubsite.agenda.display import place_text
from hubsite.agenda.models import OCCURRENCE_CANCELLED, Event, Occurrence
from hubsite.bookings import checkin
from hubsite.bookings.models import BOOKING_CONFIRMED, BOOKING_WAITLISTED, Booking
from hubsite.feeds import links
from hubsite.feeds.ical import (
    CANCEL,
    PUBLISH,
    REQUEST,
    Party,
    event_description,
    occurrence_calendar,
    occurrence_uid,
)
from hubsite.mail.models import OutboxMessage
from hubsite.mail.services import Attachment, InlineImage, queue_templated_mail
from hubsite.timeutil import to_local, utcnow
from hubsite.urls import absolute_url

# Mails that end a booking: the invitation they carry withdraws the confirmation's.
CANCELLING = frozenset({"booking_cancelled", "booking_cancelled_by_host",
                        "booking_date_cancelled"})
# Mails that give a seat: they carry the booking's check-in code (a QR picture).
SEAT_GIVING = frozenset({"booking_confirmed", "booking_promoted"})


def place_of(occurrence: Occurrence) -> str:
    """Where a date takes place, as one line: room, address (the hub's by default)."""
    return place_text(occurrence, with_hub=False)


def notify_date_cancelled(session: Session, occurrence: Occurrence) -> int:
    """Tell everyone booked for a date that it does not go ahead."""
    return _notify_all(session, occurrence, "booking_date_cancelled", with_calendar=True)


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
            total += _notify_all(session, occurrence, "booking_date_cancelled",
                                 with_calendar=True)
    return total


def _notify_all(session: Session, occurrence: Occurrence, template: str,
                with_calendar: bool = False, **context: Any) -> int:
    bookings = session.scalars(
        sa.select(Booking).where(Booking.occurrence_id == occurrence.id,
                                 Booking.status.in_((BOOKING_CONFIRMED, BOOKING_WAITLISTED)),
                                 Booking.email != "")
    ).all()
    for booking in bookings:
        # Only who holds a seat had the invitation; the waiting list has nothing to update.
        notify_booking(session, booking, template,
                       with_calendar=with_calendar and booking.status == BOOKING_CONFIRMED,
                       **context)
    return len(bookings)


def notify_booking(session: Session, booking: Booking, template: str,
                   with_calendar: bool = False, **context: Any) -> OutboxMessage:
    """Queue one templated mail about a booking, in the booker's language.

    `with_calendar` attaches the invitation: a REQUEST, or for a mail that ends
    the booking (CANCELLING) the CANCEL that takes it out of the calendar again.
    """
    occurrence = booking.occurrence
    event, hub = occurrence.event, occurrence.event.hub
    with force_locale(booking.locale):
        attachment = (invitation(booking, cancel=template in CANCELLING)
                      if with_calendar else None)
        sender = _("%(hub)s via %(site)s", hub=hub.name, site=_("Ruimte voor ondernemendheid"))
        add_links = calendar_links(booking)
    qr = None
    if template in SEAT_GIVING and booking.status == BOOKING_CONFIRMED:
        qr = InlineImage(f"checkin-{booking.id}@hubsite", "image/png", checkin.qr_png(booking))
    return queue_templated_mail(
        session, booking.email, template, booking.locale, attachment=attachment,
        inline_image=qr, checkin_qr_cid=qr.cid if qr else None,
        sender_name=sender, reply_to=(hub.name, hub.email) if hub.email else None,
        booking=booking, occurrence=occurrence, event=event, hub=hub,
        organiser=event.organisation, place=place_of(occurrence),
        manage_url=absolute_url("bookings.manage", token=booking.token),
        add_links=add_links, invitation_attached=attachment is not None, **context,
    )


def booking_uid(booking: Booking) -> str:
    """The UID of a booking's calendar entry: its confirmation and its cancellation share it.

    Per booking, not per date: a person who cancels and books again gets a new
    entry, which the earlier CANCEL (with its higher SEQUENCE) cannot outrank.
    """
    occurrence = booking.occurrence
    return f"booking-{booking.id}-{occurrence_uid(occurrence, occurrence.event)}"


def invitation(booking: Booking, cancel: bool = False) -> Attachment:
    """The booked date as an invitation for a mail: METHOD:REQUEST, or METHOD:CANCEL.

    REQUEST rather than PUBLISH: Outlook, Gmail and Apple Calendar only act on a
    later CANCEL (remove the entry) for an entry that came in as an invitation
    (iTIP, with ORGANIZER and ATTENDEE); an imported PUBLISH file stays put.
    The attendee is marked as accepted and RSVP=FALSE: there is nothing to answer.
    """
    occurrence = booking.occurrence
    hub = occurrence.event.hub
    method = CANCEL if cancel else REQUEST
    data = occurrence_calendar(
        occurrence, current_app.config["BASE_URL"], method=method, uid=booking_uid(booking),
        cancelled=cancel, sequence_offset=1 if cancel else 0,
        organizer=Party(hub.name, hub.email or _mail_from_address()),
        attendee=Party(booking.name, booking.email),
    )
    return Attachment(_ics_name(occurrence), f"text/calendar; charset=utf-8; method={method}",
                      data)


def calendar_file(booking: Booking) -> Attachment:
    """The booked date as an .ics file to download (METHOD:PUBLISH, the booking's UID)."""
    occurrence = booking.occurrence
    data = occurrence_calendar(occurrence, current_app.config["BASE_URL"], method=PUBLISH,
                               uid=booking_uid(booking))
    return Attachment(_ics_name(occurrence), "text/calendar; charset=utf-8", data)


def calendar_links(booking: Booking) -> links.AddLinks:
    """"Zet in mijn agenda" for a booking: its own .ics, and Google and Outlook for its date.

    The details for Google and Outlook hold the activity's page, never the personal
    link: what goes to those services must not open the booking.
    """
    occurrence = booking.occurrence
    event = occurrence.event
    details = event_description(event, links.event_url(event.id), occurrence.note)
    return links.date_links(occurrence, absolute_url("bookings.calendar", token=booking.token),
                            place_of(occurrence), details[:1500])


def _ics_name(occurrence: Occurrence) -> str:
    return f"{to_local(occurrence.starts_at):%Y-%m-%d}-{occurrence.event.id}.ics"


def _mail_from_address() -> str:
    return parseaddr(current_app.config["MAIL_FROM"])[1]
