"""Finding dates in the agenda: filters, who is looking, pages of dates, one activity.

One query per list, whatever the number of activities; the feeds build on
`occurrence_select` so that a feed holds exactly what the agenda page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, contains_eager, selectinload

from hubsite.agenda.models import STATUS_DRAFT, ActivityType, Event, Occurrence
from hubsite.hubs.models import Hub
from hubsite.timeutil import local_wall_clock, to_local, to_utc_naive, utcnow


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
    return (to_utc_naive(local_wall_clock(start, time())),
            to_utc_naive(local_wall_clock(end + timedelta(days=1), time())))


def occurrence_select(filters: AgendaFilters, viewer: Viewer, pictures: bool = True
                      ) -> sa.Select:
    """Dates with their activity, hub and type loaded in the same query (and, unless
    `pictures` is false, each activity's picture in one more)."""
    query = (
        sa.select(Occurrence)
        .join(Occurrence.event)
        .join(Event.hub)
        .join(Event.activity_type)
        .options(contains_eager(Occurrence.event).contains_eager(Event.hub),
                 contains_eager(Occurrence.event).contains_eager(Event.activity_type))
    )
    if pictures:
        # Lists show each activity's picture: one more query for the whole page.
        query = query.options(contains_eager(Occurrence.event).selectinload(Event.image))
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


def count_dates(session: Session, filters: AgendaFilters, viewer: Viewer, *, past: bool = False,
                now: datetime | None = None) -> int:
    """How many dates match: the coming ones (not ended yet), or with `past` the ended ones.

    One query, whatever the number of dates; the agenda shows it as its result count.
    """
    now = now or utcnow()
    query = occurrence_select(filters, viewer).where(
        Occurrence.ends_at <= now if past else Occurrence.ends_at > now)
    ids = query.with_only_columns(Occurrence.id).order_by(None).subquery()
    return session.scalar(sa.select(sa.func.count()).select_from(ids)) or 0


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
