"""Holidays in the agenda: a warning when a date falls on a public holiday or in a school
holiday of the hub's region, and series that skip those dates.

The calendar itself is the shared layer's (`hubsite.holiday_calendar`); a hub's region
says which school holidays count. A warning never stops a save: the team decides.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from hubsite import holiday_calendar
from hubsite.agenda import signals
from hubsite.agenda.models import OCCURRENCE_CANCELLED, Event, Occurrence
from hubsite.agenda.recurrence import Recurrence, RecurrenceError, build_rrule, expand
from hubsite.hubs.models import Hub
from hubsite.i18n import current_language
from hubsite.timeutil import local_wall_clock, to_local, utcnow

MAX_NAMED = 4


def planned_starts(first: datetime | None, recurrence: Recurrence | None) -> list[datetime]:
    """The local starts a form's values give (just the first for a one-off, or when the
    rule cannot be made: the form says why elsewhere)."""
    if first is None:
        return []
    start = local_wall_clock(first)
    if recurrence is None:
        return [start]
    try:
        return expand(build_rrule(recurrence, start), start)
    except RecurrenceError:
        return [start]


def holidays_of(hub: Hub, days: list[date]) -> dict[date, list[holiday_calendar.Holiday]]:
    """The holidays each of `days` falls in, for this hub's region."""
    return holiday_calendar.holidays_on_days(days, hub.region or None, current_language())


def holiday_warning(hub: Hub, starts: list[datetime]) -> str | None:
    """"Let op: …" when a date falls on a public holiday or in the region's school holiday."""
    found = holidays_of(hub, [start.date() for start in starts])
    if not found:
        return None
    named = [_("%(date)s (%(holiday)s)", date=format_date(day, "EEEE d MMMM y"),
               holiday=", ".join(h.name for h in holidays))
             for day, holidays in sorted(found.items())[:MAX_NAMED]]
    more = len(found) - len(named)
    text = ngettext("Let op: %(num)d datum valt op een feestdag of in een schoolvakantie: ",
                    "Let op: %(num)d datums vallen op een feestdag of in een schoolvakantie: ",
                    len(found)) + "; ".join(named)
    if more:
        text += " " + ngettext("en nog %(num)d.", "en nog %(num)d.", more)
    else:
        text += "."
    if not hub.region:
        text += " " + _("De schoolvakanties tellen pas mee als de hub een regio heeft gekozen.")
    return text


def skip_holiday_dates(session: Session, event: Event, rows: list[Occurrence],
                       now: datetime | None = None, future_only: bool = True) -> int:
    """Cancel the dates among `rows` that fall in a holiday (only those to come, unless the
    rows are new), with the reason "vakantie" (they stay visible and can be restored).
    Tells bookings, like any cancelled date. Returns how many were cancelled."""
    now = now or utcnow()
    candidates = [row for row in rows if row.status != OCCURRENCE_CANCELLED
                  and (not future_only or row.starts_at > now)]
    found = holidays_of(event.hub, [to_local(row.starts_at).date() for row in candidates])
    cancelled = 0
    for row in candidates:
        if to_local(row.starts_at).date() not in found:
            continue
        row.status = OCCURRENCE_CANCELLED
        row.cancelled_at = now
        row.note = holiday_calendar.HOLIDAY_REASON
        row.sequence += 1
        cancelled += 1
        if row.id is not None:
            signals.occurrence_cancelled.send(row, session=session)
    if cancelled:
        event.sequence += 1
    session.flush()
    return cancelled
