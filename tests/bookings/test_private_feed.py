"""A person's private feed of their own bookings, behind a renewable secret link."""

from __future__ import annotations

import ast
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

import hubsite.feeds
from hubsite.agenda import services as agenda
from hubsite.agenda.models import Occurrence
from hubsite.agenda.recurrence import Recurrence
from hubsite.bookings.models import (
    BOOKING_CANCELLED,
    BOOKING_CONFIRMED,
    BOOKING_WAITLISTED,
    Booking,
)
from hubsite.extensions import db
from hubsite.timeutil import to_local, utcnow
from tests.feeds.helpers import expand, make_activities, queries_for, slots, vevents


def book(user, occurrence, status=BOOKING_CONFIRMED, **fields) -> Booking:
    booking = Booking(occurrence=occurrence, user_id=user.id if user else None,
                      name=user.name if user else "Gast", email=user.email if user else "g@x.nl",
                      status=status, **fields)
    db.session.add(booking)
    db.session.commit()
    return booking


@pytest.fixture
def series(hub, make_event):
    return make_event(hub, starts_at=datetime(2027, 3, 2, 14), title="Open inloop",
                      recurrence=Recurrence("WEEKLY", weekdays=("TU",), count=10))


def feed_url(user) -> str:
    return f"/calendar/{user.calendar_token}.ics"


def test_private_feed_holds_only_the_owners_bookings(client, visitor, make_user, series):
    other = make_user()
    mine = book(visitor, series.occurrences[1])
    book(other, series.occurrences[2])
    book(None, series.occurrences[3])

    response = client.get(feed_url(visitor))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.cache_control.private
    (vevent,) = vevents(response.data)
    assert vevent.decoded("DTSTART") == to_local(mine.occurrence.starts_at)
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert other.email not in response.text and "Gast" not in response.text


def test_each_booked_date_has_a_stable_uid_of_its_own(client, visitor, series):
    first = book(visitor, series.occurrences[0])
    book(visitor, series.occurrences[5])
    uids = [str(c["UID"]) for c in vevents(client.get(feed_url(visitor)).data)]
    assert len(set(uids)) == 2
    assert series.uid not in uids
    assert first.token not in " ".join(uids)

    series.title = "Open inloop (anders)"
    db.session.commit()
    assert [str(c["UID"]) for c in vevents(client.get(feed_url(visitor)).data)] == uids


def test_waitlisted_is_tentative_and_cancelled_is_cancelled(client, visitor, series):
    book(visitor, series.occurrences[0], status=BOOKING_WAITLISTED)
    book(visitor, series.occurrences[1], status=BOOKING_CANCELLED, cancelled_at=utcnow())
    confirmed = book(visitor, series.occurrences[2])
    agenda.cancel_occurrence(db.session, confirmed.occurrence)
    db.session.commit()

    statuses = [str(c["STATUS"]) for c in sorted(vevents(client.get(feed_url(visitor)).data),
                                                  key=lambda c: c.decoded("DTSTART"))]
    assert statuses == ["TENTATIVE", "CANCELLED", "CANCELLED"]
    instances = expand(client.get(feed_url(visitor)).data, date(2027, 1, 1), date(2027, 12, 31))
    assert [start for start, _, _ in slots(instances)] == [
        to_local(series.occurrences[0].starts_at)]


def test_long_cancelled_bookings_drop_out(app, client, visitor, series):
    book(visitor, series.occurrences[1], status=BOOKING_CANCELLED,
         cancelled_at=utcnow() - timedelta(days=app.config["FEED_CANCELLED_DAYS"] + 1))
    assert vevents(client.get(feed_url(visitor)).data) == []


def test_url_points_to_the_booking_or_the_activity(app, client, visitor, series):
    booking = book(visitor, series.occurrences[1])
    (vevent,) = vevents(client.get(feed_url(visitor)).data)
    if "bookings.manage" in app.view_functions:
        assert str(vevent["URL"]).endswith(f"/bookings/{booking.token}")
    else:
        assert str(vevent["URL"]) == f"http://hubsite.test/events/{series.id}"


def test_wrong_token_is_404(client, visitor, series):
    book(visitor, series.occurrences[1])
    assert client.get("/calendar/" + "x" * 43 + ".ics").status_code == 404
    assert client.get("/calendar/" + visitor.calendar_token[:-1] + ".ics").status_code == 404


def test_renewed_token_kills_the_old_url(client, visitor, series):
    book(visitor, series.occurrences[1])
    old_url = feed_url(visitor)
    assert client.get(old_url).status_code == 200

    client.login(visitor)
    response = client.form("/account/agenda-link")
    assert response.status_code in (302, 303)
    db.session.refresh(visitor)

    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(visitor)).status_code == 200


def test_private_feed_answers_304_when_nothing_changed(client, visitor, series):
    booking = book(visitor, series.occurrences[1])
    etag = client.get(feed_url(visitor)).headers["ETag"]
    assert client.get(feed_url(visitor), headers={"If-None-Match": etag}).status_code == 304
    booking.status = BOOKING_CANCELLED
    db.session.commit()
    assert client.get(feed_url(visitor), headers={"If-None-Match": etag}).status_code == 200


def test_account_page_shows_the_private_feed_link(client, visitor):
    client.login(visitor)
    page = client.get("/account").text
    assert f"http://hubsite.test/calendar/{visitor.calendar_token}.ics" in page


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


def test_the_feeds_package_imports_nothing_of_bookings():
    """bookings builds on feeds, never the other way round (no cycle between the two)."""

    for path in Path(hubsite.feeds.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not any(name.startswith("hubsite.bookings") for name in names), path.name
