"""How bookings takes part in other capabilities' pages: the booking part of an activity
page (slot `event.main`), "Mijn reserveringen" on the account page (`account.main`), and
the booking settings a copy of an activity takes over (the "event" cloner)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import Flask, current_app, render_template
from flask_login import current_user
from markupsafe import Markup

from hubsite.accounts.models import User
from hubsite.accounts.slots import ACCOUNT_MAIN
from hubsite.agenda.models import Event, Occurrence
from hubsite.agenda.slots import EVENT_MAIN, OCCURRENCE_STATUS
from hubsite.bookings.models import Booking
from hubsite.bookings.queries import active_bookings_of_user, bookings_of_user
from hubsite.bookings.seating import BOOKING_SETTINGS, Availability, availability_by_date
from hubsite.cloning import copy_fields, register_cloner
from hubsite.extensions import db
from hubsite.hubs.permissions import is_hub_team
from hubsite.slots import add_stylesheet, contribute


@dataclass
class PanelItem:
    occurrence: Occurrence
    avail: Availability
    mine: Booking | None


def event_booking(event: Event, upcoming: list[Occurrence]) -> Markup | None:
    """Seats, states and the visitor's own bookings for the coming dates of an activity,
    in two queries for all of them."""
    if not event.booking_required:
        return None
    avail = availability_by_date(db.session, upcoming)
    mine = active_bookings_of_user(db.session, current_user, [o.id for o in upcoming])
    items = [PanelItem(o, avail[o.id], mine.get(o.id)) for o in upcoming]
    return Markup(render_template("bookings/_event_booking.html", event=event, items=items,
                                  is_team=is_hub_team(current_user, event.hub)))


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


def init_app(app: Flask) -> None:
    add_stylesheet(app, "css/bookings.css")
    contribute(app, EVENT_MAIN, event_booking, order=10)
    contribute(app, OCCURRENCE_STATUS, date_statuses, order=10)
    contribute(app, ACCOUNT_MAIN, account_bookings, order=10)
    # A copy of an activity takes over how it is booked.
    register_cloner(app, "event", copy_fields(*sorted(BOOKING_SETTINGS)))
