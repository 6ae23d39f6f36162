"""Agenda logic as plain functions: create activities and keep their dates in step."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hubsite.agenda.models import STATUS_DRAFT, ActivityType, Event, Occurrence
from hubsite.agenda.recurrence import Recurrence, RecurrenceError, build_rrule, expand
from hubsite.hubs.models import Hub
from hubsite.timeutil import LOCAL_TZ, to_local, to_utc_naive


class AgendaError(ValueError):
    """A change to the agenda that cannot be made; the message says why."""


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
    start_local = _as_local(starts_at)
    end_local = _as_local(ends_at)
    if end_local <= start_local:
        raise AgendaError("end before start")
    rule = build_rrule(recurrence, start_local) if recurrence else None
    event = Event(hub=hub, activity_type=activity_type, title=title,
                  starts_at=to_utc_naive(start_local), ends_at=to_utc_naive(end_local),
                  rrule=rule, status=status, **fields)
    session.add(event)
    sync_occurrences(event)
    if not event.occurrences:
        raise AgendaError("the recurrence yields no dates")
    session.flush()
    return event


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
    """Make the stored dates match the rule: add missing ones, drop ones the rule
    no longer gives (extra dates stay), keep changed dates as they are."""
    duration = event.ends_at - event.starts_at
    wanted = {to_utc_naive(start) for start in series_starts(event)}
    existing = {occurrence.original_start: occurrence for occurrence in event.occurrences}
    for original, occurrence in existing.items():
        if original not in wanted and not occurrence.is_extra:
            event.occurrences.remove(occurrence)
    for start in sorted(wanted - existing.keys()):
        event.occurrences.append(
            Occurrence(starts_at=start, ends_at=start + duration, original_start=start)
        )


def _as_local(value: datetime) -> datetime:
    return value.replace(tzinfo=LOCAL_TZ) if value.tzinfo is None else value.astimezone(LOCAL_TZ)
