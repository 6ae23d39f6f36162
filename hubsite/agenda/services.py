"""Agenda logic as plain functions: create, change and cancel activities and their dates.

Services take a session and plain values (never `request`), only flush, and
leave the commit to the caller. Rules other capabilities rely on:

- an `Occurrence` row that may have bookings is never deleted: when the times
  of a series change, the rows are shifted (same ids); dates the new rule no
  longer gives are cancelled when they lie in the future;
- `event.sequence` goes up on every change of time or place (and
  `occurrence.sequence` for a change of one date); `updated_at` on every edit;
- the signals in `hubsite.agenda.signals` are sent for every cancelled or
  moved date and every cancelled activity, so bookings can tell people.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from hubsite.agenda import holidays, signals
from hubsite.agenda.models import (
    OCCURRENCE_CANCELLED,
    OCCURRENCE_SCHEDULED,
    STATUS_CANCELLED,
    STATUS_DRAFT,
    STATUS_PUBLISHED,
    ActivityType,
    Event,
    Occurrence,
)
from hubsite.agenda.recurrence import (
    Recurrence,
    RecurrenceError,
    build_rrule,
    expand,
    parse_rrule,
    with_until,
)
from hubsite.agenda.schedule import reschedule
from hubsite.cloning import cloned_values
from hubsite.hubs.models import Hub
from hubsite.timeutil import local_wall_clock, to_local, to_utc_naive, utcnow

SCOPE_THIS = "this"
SCOPE_FOLLOWING = "following"
SCOPE_ALL = "all"
SCOPES = (SCOPE_THIS, SCOPE_FOLLOWING, SCOPE_ALL)

# The agenda's own fields that a copy ("dupliceer") or a split series takes over; other
# capabilities add theirs through the cloner of kind "event" (`hubsite.cloning`).
CONTENT_FIELDS = (
    "title", "summary", "description", "room", "address", "online_url", "hosting_students",
    "audience", "accessibility", "image_id", "image_alt", "organisation_id", "skip_holidays",
)
# A change of one of these is a change of place (iCalendar SEQUENCE goes up).
PLACE_FIELDS = ("room", "address", "online_url")


class AgendaError(ValueError):
    """A change to the agenda that cannot be made; the message says why.

    `field` names the form field the message belongs next to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --------------------------------------------------------------------------- creating


def create_event(
    session: Session,
    hub: Hub,
    activity_type: ActivityType,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    recurrence: Recurrence | None = None,
    status: str = STATUS_DRAFT,
    **fields: Any,
) -> Event:
    """Create an activity and its dates. `starts_at`/`ends_at` are local (Amsterdam) times."""
    start_local, end_local = _checked_times(starts_at, ends_at)
    rule = _rule(recurrence, start_local)
    starts = _expand_or_fail(rule, start_local)
    duration = end_local - start_local
    first = starts[0]
    event = Event(hub=hub, activity_type=activity_type, title=title,
                  starts_at=to_utc_naive(first), ends_at=to_utc_naive(first + duration),
                  rrule=rule, status=status, **fields)
    session.add(event)
    for start in starts:
        utc = to_utc_naive(start)
        event.occurrences.append(
            Occurrence(starts_at=utc, ends_at=to_utc_naive(start + duration), original_start=utc)
        )
    if event.skip_holidays and rule:
        holidays.skip_holiday_dates(session, event, list(event.occurrences), future_only=False)
    session.flush()
    return event


def duplicate_event(
    session: Session,
    source: Event,
    starts_at: datetime,
    ends_at: datetime,
    recurrence: Recurrence | None = None,
    **fields: Any,
) -> Event:
    """A new draft with the content of `source` (overridden by `fields`) on new dates."""
    values = cloned_values("event", source)
    values.update(fields)
    activity_type = values.pop("activity_type", None) or source.activity_type
    title = values.pop("title")
    return create_event(session, source.hub, activity_type, title, starts_at, ends_at,
                        recurrence, status=STATUS_DRAFT, duplicated_from_id=source.id, **values)


def series_starts(event: Event) -> list[datetime]:
    """The local start times the series' rule gives (just the first for a one-off)."""
    first = to_local(event.starts_at)
    if not event.rrule:
        return [first]
    try:
        return expand(event.rrule, first)
    except RecurrenceError as error:
        raise AgendaError(str(error)) from error


def sync_occurrences(event: Event) -> None:
    """Add the dates the rule gives that have no row yet (used for new, unsaved events)."""
    duration = event.ends_at - event.starts_at
    existing = {occurrence.original_start for occurrence in event.occurrences}
    for start in series_starts(event):
        utc = to_utc_naive(start)
        if utc not in existing:
            event.occurrences.append(
                Occurrence(starts_at=utc, ends_at=utc + duration, original_start=utc)
            )


# --------------------------------------------------------------------------- status


def publish_event(session: Session, event: Event) -> None:
    """Make a draft visible to everyone."""
    if event.status != STATUS_DRAFT:
        raise AgendaError(_("Alleen een concept kan worden gepubliceerd."))
    event.status = STATUS_PUBLISHED
    _touch(event)
    session.flush()


def cancel_event(session: Session, event: Event, now: datetime | None = None) -> None:
    """Cancel the whole activity; it stays visible, marked as cancelled."""
    if event.status == STATUS_CANCELLED:
        raise AgendaError(_("Deze activiteit is al geannuleerd."))
    event.status = STATUS_CANCELLED
    event.cancelled_at = now or utcnow()
    event.sequence += 1
    _touch(event)
    session.flush()
    signals.event_cancelled.send(event, session=session)


# --------------------------------------------------------------------------- one date


def cancel_occurrence(session: Session, occurrence: Occurrence, now: datetime | None = None,
                      note: str | None = None) -> None:
    """Cancel one date of an activity."""
    now = now or utcnow()
    if occurrence.status == OCCURRENCE_CANCELLED:
        raise AgendaError(_("Deze datum is al geannuleerd."))
    if occurrence.ends_at <= now:
        raise AgendaError(_("Deze datum is al voorbij."))
    occurrence.status = OCCURRENCE_CANCELLED
    occurrence.cancelled_at = now
    if note is not None:
        occurrence.note = note
    _bump(occurrence)
    session.flush()
    signals.occurrence_cancelled.send(occurrence, session=session)


def restore_occurrence(session: Session, occurrence: Occurrence,
                       now: datetime | None = None) -> None:
    """Undo the cancellation of one date (not of a cancelled activity)."""
    now = now or utcnow()
    if occurrence.status != OCCURRENCE_CANCELLED:
        raise AgendaError(_("Deze datum is niet geannuleerd."))
    if occurrence.ends_at <= now:
        raise AgendaError(_("Deze datum is al voorbij."))
    occurrence.status = OCCURRENCE_SCHEDULED
    occurrence.cancelled_at = None
    _bump(occurrence)
    session.flush()


def move_occurrence(session: Session, occurrence: Occurrence, starts_at: datetime,
                    ends_at: datetime, now: datetime | None = None) -> None:
    """Move one date to another day or time (local times); its RECURRENCE-ID stays."""
    now = now or utcnow()
    start_local, end_local = _checked_times(starts_at, ends_at)
    start, end = to_utc_naive(start_local), to_utc_naive(end_local)
    if (start, end) == (occurrence.starts_at, occurrence.ends_at):
        return
    if start < now:
        raise AgendaError(_("Kies een moment in de toekomst."), field="date")
    previous_start, previous_end = occurrence.starts_at, occurrence.ends_at
    occurrence.starts_at, occurrence.ends_at = start, end
    _bump(occurrence)
    session.flush()
    signals.occurrence_moved.send(occurrence, session=session, previous_start=previous_start,
                                  previous_end=previous_end)


def change_occurrence(
    session: Session,
    occurrence: Occurrence,
    scope: str,
    starts_at: datetime,
    ends_at: datetime,
    title: str,
    room: str,
    address: str,
    note: str = "",
    now: datetime | None = None,
) -> Event:
    """Change a date "only this date", "this and following dates" or "all dates".

    Only this date may move to another day; the other scopes change the time
    of day, the title and the place of every date they cover. Returns the
    activity that now holds the date (a new one when a series is split).
    """
    now = now or utcnow()
    event = occurrence.event
    start_local, end_local = _checked_times(starts_at, ends_at)
    if scope == SCOPE_THIS:
        move_occurrence(session, occurrence, start_local, end_local, now)
        changed = False
        for name, value in (("title", title), ("room", room), ("address", address)):
            override = None if value == getattr(event, name) else value
            if getattr(occurrence, f"{name}_override") != override:
                setattr(occurrence, f"{name}_override", override)
                changed = True
        if changed:
            _bump(occurrence)
        occurrence.note = note
        _touch(event)
        session.flush()
        return event
    if scope not in SCOPES:
        raise AgendaError(_("Kies voor welke datums de wijziging geldt."), field="scope")
    original_local = to_local(occurrence.original_start)
    if start_local.date() != original_local.date():
        raise AgendaError(
            _("Een andere dag kan alleen voor deze ene datum. Kies ‘alleen deze datum’, "
              "of bewerk de hele activiteit om de herhaling te veranderen."), field="date")
    if scope == SCOPE_FOLLOWING:
        event = split_series(session, occurrence)
    new_first = local_wall_clock(to_local(event.starts_at).date(), start_local.time())
    update_event(session, event, new_first, new_first + (end_local - start_local),
                 _recurrence_of(event), now=now, title=title, room=room, address=address)
    covered = [o for o in event.occurrences
               if scope == SCOPE_ALL or o.original_start >= occurrence.original_start]
    for row in covered:
        row.title_override = row.room_override = row.address_override = None
    occurrence.note = note
    session.flush()
    return event


def add_extra_date(session: Session, event: Event, starts_at: datetime, ends_at: datetime,
                   now: datetime | None = None) -> Occurrence:
    """Add a date by hand (an RDATE) to an activity."""
    now = now or utcnow()
    start_local, end_local = _checked_times(starts_at, ends_at)
    start = to_utc_naive(start_local)
    if start < now:
        raise AgendaError(_("Kies een moment in de toekomst."), field="date")
    if any(o.original_start == start or o.starts_at == start for o in event.occurrences):
        raise AgendaError(_("Op dit moment staat al een datum van deze activiteit."), field="date")
    occurrence = Occurrence(starts_at=start, ends_at=to_utc_naive(end_local),
                            original_start=start, is_extra=True)
    event.occurrences.append(occurrence)
    event.sequence += 1
    _touch(event)
    session.flush()
    return occurrence


# --------------------------------------------------------------------------- whole series


def update_event(
    session: Session,
    event: Event,
    starts_at: datetime,
    ends_at: datetime,
    recurrence: Recurrence | None,
    now: datetime | None = None,
    **fields: Any,
) -> Event:
    """Change an activity and all its dates (local times).

    Existing date rows are shifted to the new times rather than replaced, so
    bookings stay attached; future dates the new rule no longer gives are
    cancelled (deleted only while the activity is a draft, which cannot have
    bookings).
    """
    now = now or utcnow()
    start_local, end_local = _checked_times(starts_at, ends_at)
    rule = _rule(recurrence, start_local)
    starts = _expand_or_fail(rule, start_local)
    duration = end_local - start_local
    old_first = to_local(event.starts_at)
    old_values = (event.starts_at, event.ends_at, event.rrule,
                  *(getattr(event, name) for name in PLACE_FIELDS))

    previous = {name: getattr(event, name) for name in fields}
    was_skipping = event.skip_holidays
    existing_rows = {id(row) for row in event.occurrences}
    for name, value in fields.items():
        setattr(event, name, value)
    event.rrule = rule
    event.starts_at = to_utc_naive(starts[0])
    event.ends_at = to_utc_naive(starts[0] + duration)
    new_values = (event.starts_at, event.ends_at, event.rrule,
                  *(getattr(event, name) for name in PLACE_FIELDS))
    if new_values != old_values:
        event.sequence += 1
    _touch(event)
    reschedule(session, event, old_first, starts, duration, now)
    if event.skip_holidays and event.rrule:
        # Switched on now: every date to come; already on: only the dates the change added.
        rows = [row for row in event.occurrences
                if not was_skipping or id(row) not in existing_rows]
        holidays.skip_holiday_dates(session, event, rows, now)
    session.flush()
    changed = frozenset(name for name, value in previous.items() if getattr(event, name) != value)
    signals.event_changed.send(event, session=session, changed=changed)
    return event


def split_series(session: Session, occurrence: Occurrence) -> Event:
    """Split a series at `occurrence`: the old activity ends the day before, a
    copy (same rule, new UID) takes this date and the ones after it.

    The rows of those dates move to the copy with their ids, so bookings follow.
    Splitting at the first date changes nothing and returns the same activity.
    """
    event = occurrence.event
    if not event.rrule or occurrence.original_start <= event.starts_at:
        return event
    starts = series_starts(event)
    split_start = to_local(occurrence.original_start)
    before = [s for s in starts if s < split_start]
    remaining_rule = event.rrule
    if parse_rrule(event.rrule).count:
        last_day = starts[-1].date()
        remaining_rule = with_until(event.rrule, last_day)
    duration = event.ends_at - event.starts_at
    copy = Event(hub=event.hub, activity_type=event.activity_type,
                 **cloned_values("event", event),
                 starts_at=occurrence.original_start,
                 ends_at=occurrence.original_start + duration,
                 rrule=remaining_rule, status=event.status, created_by=event.created_by,
                 duplicated_from_id=event.id)
    session.add(copy)
    session.flush()
    for row in [o for o in event.occurrences if o.original_start >= occurrence.original_start]:
        row.event = copy
    last_before = before[-1].date() if before else split_start.date() - timedelta(days=1)
    event.rrule = with_until(event.rrule, last_before)
    event.sequence += 1
    _touch(event)
    session.flush()
    return copy


# --------------------------------------------------------------------------- helpers


def _checked_times(starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    start_local, end_local = local_wall_clock(starts_at), local_wall_clock(ends_at)
    if end_local <= start_local:
        raise AgendaError(_("Het einde moet na het begin liggen."), field="end_time")
    if end_local - start_local > timedelta(days=14):
        raise AgendaError(_("Een activiteit duurt hoogstens twee weken; gebruik anders een "
                            "herhaling."), field="end_time")
    return start_local, end_local


def _rule(recurrence: Recurrence | None, start_local: datetime) -> str | None:
    if recurrence is None:
        return None
    try:
        return build_rrule(recurrence, start_local)
    except RecurrenceError as error:
        raise AgendaError(_("Deze herhaling kan niet: %(reason)s.", reason=str(error)),
                          field="repeat") from error


def _expand_or_fail(rule: str | None, start_local: datetime) -> list[datetime]:
    if rule is None:
        return [start_local]
    try:
        starts = expand(rule, start_local)
    except RecurrenceError as error:
        raise AgendaError(_("Deze herhaling kan niet: %(reason)s.", reason=str(error)),
                          field="repeat") from error
    if not starts:
        raise AgendaError(_("Deze herhaling levert geen enkele datum op. Controleer de "
                            "weekdagen en de einddatum."), field="repeat")
    return starts


def _recurrence_of(event: Event) -> Recurrence | None:
    return parse_rrule(event.rrule) if event.rrule else None


def _bump(occurrence: Occurrence) -> None:
    occurrence.sequence += 1
    occurrence.updated_at = utcnow()
    occurrence.event.sequence += 1
    _touch(occurrence.event)


def _touch(event: Event) -> None:
    event.updated_at = utcnow()


def next_free_date(taken: list[date], today: date) -> date:
    """The date a copy of an activity is proposed on: the first day after its last date on
    the same weekday (so a day it has no date on yet), and not in the past."""
    if not taken:
        return today
    candidate = max(taken) + timedelta(days=7)
    while candidate < today:
        candidate += timedelta(days=7)
    return candidate
