"""What the "Abonneren" and "Zet in mijn agenda" partials show, as template globals.

`templates/feeds/_subscribe.html` and `templates/feeds/_add_to_calendar.html`
call these, so the partials work wherever they are included, also inside a
block that htmx renders alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from flask import Flask, render_template
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from hubsite.agenda.display import place_text
from hubsite.agenda.query import FILTER_KEYS
from hubsite.agenda.slots import AGENDA_SUBSCRIBE, EVENT_WHEN
from hubsite.extensions import db
from hubsite.feeds import links, services
from hubsite.feeds.ical import event_description
from hubsite.slots import contribute
from hubsite.timeutil import utcnow
from hubsite.urls import absolute_url

if TYPE_CHECKING:
    from hubsite.agenda.models import Event
    from hubsite.hubs.models import Hub


def feed_args(feed_filters: Mapping[str, object] | None) -> dict[str, object]:
    """The `/agenda.ics` query arguments for the agenda's current filters (empty ones dropped).

    Takes the filters as the agenda passes them: `hub` and `type` as lists (or
    one string), `q`, `from` and `to` as strings or dates. Other keys (such as
    `view`) are not filters and are left out.
    """
    args: dict[str, object] = {}
    for key in FILTER_KEYS:
        value = (feed_filters or {}).get(key)
        if key in ("hub", "type"):
            values = [value] if isinstance(value, str) else list(value or ())  # type: ignore[call-overload]
            values = [str(v) for v in values if v]
            if values:
                args[key] = values
        elif isinstance(value, date):
            args[key] = value.isoformat()
        elif value:
            args[key] = str(value)
    return args


def subscribe_links(feed_filters: Mapping[str, object] | None = None, feed_hub: Hub | None = None,
                    feed_event: Event | None = None) -> links.SubscribeLinks:
    """The "Abonneren" links: an activity's, a hub's or the (filtered) agenda's feed."""
    if feed_event is not None:
        url = absolute_url("feeds.event_feed", event_id=feed_event.id)
        return links.subscribe_links(url, feed_event.title)
    if feed_hub is not None:
        url = absolute_url("feeds.hub_feed", slug=feed_hub.slug)
        return links.subscribe_links(url, links.feed_title(feed_hub.name))
    args = feed_args(feed_filters)
    url = absolute_url("feeds.agenda_feed", **args)
    return links.subscribe_links(url, _agenda_feed_name(args))


def _agenda_feed_name(args: dict[str, object]) -> str:
    """The name the filtered feed gives itself (X-WR-CALNAME), so Outlook shows the same."""
    if not args:
        return links.feed_title()
    reference = services.reference_data(db.session)
    try:
        filters = services.parse_filters(MultiDict(args), reference)
    except services.FeedError:  # the feed refuses these filters; any name will do
        return links.feed_title(_("selectie"))
    return services.feed_name(filters, reference)


def add_to_calendar_links(event: Event) -> links.AddLinks:
    """"Zet in mijn agenda": the .ics file, and the next date for Google and Outlook."""
    upcoming = links.next_date(event, utcnow())
    if upcoming is None:
        return links.add_to_calendar_links(event, None, "", "")
    location = place_text(upcoming)
    details = event_description(event, links.event_url(event.id), upcoming.note)
    return links.add_to_calendar_links(event, upcoming, location, details[:1500])


def subscribe_panel(feed_filters: Mapping[str, object] | None = None, feed_hub: Hub | None = None,
                    feed_event: Event | None = None) -> Markup:
    """The "Abonneren" panel beside a list of activities (slot `agenda.subscribe`)."""
    return Markup(render_template("feeds/_subscribe.html", feed_filters=feed_filters or {},
                                  feed_hub=feed_hub, feed_event=feed_event))


def add_to_calendar_panel(event: Event) -> Markup:
    """"Zet in mijn agenda" on an activity's page (slot `event.when`)."""
    return Markup(render_template("feeds/_add_to_calendar.html", event=event))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        feed_subscribe_links=subscribe_links,
        feed_add_links=add_to_calendar_links,
    )
    contribute(app, AGENDA_SUBSCRIBE, subscribe_panel)
    contribute(app, EVENT_WHEN, add_to_calendar_panel)
