"""What bookings does when the agenda changes: tell the people booked, and give new
seats to the waiting list. Connected to the agenda's signals by `init_app`."""

from __future__ import annotations

from flask import Flask

from hubsite.agenda import signals
from hubsite.agenda.models import Event, Occurrence
from hubsite.bookings.notifications import (
    notify_date_cancelled,
    notify_date_moved,
    notify_event_cancelled,
)
from hubsite.bookings.seating import BOOKING_SETTINGS, promote_upcoming


def _date_cancelled(occurrence: Occurrence, session, **_kwargs) -> None:
    notify_date_cancelled(session, occurrence)


def _date_moved(occurrence: Occurrence, session, previous_start=None, previous_end=None,
                **_kwargs) -> None:
    notify_date_moved(session, occurrence, previous_start, previous_end)


def _event_cancelled(event: Event, session, **_kwargs) -> None:
    notify_event_cancelled(session, event)


def _event_changed(event: Event, session, changed: frozenset[str] = frozenset(), **_kwargs) -> None:
    # More seats, or a waiting list opened, whatever page changed them: the first
    # in line get the seats in the same transaction (and their mail).
    if changed & BOOKING_SETTINGS:
        promote_upcoming(session, event)


def init_app(app: Flask) -> None:
    signals.occurrence_cancelled.connect(_date_cancelled)
    signals.occurrence_moved.connect(_date_moved)
    signals.event_cancelled.connect(_event_cancelled)
    signals.event_changed.connect(_event_changed)
