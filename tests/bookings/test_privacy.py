"""Abuse and privacy: rate limits, removing one's own data, purging old guest data."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from hubsite.bookings import seating
from hubsite.bookings.models import Booking
from hubsite.bookings.views import form_stamp
from hubsite.extensions import db
from hubsite.mail.models import OutboxMessage
from hubsite.timeutil import utcnow
from tests.bookings.conftest import days_ahead


def guest_form(occurrence, email: str) -> dict:
    return {"name": "Gast", "email": email, "seats": "1", "website": "",
            "started": form_stamp(occurrence.id)}


def test_booking_attempts_are_limited_per_email(make_app, occurrence):
    app = make_app(RATELIMIT_ENABLED=True, BOOKING_MIN_FORM_SECONDS=0,
                   BOOKING_EMAIL_RATE_LIMIT="2 per minute", BOOKING_RATE_LIMIT="50 per minute")
    client = app.test_client()
    url = f"/datums/{occurrence.id}/reserveren"
    answers = [client.form(url, guest_form(occurrence, "zelfde@example.nl")).status_code
               for _ in range(3)]
    assert answers == [303, 422, 429]  # booked, "already booked", then stopped
    assert client.form(url, guest_form(occurrence, "ander@example.nl")).status_code == 303


def test_booking_attempts_are_limited_per_address(make_app, occurrence):
    app = make_app(RATELIMIT_ENABLED=True, BOOKING_MIN_FORM_SECONDS=0,
                   BOOKING_EMAIL_RATE_LIMIT="50 per minute", BOOKING_RATE_LIMIT="3 per minute")
    client = app.test_client()
    url = f"/datums/{occurrence.id}/reserveren"
    answers = [client.form(url, guest_form(occurrence, f"g{n}@example.nl")).status_code
               for n in range(4)]
    assert answers == [303, 303, 303, 429]
    assert "Te veel pogingen" in client.form(
        url, guest_form(occurrence, "g9@example.nl")).get_data(as_text=True)
    assert client.get(url).status_code == 200  # looking is not limited


def test_a_person_removes_their_own_data_and_the_seat_moves_on(client, occurrence, book):
    mine = book(name="Sanne", email="sanne@example.nl", organisation="ROC", remark="Rolstoel")
    for _ in range(9):
        book()
    waiting = book()
    token = mine.token
    response = client.form(f"/bookings/{token}/verwijderen")
    assert response.status_code == 303
    db.session.expire_all()
    mine = db.session.get(Booking, mine.id)
    assert (mine.name, mine.email, mine.organisation, mine.remark) == ("", "", "", "")
    assert mine.status == "cancelled" and mine.anonymised_at is not None
    assert client.get(f"/bookings/{token}").status_code == 404
    assert db.session.get(Booking, waiting.id).status == "confirmed"


def test_removing_data_after_the_date_keeps_the_count(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(-3), booking_required=True, capacity=5)
    booking = seating.book(db.session, event.occurrences[0].id, name="Oud", email="o@x.nl",
                            by_host=True, notify=False)
    booking.status = "attended"
    db.session.commit()
    client.form(f"/bookings/{booking.token}/verwijderen")
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == "attended"
    assert db.session.get(Booking, booking.id).email == ""


def test_purge_anonymises_bookings_some_days_after_the_date(app, runner, make_event, hub,
                                                            book):
    old = make_event(hub, starts_at=days_ahead(-40), booking_required=True, capacity=5)
    recent = make_event(hub, starts_at=days_ahead(-5), booking_required=True, capacity=5)
    gone = seating.book(db.session, old.occurrences[0].id, name="Lang geleden",
                         email="oud@example.nl", by_host=True, notify=False)
    kept = seating.book(db.session, recent.occurrences[0].id, name="Net geweest",
                         email="net@example.nl", by_host=True, notify=False)
    coming = book()
    db.session.add(OutboxMessage(recipient="oud@example.nl", subject="Bevestiging",
                                 body_text="Hallo Lang geleden",
                                 sent_at=utcnow() - timedelta(days=45)))
    db.session.commit()
    app.config["PERSONAL_DATA_DAYS"] = 30
    result = runner.invoke(args=["purge-personal-data"])
    assert "anonymised 1 bookings, deleted 1 sent messages" in result.output
    db.session.expire_all()
    assert db.session.get(Booking, gone.id).email == ""
    assert db.session.get(Booking, gone.id).name == ""
    assert db.session.get(Booking, kept.id).email == "net@example.nl"
    assert db.session.get(Booking, coming.id).email == coming.email
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.recipient == "oud@example.nl")) == 0
    # Running it again finds nothing new.
    assert "anonymised 0 bookings" in runner.invoke(args=["purge-personal-data"]).output


def test_purge_takes_the_number_of_days_on_the_command_line(runner, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(-5), booking_required=True, capacity=5)
    seating.book(db.session, event.occurrences[0].id, name="A", email="a@example.nl",
                  by_host=True, notify=False)
    db.session.commit()
    assert "anonymised 1 bookings" in runner.invoke(
        args=["purge-personal-data", "--days", "2"]).output
