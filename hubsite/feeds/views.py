"""Calendar feeds: the agenda, a hub, one activity and a person's bookings as iCalendar.

Every feed answers in Dutch, the site's default language, whatever the
visitor chose: a feed URL is shared and subscribed to, and must give everyone
the same calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import TypeVar

from flask import Blueprint, Response, abort, current_app, request
from flask_babel import force_locale
from flask_babel import gettext as _

from hubsite.agenda.services import AgendaFilters
from hubsite.extensions import db
from hubsite.feeds import ical, links, panels, services
from hubsite.feeds.responses import ics_filename, serve_feed

bp = Blueprint("feeds", __name__)

T = TypeVar("T")


@bp.record_once
def _configure(state) -> None:
    panels.init_app(state.app)


def _in_site_language(view: Callable[..., T]) -> Callable[..., T]:
    @wraps(view)
    def wrapper(*args, **kwargs):
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return view(*args, **kwargs)

    return wrapper


def _window() -> services.FeedWindow:
    config = current_app.config
    return services.feed_window(past_days=config["FEED_PAST_DAYS"],
                                cancelled_days=config["FEED_CANCELLED_DAYS"])


def _meta(name: str, description: str = "") -> ical.CalendarMeta:
    refresh = timedelta(minutes=current_app.config["FEED_REFRESH_MINUTES"])
    return ical.CalendarMeta(name=name, description=description, refresh=refresh)


def _locale() -> str:
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _agenda_response(filters: AgendaFilters, reference: services.Reference,
                     name: str) -> Response:
    window = _window()
    state = services.agenda_state(db.session, filters, window)

    def build() -> tuple[bytes, services.FeedState]:
        rows = services.agenda_rows(db.session, filters, window)
        body = ical.occurrences_calendar(_meta(name), rows, links.event_url, _locale())
        return body, services.state_of_rows(rows)

    parts = ("agenda", filters, reference.fingerprint, name)
    return serve_feed(parts, state, build, floor=window.day_start)


@bp.get("/agenda.ics")
@_in_site_language
def agenda_feed():
    """The agenda as a feed, with the same filters as `/agenda` (hub, type, q, from, to)."""
    reference = services.reference_data(db.session)
    try:
        filters = services.parse_filters(request.args, reference)
    except services.FeedError as error:
        abort(400, description=str(error))
    return _agenda_response(filters, reference, services.feed_name(filters, reference))


@bp.get("/hubs/<slug>/agenda.ics")
@_in_site_language
def hub_feed(slug: str):
    """One hub's agenda as a feed."""
    reference = services.reference_data(db.session)
    hub = reference.hubs.get(slug)
    if hub is None:
        abort(404)
    filters = AgendaFilters(hubs=(hub.slug,))
    return _agenda_response(filters, reference, links.feed_title(hub.name))


@bp.get("/events/<int:event_id>.ics")
@_in_site_language
def event_feed(event_id: int):
    """One activity with all its dates, as a file to download or subscribe to."""
    event = services.public_event(db.session, event_id)
    if event is None:
        abort(404)
    state = services.event_state(db.session, event)

    def build() -> tuple[bytes, services.FeedState]:
        rows = services.event_rows(db.session, event)
        body = ical.occurrences_calendar(_meta(event.title), rows, links.event_url, _locale())
        return body, services.state_of_rows(rows)

    parts = ("event", event.id, event.hub.name, event.hub.full_address,
             event.activity_type.name_nl)
    return serve_feed(parts, state, build,
                      filename=ics_filename(event.title, f"activiteit-{event.id}"))


@bp.get("/calendar/<token>.ics")
@_in_site_language
def private_feed(token: str):
    """A person's own bookings; the secret token in the URL stands in for a log-in."""
    user = services.user_by_calendar_token(db.session, token)
    if user is None:
        abort(404)
    reference = services.reference_data(db.session)
    window = _window()
    state = services.booking_state(db.session, user, window)
    name = _("Mijn reserveringen – %(site)s", site=_("Ruimte voor ondernemendheid"))

    def build() -> tuple[bytes, services.FeedState]:
        bookings = services.booking_rows(db.session, user, window)
        body = ical.bookings_calendar(
            _meta(name), bookings,
            links.booking_url, _locale())
        return body, services.booking_rows_state(bookings)

    parts = ("bookings", user.id, token, reference.fingerprint)
    return serve_feed(parts, state, build, floor=window.day_start, private=True)
