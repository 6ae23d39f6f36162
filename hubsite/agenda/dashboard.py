"""The agenda's part of a hub team's "Mijn hub" (slot `hub.dashboard`): the hub's coming
dates, with what other capabilities say per date (bookings: seats taken, through the
item slot `occurrence.seats`), and its drafts."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, render_template
from flask_login import current_user
from markupsafe import Markup

from hubsite.agenda.listing import AgendaFilters, upcoming_occurrences, viewer_for
from hubsite.agenda.models import STATUS_DRAFT, Event
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.hubs.slots import HUB_DASHBOARD
from hubsite.slots import contribute

COMING_DATES = 8
DRAFTS = 10


def coming_dates(hub: Hub) -> Markup:
    """The hub's next dates (drafts included), in one query; seats per date come from
    the item slot `occurrence.seats`."""
    page = upcoming_occurrences(db.session, AgendaFilters(hubs=(hub.slug,)),
                                viewer_for(current_user), limit=COMING_DATES)
    return Markup(render_template("agenda/_dashboard_dates.html", hub=hub,
                                  occurrences=page.items, more=page.next_cursor is not None))


def drafts(hub: Hub) -> Markup:
    """The hub's activities that are not published yet, last changed first."""
    found = db.session.scalars(
        sa.select(Event).where(Event.hub_id == hub.id, Event.status == STATUS_DRAFT)
        .order_by(Event.updated_at.desc(), Event.id.desc()).limit(DRAFTS)
    ).all()
    return Markup(render_template("agenda/_dashboard_drafts.html", hub=hub, drafts=found))


def init_app(app: Flask) -> None:
    contribute(app, HUB_DASHBOARD, coming_dates, order=10)
    contribute(app, HUB_DASHBOARD, drafts, order=20)
