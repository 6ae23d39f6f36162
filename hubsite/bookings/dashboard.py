"""Bookings' part of a hub team's "Mijn hub": seats taken per coming date (item slot
`occurrence.seats`) and the dates with a waiting list (slot `hub.dashboard`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from flask import Flask, current_app, render_template
from markupsafe import Markup
from sqlalchemy.orm import contains_eager

from hubsite.agenda.models import Event, Occurrence
from hubsite.agenda.slots import OCCURRENCE_SEATS
from hubsite.bookings.models import BOOKING_WAITLISTED, Booking
from hubsite.bookings.seating import counts_by_date
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.hubs.slots import HUB_DASHBOARD
from hubsite.slots import contribute
from hubsite.timeutil import LOCAL_TZ, to_local, utcnow

WAITING_DATES = 10


def seats_per_date(occurrences: Sequence[Occurrence]) -> dict[int, Markup]:
    """Per date that needs booking: "7 / 10 gereserveerd" (and who waits), linked to its
    attendee list; one query for all the dates."""
    bookable = [o for o in occurrences if o.event.booking_required]
    counts = counts_by_date(db.session, [o.id for o in bookable])
    template = current_app.jinja_env.get_template("bookings/_dashboard_seats.html")
    today = datetime.now(LOCAL_TZ).date()
    return {o.id: Markup(template.render(occurrence=o, counts=counts[o.id],
                                         today=to_local(o.starts_at).date() == today))
            for o in bookable}


def waiting_lists(hub: Hub) -> Markup:
    """The hub's coming dates where people wait for a seat, soonest first (two queries)."""
    waiting = (
        sa.select(Booking.occurrence_id, sa.func.count().label("waiting"))
        .where(Booking.status == BOOKING_WAITLISTED)
        .group_by(Booking.occurrence_id).subquery()
    )
    rows = db.session.execute(
        sa.select(Occurrence)
        .join(waiting, waiting.c.occurrence_id == Occurrence.id)
        .join(Occurrence.event)
        .where(Event.hub_id == hub.id, Occurrence.starts_at > utcnow())
        .options(contains_eager(Occurrence.event))
        .order_by(Occurrence.starts_at, Occurrence.id).limit(WAITING_DATES)
    ).scalars().all()
    counts = counts_by_date(db.session, [o.id for o in rows])
    return Markup(render_template("bookings/_dashboard_waiting.html",
                                  items=[(o, counts[o.id]) for o in rows]))


def init_app(app: Flask) -> None:
    contribute(app, OCCURRENCE_SEATS, seats_per_date, order=10)
    contribute(app, HUB_DASHBOARD, waiting_lists, order=30)
