"""How bookings takes part in other capabilities' pages: an activity page's dates with
their booking (slot `event.main`), its "Reserveer" at the top (`event.action`), the state
and the schema.org offer of each date (`occurrence.status`, `occurrence.offer`), "Mijn
reserveringen" on the account page (`account.main`), and the booking settings a copy of
an activity takes over (the "event" cloner)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from flask import Flask, current_app, render_template
from flask_login import current_user
from markupsafe import Markup

from hubsite.accounts.models import User
from hubsite.accounts.slots import ACCOUNT_MAIN
from hubsite.agenda.models import Event, Occurrence
from hubsite.agenda.slots import EVENT_ACTION, EVENT_MAIN, OCCURRENCE_OFFER, OCCURRENCE_STATUS
from hubsite.bookings.models import Booking
from hubsite.bookings.queries import active_bookings_of_user, bookings_of_user
from hubsite.bookings.seating import (
    BOOKING_SETTINGS,
    STATE_CANCELLED,
    STATE_CLOSED,
    STATE_FULL,
    STATE_NOT_YET,
    STATE_OPEN,
    STATE_PAST,
    STATE_WAITLIST,
    Availability,
    availability_by_date,
)
from hubsite.cloning import copy_fields, register_cloner
from hubsite.extensions import db
from hubsite.hubs.permissions import is_hub_team
from hubsite.slots import add_stylesheet, contribute
from hubsite.timeutil import to_local
from hubsite.urls import absolute_url


@dataclass
class PanelItem:
    occurrence: Occurrence
    avail: Availability
    mine: Booking | None


def event_booking(event: Event, upcoming: list[Occurrence], is_team: bool = False
                  ) -> Markup | None:
    """The coming dates of an activity that needs booking, each with its seats, its state,
    the visitor's own booking and the way to book, in two queries for all of them."""
    if not event.booking_required:
        return None
    avail = availability_by_date(db.session, upcoming)
    mine = active_bookings_of_user(db.session, current_user, [o.id for o in upcoming])
    items = [PanelItem(o, avail[o.id], mine.get(o.id)) for o in upcoming]
    return Markup(render_template("bookings/_event_booking.html", event=event, items=items,
                                  is_team=is_team or is_hub_team(current_user, event.hub)))


def event_action(event: Event, upcoming: list[Occurrence]) -> Markup | None:
    """"Reserveer" for the first coming date that can be booked (or how the next date
    stands when none can), and the same on a bar at the bottom of a phone's screen."""
    if not event.booking_required or event.is_cancelled:
        return None
    avail = availability_by_date(db.session, upcoming)
    bookable = next((avail[o.id] for o in upcoming if avail[o.id].can_book), None)
    shown = bookable or next((avail[o.id] for o in upcoming if not o.is_cancelled), None)
    if shown is None:
        return None
    return Markup(render_template("bookings/_event_action.html", event=event, avail=shown))


def account_bookings(user: User) -> Markup:
    """A person's coming bookings."""
    return Markup(render_template("bookings/_account_bookings.html",
                                  my_bookings=bookings_of_user(db.session, user)))


def date_statuses(occurrences: Sequence[Occurrence]) -> dict[int, Markup]:
    """Per date that needs booking, how it stands ("Nog 3 plaatsen vrij", "Vol: je kunt op
    de wachtlijst"), in one query for all of them."""
    bookable = [o for o in occurrences if o.event.booking_required]
    avail = availability_by_date(db.session, bookable)
    template = current_app.jinja_env.get_template("bookings/_date_status.html")
    return {o.id: Markup(template.render(avail=avail[o.id])) for o in bookable}


# schema.org availability of an offer, per state of a date (Google reads InStock,
# SoldOut and PreOrder for events; the others are schema.org's own words).
OFFER_AVAILABILITY = {
    STATE_OPEN: "InStock", STATE_WAITLIST: "SoldOut", STATE_FULL: "SoldOut",
    STATE_NOT_YET: "PreOrder", STATE_CLOSED: "SoldOut", STATE_CANCELLED: "Discontinued",
    STATE_PAST: "SoldOut",
}


def date_offers(occurrences: Sequence[Occurrence]) -> dict[int, Markup]:
    """Per date that needs booking, its schema.org `Offer` as JSON: free, where to book,
    and whether seats are left; one query for all of them."""
    bookable = [o for o in occurrences if o.event.booking_required]
    avail = availability_by_date(db.session, bookable)
    offers = {}
    for occurrence in bookable:
        state = avail[occurrence.id]
        offer = {
            "@type": "Offer", "price": "0", "priceCurrency": "EUR",
            "availability": "https://schema.org/" + OFFER_AVAILABILITY.get(state.state, "InStock"),
            "url": absolute_url("agenda.detail", event_id=occurrence.event_id)
            + f"#booking-date-{occurrence.id}",
        }
        if state.opens_at is not None:
            offer["validFrom"] = to_local(state.opens_at).isoformat()
        offers[occurrence.id] = Markup(json.dumps(offer))
    return offers


def init_app(app: Flask) -> None:
    add_stylesheet(app, "css/bookings.css")
    contribute(app, EVENT_MAIN, event_booking, order=10)
    contribute(app, EVENT_ACTION, event_action, order=10)
    contribute(app, OCCURRENCE_STATUS, date_statuses, order=10)
    contribute(app, OCCURRENCE_OFFER, date_offers, order=10)
    contribute(app, ACCOUNT_MAIN, account_bookings, order=10)
    # A copy of an activity takes over how it is booked.
    register_cloner(app, "event", copy_fields(*sorted(BOOKING_SETTINGS)))
