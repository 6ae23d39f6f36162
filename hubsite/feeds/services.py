"""What each calendar feed holds, and a cheap fingerprint of it, as plain query functions.

Every feed is answered in two steps: `*_state` runs one aggregate query
(count and latest change of the rows the feed would hold), from which the
view derives the ETag and Last-Modified and answers 304 or serves a cached
copy; only on a miss do `*_rows` load the rows, in one query whatever their
number. The state and the rows use the same WHERE clause, so they agree.

How far feeds reach (the site's decision, see `FeedWindow`; the numbers are
settings, read in `hubsite.config`):

- public feeds (and the private feed of one's bookings, `hubsite.bookings.calendar`,
  which builds on these helpers) hold dates from `FEED_PAST_DAYS` days
  ago onwards, or from the `from` filter when one is given; a single
  activity's file holds all its dates;
- cancelled activities, dates and bookings stay in for `FEED_CANCELLED_DAYS`
  days after the cancellation, marked STATUS:CANCELLED, then drop out;
- drafts are never in a feed.

Both limits move once a day (at local midnight), so within a day a feed
changes only when its data changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, contains_eager
from werkzeug.datastructures import MultiDict

from hubsite.agenda.listing import ANONYMOUS, AgendaFilters
from hubsite.agenda.listing import occurrence_select as agenda_occurrence_select
from hubsite.agenda.models import (
    OCCURRENCE_CANCELLED,
    STATUS_CANCELLED,
    STATUS_DRAFT,
    ActivityType,
    Event,
    Occurrence,
)
from hubsite.agenda.query import FILTER_KEYS, parse_agenda_query
from hubsite.feeds.links import feed_title
from hubsite.hubs.models import Hub
from hubsite.i18n import current_language
from hubsite.timeutil import local_today, local_wall_clock, to_utc_naive


class FeedError(ValueError):
    """A feed request that cannot be answered (bad filter); the message says why."""


# --------------------------------------------------------------------------- reference data


@dataclass(frozen=True)
class Reference:
    """The hubs and activity types, which every public feed names (LOCATION, CATEGORIES)."""

    hubs: dict[str, Hub]
    types: dict[str, ActivityType]
    fingerprint: str


def reference_data(session: Session) -> Reference:
    """All hubs and types (a handful each), with a fingerprint of what feeds show of them."""
    hubs = {hub.slug: hub for hub in session.scalars(sa.select(Hub).order_by(Hub.id))}
    types = {t.slug: t for t in session.scalars(sa.select(ActivityType).order_by(ActivityType.id))}
    digest = hashlib.sha256()
    for hub in hubs.values():
        digest.update(repr((hub.id, hub.slug, hub.name, hub.address, hub.postcode,
                            hub.city)).encode())
    for activity_type in types.values():
        digest.update(repr((activity_type.id, activity_type.slug, activity_type.name_nl,
                            activity_type.name_en)).encode())
    return Reference(hubs, types, digest.hexdigest()[:16])


def parse_filters(args: MultiDict, reference: Reference) -> AgendaFilters:
    """The agenda filters from `/agenda.ics` query arguments, read exactly as `/agenda` reads them.

    Where `/agenda` shows the page with a message about a value it did not
    understand (an unknown hub, a date that is no date), a feed has nobody to
    show a message to: it raises `FeedError` with that message instead of
    quietly serving a different calendar than the one asked for.
    """
    query = parse_agenda_query(args, reference.hubs, reference.types)
    problems = [message for key, message in query.errors.items() if key in FILTER_KEYS]
    if problems:
        raise FeedError(" ".join(problems))
    return query.filters


def feed_name(filters: AgendaFilters, reference: Reference) -> str:
    """The calendar's name for a filtered agenda: `Hub Almelo, Workshop – agenda …`."""
    parts = [reference.hubs[slug].name for slug in filters.hubs if slug in reference.hubs]
    parts += [reference.types[slug].name(current_language()) for slug in filters.types
              if slug in reference.types]
    if filters.q:
        parts.append(f"‘{filters.q}’")
    if filters.start and filters.end:
        parts.append(_("%(start)s t/m %(end)s", start=_day(filters.start), end=_day(filters.end)))
    elif filters.start:
        parts.append(_("vanaf %(start)s", start=_day(filters.start)))
    elif filters.end:
        parts.append(_("t/m %(end)s", end=_day(filters.end)))
    return feed_title(", ".join(parts) or None)


def _day(value: date) -> str:
    return f"{value.day}-{value.month}-{value.year}"


# --------------------------------------------------------------------------- window


@dataclass(frozen=True)
class FeedWindow:
    """Which dates and cancellations a subscribed feed still holds (naive UTC instants)."""

    day_start: datetime  # local midnight of today: the moment the limits last moved
    past_since: datetime
    cancelled_since: datetime


def feed_window(*, past_days: int, cancelled_days: int,
                now: datetime | None = None) -> FeedWindow:
    """The limits for today, moved at local midnight so they change once a day."""
    return _window_on(local_today(now), past_days, cancelled_days)


@lru_cache(maxsize=16)
def _window_on(today: date, past_days: int, cancelled_days: int) -> FeedWindow:
    # A function of the date alone, asked on every feed request (304s too): made once a day.
    midnight = local_wall_clock(today, time())
    return FeedWindow(
        day_start=to_utc_naive(midnight),
        past_since=to_utc_naive(local_wall_clock(today - timedelta(days=past_days), time())),
        cancelled_since=to_utc_naive(midnight - timedelta(days=cancelled_days)),
    )


def recently_cancelled(status_column, cancelled_status: str, cancelled_at, updated_at,
                        since: datetime):
    """Not cancelled, or cancelled on or after `since`."""
    return sa.or_(status_column != cancelled_status,
                  sa.func.coalesce(cancelled_at, updated_at) >= since)


def public_conditions(window: FeedWindow | None) -> list[sa.ColumnElement[bool]]:
    """What keeps a cancelled activity or date in a feed: cancelled within the window."""
    if window is None:
        return []
    return [
        recently_cancelled(Event.status, STATUS_CANCELLED, Event.cancelled_at,
                            Event.updated_at, window.cancelled_since),
        recently_cancelled(Occurrence.status, OCCURRENCE_CANCELLED, Occurrence.cancelled_at,
                            Occurrence.updated_at, window.cancelled_since),
    ]


# --------------------------------------------------------------------------- state


@dataclass(frozen=True)
class FeedState:
    """How many rows a feed holds and when the newest of them changed."""

    count: int
    last_change: datetime | None

    def key(self) -> str:
        stamp = self.last_change.isoformat() if self.last_change else "-"
        return f"{self.count}:{stamp}"


def state_of_row(row: sa.Row) -> FeedState:
    """The state from an aggregate row: (count, latest change of each table...)."""
    count, *stamps = row
    present = [stamp for stamp in stamps if stamp is not None]
    return FeedState(int(count or 0), max(present) if present else None)


def state_of_rows(occurrences: Iterable[Occurrence]) -> FeedState:
    """The state of loaded rows, computed as the aggregate query computes it."""
    rows = list(occurrences)
    stamps = [o.updated_at for o in rows] + [o.event.updated_at for o in rows]
    return FeedState(len(rows), max(stamps) if stamps else None)


def _agenda_select(filters: AgendaFilters, window: FeedWindow | None) -> sa.Select:
    # The very query behind /agenda, so /agenda.ics holds the same activities (a feed
    # shows no pictures).
    query = agenda_occurrence_select(filters, ANONYMOUS, pictures=False)
    if window is not None and filters.start is None:
        query = query.where(Occurrence.starts_at >= window.past_since)
    return query.where(*public_conditions(window))


def agenda_state(session: Session, filters: AgendaFilters, window: FeedWindow) -> FeedState:
    """Count and latest change of the dates `/agenda.ics` holds for `filters` (one query)."""
    query = _agenda_select(filters, window).with_only_columns(
        sa.func.count(Occurrence.id), sa.func.max(Occurrence.updated_at),
        sa.func.max(Event.updated_at))
    return state_of_row(session.execute(query).one())


def agenda_stamps(session: Session, filters: AgendaFilters,
                  window: FeedWindow) -> list[tuple[int, datetime, int, datetime]]:
    """The dates `/agenda.ics` holds, in its order, as plain values: (activity id, its
    `updated_at`, date id, its `updated_at`) (one query, no objects)."""
    query = _agenda_select(filters, window).with_only_columns(
        Occurrence.event_id, Event.updated_at, Occurrence.id, Occurrence.updated_at,
    ).order_by(Occurrence.event_id, Occurrence.starts_at)
    return list(session.execute(query))  # type: ignore[arg-type]  # Rows unpack as tuples


# Dates fetched at a time while a feed is built: the network's feed holds tens of
# thousands, which a worker must not hold as objects all at once.
ROWS_AT_A_TIME = 1000


def agenda_rows(session: Session, filters: AgendaFilters, window: FeedWindow,
                event_ids: Collection[int] | None = None) -> Iterator[Occurrence]:
    """The dates `/agenda.ics` holds (of the activities `event_ids` only, when given), by
    activity, with activity, hub and type loaded (one query), fetched as they are used."""
    query = _agenda_select(filters, window).order_by(Occurrence.event_id, Occurrence.starts_at)
    if event_ids is not None:
        query = query.where(Occurrence.event_id.in_(list(event_ids)))
    return iter(session.scalars(query.execution_options(yield_per=ROWS_AT_A_TIME)))


def public_event(session: Session, event_id: int) -> Event | None:
    """A published or cancelled activity (never a draft), with its hub and type."""
    return session.scalar(
        sa.select(Event).join(Event.hub).join(Event.activity_type)
        .options(contains_eager(Event.hub), contains_eager(Event.activity_type))
        .where(Event.id == event_id, Event.status != STATUS_DRAFT)
    )


def event_state(session: Session, event: Event) -> FeedState:
    """Count and latest change of one activity's dates (one query)."""
    query = (sa.select(sa.func.count(Occurrence.id), sa.func.max(Occurrence.updated_at),
                       sa.func.max(Event.updated_at))
             .select_from(Occurrence).join(Occurrence.event)
             .where(Occurrence.event_id == event.id))
    return state_of_row(session.execute(query).one())


def event_rows(session: Session, event: Event) -> list[Occurrence]:
    """All dates of one activity, cancelled ones and past ones included."""
    query = (sa.select(Occurrence).where(Occurrence.event_id == event.id)
             .order_by(Occurrence.starts_at))
    # Each row's `event` is then found in the session, without a query per row.
    return list(session.scalars(query))
