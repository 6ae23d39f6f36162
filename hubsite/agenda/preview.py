"""A repeat rule in plain words while the host fills in the activity form:
"Elke dinsdag om 14:00, 10 keer, t/m 9 februari".

Made from the form's values (a `Recurrence` and the first start), before anything is
saved; the dates are those the agenda would store (`expand`), so the count and the last
date are the real ones.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from hubsite.agenda.display import weekday_name
from hubsite.agenda.recurrence import (
    WEEKDAY_CODES,
    Recurrence,
    RecurrenceError,
    build_rrule,
    expand,
)
from hubsite.timeutil import local_today


def _day(day: date) -> str:
    # The year only where it is not this year's.
    return format_date(day, "d MMMM" if day.year == local_today().year else "d MMMM y")


def _joined(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " " + _("en") + " " + names[-1]


def _pattern(recurrence: Recurrence, first: datetime) -> str:
    n = recurrence.interval
    if recurrence.frequency == "DAILY":
        return ngettext("elke dag", "om de %(num)s dagen", n)
    if recurrence.frequency == "WEEKLY":
        codes = recurrence.weekdays or (WEEKDAY_CODES[first.weekday()],)
        days = _joined([weekday_name(c) for c in sorted(set(codes), key=WEEKDAY_CODES.index)])
        return ngettext("elke %(days)s", "om de %(num)s weken op %(days)s", n, days=days)
    if recurrence.monthly_by == "weekday":
        nth = (first.day - 1) // 7 + 1
        ordinal = {1: _("eerste"), 2: _("tweede"), 3: _("derde"), 4: _("vierde"),
                   5: _("laatste")}[nth]
        day = weekday_name(WEEKDAY_CODES[first.weekday()])
        return ngettext("elke %(nth)s %(day)s van de maand",
                        "om de %(num)s maanden op de %(nth)s %(day)s", n, nth=ordinal, day=day)
    return ngettext("elke maand op de %(day)se", "om de %(num)s maanden op de %(day)se", n,
                    day=first.day)


def describe_repeat(recurrence: Recurrence | None, first: datetime | None) -> str:
    """The dates a form's values give, in one sentence; `first` is the local start.

    A one-off activity reads "Eenmalig: dinsdag 13 oktober om 14:00"; values that give
    no dates say what is missing.
    """
    if first is None:
        return _("Kies een datum en een begintijd; dan zie je hier welke datums het worden.")
    time_text = f"{first:%H:%M}"
    if recurrence is None:
        return _("Eenmalig: %(day)s om %(time)s",
                 day=format_date(first.date(), "EEEE ") + _day(first.date()), time=time_text)
    try:
        starts = expand(build_rrule(recurrence, first), first)
    except RecurrenceError as error:
        text = str(error)
        return text[:1].upper() + text[1:] + "."
    if not starts:
        return _("Met deze keuzes komt er geen enkele datum. Kies een latere einddatum.")
    parts = [_pattern(recurrence, first), _("om %(time)s", time=time_text),
             ngettext("%(num)d keer", "%(num)d keer", len(starts)),
             _("t/m %(date)s", date=_day(starts[-1].date()))]
    if recurrence.count is None and recurrence.until is None:
        parts[2] = ngettext("%(num)d keer in het komende jaar",
                            "%(num)d keer in het komende jaar", len(starts))
    text = ", ".join(parts[1:])
    sentence = f"{parts[0]} {text}"
    return sentence[:1].upper() + sentence[1:]
