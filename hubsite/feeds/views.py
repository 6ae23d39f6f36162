"""Calendar feeds: the agenda, a hub and one activity as iCalendar.

Every feed answers in Dutch, the site's default language, whatever the
visitor chose: a feed URL is shared and subscribed to, and must give everyone
the same calendar (`serve_public_feed` builds it in that language). (The private feed of one's bookings is the bookings'
own: `hubsite.bookings.calendar`.)
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, abort, request

from hubsite.agenda.listing import AgendaFilters
from hubsite.agenda.models import Event, Occurrence
from hubsite.extensions import db
from hubsite.feeds import ical, links, panels, services
from hubsite.feeds.cache import block_store
from hubsite.feeds.responses import (
    calendar_meta,
    current_window,
    ics_filename,
    serve_public_feed,
    site_locale,
)

bp = Blueprint("feeds", __name__)


@bp.record_once
def _configure(state) -> None:
    panels.init_app(state.app)


def _agenda_response(filters: AgendaFilters, reference: services.Reference,
                     name: str) -> list[bytes]:
    window = current_window()
    stamps = services.agenda_stamps(db.session, filters, window)

    def load_dates(event_ids: list[int] | None) -> Iterator[Occurrence]:
        return services.agenda_rows(db.session, filters, window, event_ids)

    # The hubs and types the blocks name, and the site's address (activity 0's URL).
    context = f"{reference.fingerprint}|{links.event_url(0)}"
    return ical.kept_blocks_calendar(calendar_meta(name), stamps, load_dates, links.event_url,
                                     site_locale(), block_store(), context)


def _feed_parts() -> tuple[object, ...]:
    """What names a public feed: its path and its query, in a fixed order."""
    return (request.path, tuple(sorted(request.args.items(multi=True))))


@bp.get("/agenda.ics")
def agenda_feed():
    """The agenda as a feed, with the same filters as `/agenda` (hub, type, q, from, to)."""

    def build() -> list[bytes]:
        reference = services.reference_data(db.session)
        try:
            filters = services.parse_filters(request.args, reference)
        except services.FeedError as error:
            abort(400, description=str(error))
        return _agenda_response(filters, reference, services.feed_name(filters, reference))

    return serve_public_feed(_feed_parts(), build, floor=current_window().day_start)


@bp.get("/hubs/<slug>/agenda.ics")
def hub_feed(slug: str):
    """One hub's agenda as a feed."""

    def build() -> list[bytes]:
        reference = services.reference_data(db.session)
        hub = reference.hubs.get(slug)
        if hub is None:
            abort(404)
        filters = AgendaFilters(hubs=(hub.slug,))
        return _agenda_response(filters, reference, links.feed_title(hub.name))

    return serve_public_feed(_feed_parts(), build, floor=current_window().day_start)


@bp.get("/events/<int:event_id>.ics")
def event_feed(event_id: int):
    """One activity with all its dates, as a file to download or subscribe to."""
    found: list[Event] = []

    def event() -> Event:
        if not found:
            loaded = services.public_event(db.session, event_id)
            if loaded is None:
                abort(404)
            found.append(loaded)
        return found[0]

    def build() -> bytes:
        rows = services.event_rows(db.session, event())
        return ical.occurrences_calendar(calendar_meta(event().title), rows, links.event_url,
                                         site_locale())

    def filename() -> str:
        return ics_filename(event().title, f"activiteit-{event().id}")

    return serve_public_feed(_feed_parts(), build, filename=filename)
