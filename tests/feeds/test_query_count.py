"""A feed costs the same number of SQL queries for 10 activities as for 200."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from hubsite.agenda.models import Occurrence
from hubsite.agenda.recurrence import Recurrence
from hubsite.bookings.models import Booking
from hubsite.extensions import db
from hubsite.feeds.cache import MemoryCache
from tests.conftest import counted_queries


def make_activities(hub, make_event, make_activity_type, n: int) -> None:
    kinds = [make_activity_type("workshop"), make_activity_type("gastles", "Gastles", "Guest")]
    for i in range(n):
        start = datetime(2027, 1, 4, 9) + timedelta(days=i % 300, hours=i % 8)
        recurrence = Recurrence("WEEKLY", count=4) if i % 5 == 0 else None
        make_event(hub, starts_at=start, title=f"Activiteit {i}", activity_type=kinds[i % 2],
                   description=f"Over **activiteit** {i}.", recurrence=recurrence)


def queries_for(app, client, url: str) -> tuple[int, int, int]:
    """Queries for a first request (built), a cached one, and a conditional one (304)."""
    app.extensions["feeds.cache"] = MemoryCache()
    db.session.expunge_all()
    with counted_queries() as built:
        response = client.get(url)
    assert response.status_code == 200
    with counted_queries() as cached:
        assert client.get(url).status_code == 200
    with counted_queries() as conditional:
        assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code \
            == 304
    return len(built), len(cached), len(conditional)


@pytest.mark.parametrize("url", ["/agenda.ics", "/hubs/almelo/agenda.ics",
                                 "/agenda.ics?hub=almelo&type=workshop&type=gastles&q=activiteit"])
def test_public_feed_queries_do_not_grow_with_activities(app, client, hub, make_event,
                                                         make_activity_type, url):
    make_activities(hub, make_event, make_activity_type, 10)
    few = queries_for(app, client, url)
    make_activities(hub, make_event, make_activity_type, 200)
    many = queries_for(app, client, url)
    assert few == many
    assert many[2] <= 3  # the 304: hubs, types and one aggregate query


def test_event_feed_queries_do_not_grow_with_dates(app, client, hub, make_event):
    short = make_event(hub, starts_at=datetime(2027, 1, 5, 14), recurrence=Recurrence("WEEKLY",
                                                                                     count=3))
    long = make_event(hub, starts_at=datetime(2027, 1, 5, 16), recurrence=Recurrence("WEEKLY",
                                                                                    count=200))
    short_url, long_url = f"/events/{short.id}.ics", f"/events/{long.id}.ics"
    assert queries_for(app, client, short_url) == queries_for(app, client, long_url)


def test_private_feed_queries_do_not_grow_with_bookings(app, client, hub, visitor, make_event,
                                                        make_activity_type):
    make_activities(hub, make_event, make_activity_type, 40)
    occurrence_ids = list(db.session.scalars(sa.select(Occurrence.id).order_by(Occurrence.id)))
    url = f"/calendar/{visitor.calendar_token}.ics"
    user_id = visitor.id

    def book(ids: list[int]) -> None:
        for occurrence_id in ids:
            db.session.add(Booking(occurrence_id=occurrence_id, user_id=user_id, name="Fatima",
                                   email="bezoeker@example.nl"))
        db.session.commit()

    book(occurrence_ids[:2])
    few = queries_for(app, client, url)
    book(occurrence_ids[2:40])
    many = queries_for(app, client, url)
    assert few == many
