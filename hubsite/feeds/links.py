"""Links to and from calendars: feed URLs, webcal, Google Agenda and Outlook, pages on the site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit, urlunsplit

from flask_babel import gettext as _

from hubsite.timeutil import to_local
from hubsite.urls import absolute_url

if TYPE_CHECKING:
    from hubsite.agenda.models import Event, Occurrence


def event_url(event_id: int) -> str:
    """The absolute URL of an activity's page."""
    return absolute_url("agenda.detail", event_id=event_id)


def webcal(url: str) -> str:
    """The same URL with the webcal scheme, which opens the calendar app to subscribe."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))


@dataclass(frozen=True)
class SubscribeLinks:
    """Everything the "Abonneren" panel offers for one feed."""

    name: str
    https: str
    webcal: str
    google: str
    outlook: str


def subscribe_links(url: str, name: str) -> SubscribeLinks:
    """Links that subscribe to the feed at `url` in a calendar app, Google Agenda or Outlook."""
    webcal_url = webcal(url)
    return SubscribeLinks(
        name=name,
        https=url,
        webcal=webcal_url,
        google="https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal_url}),
        outlook="https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": url, "name": name}),
    )


@dataclass(frozen=True)
class AddLinks:
    """"Zet in mijn agenda" for one activity: the .ics file and one-date links for the web apps."""

    ics: str
    webcal: str
    google: str | None
    outlook: str | None
    occurrence: Occurrence | None


def add_to_calendar_links(event: Event, next_date: Occurrence | None, location: str,
                          details: str) -> AddLinks:
    """The .ics download of the whole activity, and Google and Outlook links for `next_date`."""
    ics = absolute_url("feeds.event_feed", event_id=event.id)
    if next_date is None:
        return AddLinks(ics, webcal(ics), None, None, None)
    return date_links(next_date, ics, location, details)


def date_links(occurrence: Occurrence, ics: str, location: str, details: str) -> AddLinks:
    """"Zet in mijn agenda" for one date: the .ics file at `ics`, Google and Outlook links."""
    start, end = to_local(occurrence.starts_at), to_local(occurrence.ends_at)
    google = "https://calendar.google.com/calendar/render?" + urlencode({
        "action": "TEMPLATE",
        "text": occurrence.title,
        "dates": f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}",
        "ctz": "Europe/Amsterdam",
        "details": details,
        "location": location,
    })
    outlook = "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode({
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": occurrence.title,
        "startdt": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": details,
        "location": location,
    })
    return AddLinks(ics, webcal(ics), google, outlook, occurrence)


def next_date(event: Event, now: datetime) -> Occurrence | None:
    """The first date of the activity that has not ended and is not cancelled."""
    for occurrence in sorted(event.occurrences, key=lambda o: o.starts_at):
        if occurrence.ends_at > now and not occurrence.is_cancelled:
            return occurrence
    return None


def feed_title(filters_label: str | None = None) -> str:
    """The calendar's name as a calendar app shows it."""
    site = _("Ruimte voor ondernemendheid")
    if not filters_label:
        return _("Agenda %(site)s", site=site)
    return _("%(label)s – agenda %(site)s", label=filters_label, site=site)
