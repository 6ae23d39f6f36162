"""How agenda things read on a page: recurrence in words, days grouped."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from itertools import groupby

from babel.dates import get_day_names
from flask import Flask
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _

from hubsite.agenda.models import STATUS_CANCELLED, STATUS_DRAFT, Event, Occurrence
from hubsite.agenda.recurrence import WEEKDAY_CODES, RecurrenceError, parse_rrule
from hubsite.timeutil import local_today, to_local, utcnow


def relative_day(day: date, today: date | None = None) -> str:
    """"Vandaag", "Morgen" or "" for other days."""
    today = today or local_today()
    if day == today:
        return _("Vandaag")
    if day == today + timedelta(days=1):
        return _("Morgen")
    return ""


def group_by_day(occurrences: Iterable[Occurrence]) -> list[tuple[date, list[Occurrence]]]:
    """Dates grouped by their local day, in the order given."""
    return [(day, list(items))
            for day, items in groupby(occurrences, key=lambda o: to_local(o.starts_at).date())]


def weekday_name(code: str) -> str:
    names = get_day_names("wide", locale=get_locale())
    return names[WEEKDAY_CODES.index(code)]


def describe_recurrence(event: Event) -> str:
    """The series in words: "Elke week op dinsdag, 5 keer"."""
    if not event.rrule:
        return ""
    try:
        recurrence = parse_rrule(event.rrule)
    except RecurrenceError:
        return ""
    n = recurrence.interval
    first = to_local(event.starts_at)
    if recurrence.frequency == "DAILY":
        text = ngettext("Elke dag", "Elke %(num)s dagen", n)
    elif recurrence.frequency == "WEEKLY":
        days = [weekday_name(code) for code in recurrence.weekdays]
        joined = (", ".join(days[:-1]) + " " + _("en") + " " + days[-1]) if len(days) > 1 \
            else (days[0] if days else weekday_name(WEEKDAY_CODES[first.weekday()]))
        text = ngettext("Elke week op %(days)s", "Elke %(num)s weken op %(days)s", n, days=joined)
    elif recurrence.monthly_by == "weekday":
        nth = (first.day - 1) // 7 + 1
        ordinals = {1: _("eerste"), 2: _("tweede"), 3: _("derde"), 4: _("vierde"),
                    5: _("laatste")}
        text = ngettext("Elke %(nth)s %(day)s van de maand",
                        "Elke %(num)s maanden op de %(nth)s %(day)s", n, nth=ordinals[nth],
                        day=weekday_name(WEEKDAY_CODES[first.weekday()]))
    else:
        text = ngettext("Elke maand op de %(day)se", "Elke %(num)s maanden op de %(day)se", n,
                        day=first.day)
    if recurrence.count:
        text += ", " + ngettext("%(num)s keer", "%(num)s keer", recurrence.count)
    elif recurrence.until:
        text += ", " + _("tot en met %(date)s", date=format_date(recurrence.until, "d MMMM y"))
    return text


def status_label(event: Event) -> str:
    return {STATUS_DRAFT: _("Concept"), STATUS_CANCELLED: _("Geannuleerd")}.get(
        event.status, _("Gepubliceerd"))


def time_range(occurrence: Occurrence | Event) -> str:
    """`14:00–16:00`, or with the end day when it ends on another day."""
    start, end = to_local(occurrence.starts_at), to_local(occurrence.ends_at)
    if start.date() == end.date():
        return f"{start:%H:%M}–{end:%H:%M}"
    return f"{start:%H:%M} – {format_date(end.date(), 'EEE d MMM')} {end:%H:%M}"


def is_past(occurrence: Occurrence) -> bool:
    return occurrence.ends_at <= utcnow()


def place_text(where: Event | Occurrence, *, with_hub: bool = True) -> str:
    """Where an activity or one of its dates takes place, as one line of plain text.

    `Hub Almelo, Lokaal 2, Sluiskade 5, 7607 AA Almelo`: the hub's name (left
    out with `with_hub=False`, where the hub is named already), the room, and
    the address (the hub's when the activity gives none). Empty parts are
    left out. Feeds (LOCATION), the booking pages and mails use this form.
    """
    event = where if isinstance(where, Event) else where.event
    hub = event.hub
    parts = (hub.name if with_hub else "", where.room, where.address or hub.full_address)
    return ", ".join(part.strip() for part in parts if part and part.strip())


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(time_range=time_range, place_text=place_text)
    app.jinja_env.globals.update(relative_day=relative_day, describe_recurrence=describe_recurrence,
                                 event_status_label=status_label)
