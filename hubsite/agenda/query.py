"""The agenda's URL: filters that visitors share, read leniently and checked.

`/agenda?hub=almelo&hub=utrecht&type=gastles&q=zorg&from=2027-10-01&to=2027-10-31&view=list`
Unknown or malformed values never break the page: they are left out and a
message says which value was not understood.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from hubsite.agenda.listing import AgendaFilters

VIEWS = ("list", "week", "month", "past")
# The query arguments that narrow what the agenda holds (the feed takes exactly these);
# `view` and `after` only choose how it is shown.
FILTER_KEYS = ("hub", "type", "q", "from", "to")
MAX_Q = 100
_CURSOR = re.compile(r"^(\d{8}T\d{6})-(\d{1,12})$")


@dataclass
class AgendaQuery:
    """Everything the agenda URL asks for, plus what could not be understood."""

    filters: AgendaFilters
    view: str = "list"
    cursor: tuple[datetime, int] | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def args(self, **changes) -> dict:
        """Query arguments for `url_for`, with `changes` applied (None drops one)."""
        values: dict = {
            "hub": list(self.filters.hubs),
            "type": list(self.filters.types),
            "q": self.filters.q or None,
            "from": self.filters.start.isoformat() if self.filters.start else None,
            "to": self.filters.end.isoformat() if self.filters.end else None,
            "view": self.view if self.view != "list" else None,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in (None, [], "")}

    def feed_args(self) -> dict:
        """The filters as the calendar feed takes them (no view, no paging)."""
        return {
            "hub": list(self.filters.hubs),
            "type": list(self.filters.types),
            "q": self.filters.q,
            "from": self.filters.start.isoformat() if self.filters.start else "",
            "to": self.filters.end.isoformat() if self.filters.end else "",
        }

    @property
    def is_filtered(self) -> bool:
        """Whether anything narrows the results (in week and month views `from` only
        picks the period)."""
        f = self.filters
        dated = self.view in ("list", "past") and (f.start or f.end)
        return bool(f.hubs or f.types or f.q or dated)

    @property
    def filter_count(self) -> int:
        f = self.filters
        dates = sum(1 for d in (f.start, f.end) if d) if self.view in ("list", "past") else 0
        return len(f.hubs) + len(f.types) + dates


def parse_agenda_query(args: MultiDict, hub_slugs: Iterable[str],
                       type_slugs: Iterable[str]) -> AgendaQuery:
    """Read the agenda URL; `hub_slugs`/`type_slugs` are the values that exist."""
    errors: dict[str, str] = {}
    hubs = _known(args.getlist("hub"), set(hub_slugs), "hub", errors,
                  _("Onbekende hub: %(value)s."))
    types = _known(args.getlist("type"), set(type_slugs), "type", errors,
                   _("Onbekend soort activiteit: %(value)s."))
    q = " ".join(args.get("q", "").split())
    if len(q) > MAX_Q:
        errors["q"] = _("Zoek met hoogstens %(n)s tekens.", n=MAX_Q)
        q = q[:MAX_Q]
    start = _date(args.get("from", ""), "from", errors)
    end = _date(args.get("to", ""), "to", errors)
    if start and end and end < start:
        errors["to"] = _("De einddatum ligt voor de begindatum.")
        end = None
    view = args.get("view", "list") or "list"
    if view not in VIEWS:
        errors["view"] = _("Onbekende weergave: %(value)s.", value=view[:40])
        view = "list"
    cursor = None
    raw_cursor = args.get("after", "")
    if raw_cursor:
        match = _CURSOR.match(raw_cursor)
        try:
            cursor = (datetime.strptime(match.group(1), "%Y%m%dT%H%M%S"), int(match.group(2))) \
                if match else None
        except ValueError:
            cursor = None
        if cursor is None:
            errors["after"] = _("Deze vervolgpagina bestaat niet; je ziet de eerste pagina.")
    filters = AgendaFilters(hubs=tuple(hubs), types=tuple(types), q=q, start=start, end=end)
    return AgendaQuery(filters, view, cursor, errors)


def format_cursor(cursor: tuple[datetime, int]) -> str:
    return f"{cursor[0]:%Y%m%dT%H%M%S}-{cursor[1]}"


def week_start(day: date) -> date:
    """The Monday of the week that holds `day`."""
    return day - timedelta(days=day.weekday())


def month_grid(day: date) -> tuple[date, date, date]:
    """(first of the month, first Monday shown, last Sunday shown) for a month view."""
    first = day.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    last = next_month - timedelta(days=1)
    return first, week_start(first), week_start(last) + timedelta(days=6)


def _known(values: list[str], known: set[str], name: str, errors: dict[str, str],
           message: str) -> list[str]:
    good: list[str] = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        if value in known:
            if value not in good:
                good.append(value)
        else:
            errors[name] = message % {"value": value[:60]}
    return good


def _date(value: str, name: str, errors: dict[str, str]) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        parsed = None
    if parsed is None or not 2000 <= parsed.year <= 2100:
        errors[name] = _("‘%(value)s’ is geen datum. Gebruik jjjj-mm-dd, bijvoorbeeld 2027-10-12.",
                         value=value[:40])
        return None
    return parsed
