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

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, contains_eager, selectinload

from hubsite.agenda import signals
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
    with_until,
)
from hubsite.hubs.models import Hub
from hubsite.timeutil import LOCAL_TZ, local_wall_clock, to_local, to_utc_naive, utcnow

SCOPE_THIS = "this"
SCOPE_FOLLOWING = "following"
SCOPE_ALL = "all"
SCOPES = (SCOPE_THIS, SCOPE_FOLLOWING, SCOPE_ALL)

# Fields a copy ("dupliceer") or a split series takes over from the original.
COPIED_FIELDS = (
    "hub_id", "activity_type_id", "organisation_id", "title", "summary", "description",
    "room", "address", "online_url", "hosting_students", "audience", "accessibility",
    "image_id", "image_alt", "booking_required", "capacity", "booking_opens_days",
    "booking_closes_hours", "booking_max_group", "booking_waitlist",
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
    values = {name: getattr(source, name) for name in COPIED_FIELDS}
    values.update(fields)
    values.pop("hub_id")
    values.pop("activity_type_id")
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
        event = split_series(session, occurrence, now)
    new_first = datetime.combine(to_local(event.starts_at).date(), start_local.time(), LOCAL_TZ)
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
    _reschedule(session, event, old_first, starts, duration, now)
    session.flush()
    return event


def split_series(session: Session, occurrence: Occurrence, now: datetime | None = None) -> Event:
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
    if "COUNT=" in event.rrule:
        last_day = starts[-1].date()
        remaining_rule = with_until(event.rrule, last_day)
    duration = event.ends_at - event.starts_at
    copy = Event(hub=event.hub, activity_type=event.activity_type,
                 **{name: getattr(event, name) for name in COPIED_FIELDS
                    if name not in ("hub_id", "activity_type_id")},
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


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class AgendaFilters:
    """What a visitor filters the agenda on (hub and type slugs, free text, local dates)."""

    hubs: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    q: str = ""
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Viewer:
    """Whose agenda this is: drafts show only to the team of their hub."""

    team_hub_ids: frozenset[int] = frozenset()
    is_admin: bool = False

    def sees_drafts_of(self, hub_id: int) -> bool:
        return self.is_admin or hub_id in self.team_hub_ids


ANONYMOUS = Viewer()


def viewer_for(user: Any) -> Viewer:
    """The viewer for a (possibly anonymous) user: admins and hub teams see their drafts."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return Viewer(frozenset(m.hub_id for m in user.memberships), bool(user.is_admin))


def coming_week(session: Session, viewer: Viewer, hub_slugs: tuple[str, ...] = (),
                now: datetime | None = None, days: int = 7, limit: int = 30) -> list[Occurrence]:
    """What is on from now until the end of the seventh day ahead (home and hub pages)."""
    now = now or utcnow()
    last_day = to_local(now).date() + timedelta(days=days)
    filters = AgendaFilters(hubs=hub_slugs, end=last_day)
    return upcoming_occurrences(session, filters, viewer, now=now, limit=limit).items


@dataclass
class Page:
    """One page of dates and the cursor of the next page (None: this was the last)."""

    items: list[Occurrence]
    next_cursor: tuple[datetime, int] | None


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Naive UTC instants from local midnight of `start` to local midnight after `end`."""
    return (to_utc_naive(datetime.combine(start, time(), LOCAL_TZ)),
            to_utc_naive(datetime.combine(end + timedelta(days=1), time(), LOCAL_TZ)))


def occurrence_select(filters: AgendaFilters, viewer: Viewer) -> sa.Select:
    """Dates with their activity, hub and type loaded in the same query."""
    query = (
        sa.select(Occurrence)
        .join(Occurrence.event)
        .join(Event.hub)
        .join(Event.activity_type)
        .options(contains_eager(Occurrence.event).contains_eager(Event.hub),
                 contains_eager(Occurrence.event).contains_eager(Event.activity_type))
    )
    visible = Event.status != STATUS_DRAFT
    if viewer.is_admin:
        visible = sa.true()
    elif viewer.team_hub_ids:
        visible = sa.or_(visible, Event.hub_id.in_(sorted(viewer.team_hub_ids)))
    query = query.where(visible)
    if filters.hubs:
        query = query.where(Hub.slug.in_(filters.hubs))
    if filters.types:
        query = query.where(ActivityType.slug.in_(filters.types))
    for word in filters.q.split()[:8]:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(sa.or_(
            Event.title.ilike(pattern, escape="\\"),
            Event.summary.ilike(pattern, escape="\\"),
            Event.description.ilike(pattern, escape="\\"),
            Occurrence.title_override.ilike(pattern, escape="\\"),
            Hub.name.ilike(pattern, escape="\\"),
            Hub.city.ilike(pattern, escape="\\"),
            ActivityType.name_nl.ilike(pattern, escape="\\"),
            ActivityType.name_en.ilike(pattern, escape="\\"),
        ))
    if filters.start:
        query = query.where(Occurrence.starts_at >= day_bounds(filters.start, filters.start)[0])
    if filters.end:
        query = query.where(Occurrence.starts_at < day_bounds(filters.end, filters.end)[1])
    return query


def upcoming_occurrences(
    session: Session,
    filters: AgendaFilters,
    viewer: Viewer = ANONYMOUS,
    now: datetime | None = None,
    after: tuple[datetime, int] | None = None,
    limit: int = 40,
) -> Page:
    """Dates that have not ended yet (from `filters.start` when given), soonest first.

    A page ends at a day boundary where it can, so "load more" continues with a
    new day; one query whatever the number of activities.
    """
    now = now or utcnow()
    query = occurrence_select(filters, viewer).where(Occurrence.ends_at > now)
    if after:
        query = query.where(sa.tuple_(Occurrence.starts_at, Occurrence.id) > sa.tuple_(*after))
    query = query.order_by(Occurrence.starts_at, Occurrence.id).limit(limit + 1)
    rows = list(session.scalars(query).unique())
    return _page(rows, limit)


def past_occurrences(
    session: Session,
    filters: AgendaFilters,
    viewer: Viewer = ANONYMOUS,
    now: datetime | None = None,
    before: tuple[datetime, int] | None = None,
    limit: int = 40,
) -> Page:
    """Dates that have ended, most recent first (the archive)."""
    now = now or utcnow()
    query = occurrence_select(filters, viewer).where(Occurrence.ends_at <= now)
    if before:
        query = query.where(sa.tuple_(Occurrence.starts_at, Occurrence.id) < sa.tuple_(*before))
    query = query.order_by(Occurrence.starts_at.desc(), Occurrence.id.desc()).limit(limit + 1)
    rows = list(session.scalars(query).unique())
    return _page(rows, limit)


def occurrences_between(session: Session, filters: AgendaFilters, viewer: Viewer,
                        start: date, end: date) -> list[Occurrence]:
    """All dates starting on local days `start` to `end` (both included), in order."""
    lower, upper = day_bounds(start, end)
    query = (occurrence_select(filters, viewer)
             .where(Occurrence.starts_at >= lower, Occurrence.starts_at < upper)
             .order_by(Occurrence.starts_at, Occurrence.id))
    return list(session.scalars(query).unique())


def upcoming_dates(session: Session, event: Event, now: datetime | None = None,
                   limit: int = 100) -> list[Occurrence]:
    """The coming dates of one activity, cancelled ones included."""
    now = now or utcnow()
    query = (sa.select(Occurrence)
             .where(Occurrence.event_id == event.id, Occurrence.ends_at > now)
             .order_by(Occurrence.starts_at, Occurrence.id).limit(limit))
    return list(session.scalars(query))


def past_dates_count(session: Session, event: Event, now: datetime | None = None) -> int:
    """How many dates of the activity are over."""
    now = now or utcnow()
    return session.scalar(sa.select(sa.func.count(Occurrence.id))
                          .where(Occurrence.event_id == event.id, Occurrence.ends_at <= now)) or 0


def event_for_view(session: Session, event_id: int) -> Event | None:
    """One activity with what its page shows loaded up front."""
    return session.scalar(
        sa.select(Event).where(Event.id == event_id)
        .options(selectinload(Event.hub), selectinload(Event.activity_type),
                 selectinload(Event.organisation))
    )


def _page(rows: list[Occurrence], limit: int) -> Page:
    if len(rows) <= limit:
        return Page(rows, None)
    boundary_day = to_local(rows[limit].starts_at).date()
    shown = [row for row in rows[:limit] if to_local(row.starts_at).date() != boundary_day]
    if not shown:  # one very full day: cut inside it
        shown = rows[:limit]
    last = shown[-1]
    return Page(shown, (last.starts_at, last.id))


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
    from hubsite.agenda.recurrence import parse_rrule

    return parse_rrule(event.rrule) if event.rrule else None


def _reschedule(session: Session, event: Event, old_first: datetime, starts: list[datetime],
                duration: timedelta, now: datetime) -> None:
    """Match the stored dates to the new series `starts` (local), keeping row ids.

    A row follows the shift of the first date (another time of day, another
    day); failing that it stays on a date the new rule still gives. Rows left
    over are cancelled when they are still to come (deleted for drafts).
    """
    new_first = starts[0]
    day_shift = new_first.date() - old_first.date()
    wanted = [to_utc_naive(start) for start in starts]
    wanted_set = set(wanted)
    taken: set[datetime] = set()
    target: dict[int, datetime] = {}
    rows = sorted((o for o in event.occurrences if not o.is_extra), key=lambda o: o.original_start)
    leftover: list[Occurrence] = []
    for row in rows:
        local_day = to_local(row.original_start).date() + day_shift
        candidate = to_utc_naive(datetime.combine(local_day, new_first.time(), LOCAL_TZ))
        if candidate in wanted_set and candidate not in taken:
            target[id(row)] = candidate
            taken.add(candidate)
        else:
            leftover.append(row)
    unmatched: list[Occurrence] = []
    for row in leftover:
        if row.original_start in wanted_set and row.original_start not in taken:
            target[id(row)] = row.original_start
            taken.add(row.original_start)
        else:
            unmatched.append(row)

    for row in unmatched:
        if event.status == STATUS_DRAFT:
            event.occurrences.remove(row)
        elif row.starts_at > now and row.status != OCCURRENCE_CANCELLED:
            row.status = OCCURRENCE_CANCELLED
            row.cancelled_at = now
            row.sequence += 1
            signals.occurrence_cancelled.send(row, session=session)
    # A left-over row may hold the RECURRENCE-ID another row is moving to: nudge it aside.
    kept_originals = {row.original_start for row in unmatched if row in event.occurrences}
    for row in unmatched:
        if row in event.occurrences and row.original_start in taken:
            nudged = row.original_start
            while nudged in taken or nudged in kept_originals:
                nudged += timedelta(seconds=1)
            target[id(row)] = nudged

    moves: list[tuple[Occurrence, datetime, datetime]] = []
    old_original = {id(row): row.original_start for row in rows}
    changing = [row for row in event.occurrences
                if id(row) in target and target[id(row)] != row.original_start]
    if changing:
        # Two steps, so that the unique (event, RECURRENCE-ID) pair holds after every UPDATE.
        for n, row in enumerate(changing):
            row.original_start = datetime(1900, 1, 1) + timedelta(minutes=n)
        session.flush()
    for row in rows:
        if id(row) not in target or row not in event.occurrences:
            continue
        previous = (row.starts_at, row.ends_at)
        row.original_start = target[id(row)]
        # A date moved by hand keeps its own time; the others follow the series.
        if previous[0] == old_original[id(row)] and row.original_start in wanted_set:
            row.starts_at = row.original_start
            row.ends_at = row.original_start + duration
        if (row.starts_at, row.ends_at) != previous:
            moves.append((row, *previous))
    for start in wanted:
        if start not in taken:
            event.occurrences.append(
                Occurrence(starts_at=start, ends_at=start + duration, original_start=start))
    session.flush()
    for row, previous_start, previous_end in moves:
        if previous_start > now and row.status != OCCURRENCE_CANCELLED:
            signals.occurrence_moved.send(row, session=session, previous_start=previous_start,
                                          previous_end=previous_end)


def _bump(occurrence: Occurrence) -> None:
    occurrence.sequence += 1
    occurrence.updated_at = utcnow()
    occurrence.event.sequence += 1
    _touch(occurrence.event)


def _touch(event: Event) -> None:
    event.updated_at = utcnow()
