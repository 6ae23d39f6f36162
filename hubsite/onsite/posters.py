"""What an A4 poster says: for a hub, a board or an activity.

Each poster leads with its title, says when and where, and carries a QR code of the
page's absolute address with that address written out short (no "https://"), so that
someone without a camera can type it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session

from hubsite.agenda.display import describe_recurrence, place_text, time_range
from hubsite.agenda.listing import upcoming_dates
from hubsite.agenda.models import Event
from hubsite.dates import local_date
from hubsite.hubs.models import Hub
from hubsite.i18n import current_language
from hubsite.pinboard.models import Board
from hubsite.urls import absolute_url

MAX_DATES = 4  # the coming dates an activity's poster lists


@dataclass
class Poster:
    """The words of one poster and the address its QR code holds."""

    kind: str  # "hub", "board", "activity": the poster's layout
    eyebrow: str
    title: str
    url: str
    when: list[str] = field(default_factory=list)
    where: str = ""
    lead: str = ""
    how: list[str] = field(default_factory=list)

    @property
    def short_url(self) -> str:
        return short_url(self.url)


def short_url(url: str) -> str:
    """An address as people type it: without its scheme (and a trailing slash)."""
    parts = urlsplit(url)
    short = (parts.netloc + parts.path).rstrip("/")
    return f"{short}?{parts.query}" if parts.query else short


def hub_poster(hub: Hub) -> Poster:
    """A hub's poster: its name, address and opening hours; the code opens its page."""
    when = [line.strip() for line in hub.opening_hours.splitlines() if line.strip()]
    return Poster(
        kind="hub", eyebrow=_("Ruimte voor ondernemendheid"), title=hub.name,
        url=absolute_url("hubs.detail", slug=hub.slug), when=when[:7],
        where=hub.full_address, lead=hub.tagline,
        how=[_("Scan de code voor de agenda, het prikbord en het team van de hub."),
             _("Loop gerust binnen: studenten, bedrijven en overheid werken hier samen.")])


def board_poster(board: Board) -> Poster:
    """A board's poster: the code opens the board, to read it and post on it."""
    hub = board.hub
    return Poster(
        kind="board", eyebrow=(hub.name if hub else _("Het hele netwerk")) + " · " + _("Prikbord"),
        title=board.title, url=absolute_url("pinboard.board", slug=board.slug),
        where=hub.full_address if hub else "",
        lead=_("Heb je een vraag, iets aan te bieden of een idee? Zet het op het prikbord."),
        how=[_("Scan de code om het prikbord te lezen en een bericht te plaatsen."),
             _("Een account is niet nodig.")])


def activity_poster(session: Session, event: Event) -> Poster:
    """An activity's poster: its coming dates, the place, and how to take part."""
    dates = [o for o in upcoming_dates(session, event) if not o.is_cancelled]
    when = [f"{local_date(o.starts_at, 'EEEE d MMMM')} · {time_range(o)}" for o in dates[:MAX_DATES]]
    if len(dates) > MAX_DATES:
        more = len(dates) - MAX_DATES
        when.append(describe_recurrence(event) or ngettext(
            "en nog %(num)s datum", "en nog %(num)s datums", more))
    if not dates:
        when = [_("Alle datums zijn voorbij of geannuleerd.")]
    where = place_text(dates[0] if dates else event)
    if event.booking_required:
        how = [_("Reserveer je plek: scan de code of ga naar het adres hieronder."),
               _("Kies een datum en vul je naam en e-mailadres in; je krijgt meteen een "
                 "bevestiging per mail. Een account is niet nodig.")]
        if event.capacity:
            how.append(ngettext("Er is plaats voor %(num)s persoon per datum.",
                                "Er is plaats voor %(num)s personen per datum.",
                                event.capacity))
    else:
        how = [_("Gratis, zonder reserveren: kom gewoon langs."),
               _("Scan de code voor alle details.")]
    return Poster(
        kind="activity", eyebrow=f"{event.activity_type.name(current_language())} · {event.hub.name}",
        title=event.title, url=absolute_url("agenda.detail", event_id=event.id),
        when=when, where=where, lead=event.summary, how=how)
