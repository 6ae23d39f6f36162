"""`flask seed-demo` adds a few demo bookings, once."""

from __future__ import annotations

import sqlalchemy as sa

from hubsite.bookings.models import Booking
from hubsite.extensions import db


def test_seed_demo_adds_bookings_once(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Booking))
    assert count > 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking).where(
        Booking.status == "waitlisted")) == 2
    second = runner.invoke(args=["seed-demo"])
    assert "bookings: 0 demo bookings added" in second.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == count
