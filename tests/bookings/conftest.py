"""Fixtures for booking tests: an activity that needs booking, and a way to book."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hubsite.bookings import seating
from hubsite.extensions import db
from hubsite.timeutil import LOCAL_TZ


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "concurrency: the site under gunicorn, many bookings at once "
                   "(tests/bookings/test_concurrency.py)")


def days_ahead(days: int, hour: int = 14) -> datetime:
    """A local (Amsterdam) time `days` from today, on the hour."""
    today = datetime.now(LOCAL_TZ).date() + timedelta(days=days)
    return datetime(today.year, today.month, today.day, hour)


@pytest.fixture(autouse=True)
def no_minimum_form_time(app):
    """The "filled in too fast" check is tested on its own; elsewhere a form may be quick."""
    app.config["BOOKING_MIN_FORM_SECONDS"] = 0


@pytest.fixture
def bookable(make_event, hub):
    """A published activity with one date in ten days, 10 seats, groups up to 5."""
    return make_event(hub, starts_at=days_ahead(10), title="Rondleiding door de hub",
                      booking_required=True, capacity=10, booking_max_group=5)


@pytest.fixture
def occurrence(bookable):
    return bookable.occurrences[0]


@pytest.fixture
def book(occurrence):
    """Book through the service and commit: `book(name="Ann", seats=2, email=…)`."""
    counter = iter(range(1, 10_000))

    def make(target=None, **fields):
        n = next(counter)
        fields.setdefault("name", f"Gast {n}")
        fields.setdefault("email", f"gast{n}@example.nl")
        booking = seating.book(db.session, (target or occurrence).id, **fields)
        db.session.commit()
        return booking

    return make
