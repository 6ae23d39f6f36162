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

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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


@dataclass(frozen=True)
class QuickRange:
    """A period a visitor picks with one tap ("morgen", "dit weekend")."""

    key: str
    label: str
    start: date
    end: date

    def matches(self, query: AgendaQuery) -> bool:
        return (query.filters.start, query.filters.end) == (self.start, self.end)


_QUICK_LABELS = {
    "today": _l("Vandaag"),
    "tomorrow": _l("Morgen"),
    "weekend": _l("Dit weekend"),
    "this-week": _l("Deze week"),
    "next-week": _l("Volgende week"),
}


def quick_ranges(today: date) -> list[QuickRange]:
    """Vandaag, morgen, dit weekend, deze week (today to Sunday) and volgende week."""
    sunday = week_start(today) + timedelta(days=6)
    saturday = max(today, sunday - timedelta(days=1))  # on Sunday: just today
    next_monday = sunday + timedelta(days=1)
    spans = {
        "today": (today, today),
        "tomorrow": (today + timedelta(days=1), today + timedelta(days=1)),
        "weekend": (saturday, sunday),
        "this-week": (today, sunday),
        "next-week": (next_monday, next_monday + timedelta(days=6)),
    }
    return [QuickRange(key, str(_QUICK_LABELS[key]), *span) for key, span in spans.items()]


@dataclass(frozen=True)
class FilterChip:
    """One filter in use, shown as a chip, and the query arguments without it."""

    label: str
    args: dict


def filter_chips(query: AgendaQuery, hub_names: dict[str, str], type_names: dict[str, str],
                 today: date) -> list[FilterChip]:
    """The filters in use, each with the URL arguments that drop exactly that one.

    In the week and month views the dates only pick the period, so they are no chip;
    a date range that is one of the quick ranges is one chip ("Dit weekend").
    """
    f = query.filters
    chips = [FilterChip(hub_names.get(slug, slug),
                        query.args(hub=[s for s in f.hubs if s != slug], after=None))
             for slug in f.hubs]
    chips += [FilterChip(type_names.get(slug, slug),
                         query.args(type=[s for s in f.types if s != slug], after=None))
              for slug in f.types]
    if f.q:
        chips.append(FilterChip(f"‘{f.q}’", query.args(q=None, after=None)))
    if query.view not in ("list", "past") or not (f.start or f.end):
        return chips
    quick = next((r for r in quick_ranges(today) if r.matches(query)), None)
    if quick:
        chips.append(FilterChip(quick.label, query.args(after=None, **{"from": None, "to": None})))
        return chips
    if f.start:
        chips.append(FilterChip(_("Vanaf %(date)s", date=format_date(f.start, "d MMM y")),
                                query.args(after=None, **{"from": None})))
    if f.end:
        chips.append(FilterChip(_("T/m %(date)s", date=format_date(f.end, "d MMM y")),
                                query.args(after=None, to=None)))
    return chips


def tidy_args(args: MultiDict) -> MultiDict | None:
    """The same query without its empty fields, or None when it has none.

    A form sent without JavaScript carries every field (`q=&from=&to=`); the agenda
    redirects to the tidy URL so that what people bookmark and share stays short.
    """
    items = list(args.items(multi=True))
    kept = [(key, value) for key, value in items if value.strip()]
    return None if len(kept) == len(items) else MultiDict(kept)


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
