"""Calendar feeds: the agenda, a hub and one activity as iCalendar.

Every feed answers in Dutch, the site's default language, whatever the
visitor chose: a feed URL is shared and subscribed to, and must give everyone
the same calendar. (The private feed of one's bookings is the bookings'
own: `hubsite.bookings.calendar`.)
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from hubsite.agenda.listing import AgendaFilters
from hubsite.extensions import db
from hubsite.feeds import ical, links, panels, services
from hubsite.feeds.responses import (
    calendar_meta,
    current_window,
    ics_filename,
    in_site_language,
    serve_feed,
    site_locale,
)

bp = Blueprint("feeds", __name__)


@bp.record_once
def _configure(state) -> None:
    panels.init_app(state.app)


def _agenda_response(filters: AgendaFilters, reference: services.Reference,
                     name: str) -> Response:
    window = current_window()
    state = services.agenda_state(db.session, filters, window)

    def build() -> tuple[bytes, services.FeedState]:
        rows = services.agenda_rows(db.session, filters, window)
        body = ical.occurrences_calendar(calendar_meta(name), rows, links.event_url, site_locale())
        return body, services.state_of_rows(rows)

    parts = ("agenda", filters, reference.fingerprint, name)
    return serve_feed(parts, state, build, floor=window.day_start)


@bp.get("/agenda.ics")
@in_site_language
def agenda_feed():
    """The agenda as a feed, with the same filters as `/agenda` (hub, type, q, from, to)."""
    reference = services.reference_data(db.session)
    try:
        filters = services.parse_filters(request.args, reference)
    except services.FeedError as error:
        abort(400, description=str(error))
    return _agenda_response(filters, reference, services.feed_name(filters, reference))


@bp.get("/hubs/<slug>/agenda.ics")
@in_site_language
def hub_feed(slug: str):
    """One hub's agenda as a feed."""
    reference = services.reference_data(db.session)
    hub = reference.hubs.get(slug)
    if hub is None:
        abort(404)
    filters = AgendaFilters(hubs=(hub.slug,))
    return _agenda_response(filters, reference, links.feed_title(hub.name))


@bp.get("/events/<int:event_id>.ics")
@in_site_language
def event_feed(event_id: int):
    """One activity with all its dates, as a file to download or subscribe to."""
    event = services.public_event(db.session, event_id)
    if event is None:
        abort(404)
    state = services.event_state(db.session, event)

    def build() -> tuple[bytes, services.FeedState]:
        rows = services.event_rows(db.session, event)
        body = ical.occurrences_calendar(calendar_meta(event.title), rows, links.event_url,
                                         site_locale())
        return body, services.state_of_rows(rows)

    parts = ("event", event.id, event.hub.name, event.hub.full_address,
             event.activity_type.name_nl)
    return serve_feed(parts, state, build,
                      filename=ics_filename(event.title, f"activiteit-{event.id}"))
