"""Booking through the site: guest form, one click, the personal link, clear refusals."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from hubsite.bookings.models import Booking
from hubsite.bookings.views import form_stamp
from hubsite.extensions import db
from tests.bookings.conftest import days_ahead
from tests.conftest import field_error, mail_messages, mail_text


def book_url(occurrence) -> str:
    return f"/datums/{occurrence.id}/reserveren"


def guest(**fields) -> dict:
    data = {"name": "Sanne de Vries", "email": "sanne@example.nl", "organisation": "",
            "seats": "1", "remark": "", "website": ""}
    data.update(fields)
    return data


def stamped(client, occurrence) -> str:
    """The signed start time from the booking form, as a browser would send it."""
    page = client.get(book_url(occurrence)).get_data(as_text=True)
    return re.search(r'name="started" value="([^"]+)"', page).group(1)


def post_guest(client, occurrence, **fields):
    data = guest(**fields)
    data.setdefault("started", form_stamp(occurrence.id))
    return client.form(book_url(occurrence), data)


def only_booking() -> Booking:
    return db.session.scalars(sa.select(Booking)).one()


def test_the_booking_page_shows_the_guest_form_with_labels(client, occurrence):
    response = client.get(book_url(occurrence))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for label in ("Naam", "E-mailadres", "Organisatie of school (niet verplicht)",
                  "Aantal plaatsen", "Opmerking (niet verplicht)"):
        assert f">{label}</label>" in page
    assert "Nog 10 plaatsen vrij" in page
    # The bot trap is hidden from everyone, screen readers included, and out of the tab order.
    assert re.search(r'aria-hidden="true">\s*<label for="website-\d+"', page)
    assert 'tabindex="-1"' in page


def test_a_guest_books_and_lands_on_the_personal_page(client, occurrence):
    response = post_guest(client, occurrence, organisation="ROC van Twente", seats="2",
                          started=stamped(client, occurrence))
    assert response.status_code == 303
    booking = only_booking()
    assert response.headers["Location"].endswith(f"/bookings/{booking.token}")
    assert (booking.name, booking.email, booking.seats, booking.status) == (
        "Sanne de Vries", "sanne@example.nl", 2, "confirmed")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Je reservering is bevestigd" in page
    assert "Rondleiding door de hub" in page
    assert "Sluiskade 5, 7607 AA Almelo" in page


def test_the_htmx_form_swaps_in_place_with_the_result(hx, occurrence):
    data = guest()
    data["started"] = stamped(hx, occurrence)
    response = hx.form(book_url(occurrence), data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith(f'<li id="booking-date-{occurrence.id}"')
    assert "<html" not in page
    assert "Je reservering is bevestigd." in page
    assert f"/bookings/{only_booking().token}" in page
    assert "HX-Request" in response.headers["Vary"]


def test_the_htmx_get_opens_the_form_in_place(hx, occurrence):
    page = hx.get(book_url(occurrence)).get_data(as_text=True)
    assert page.lstrip().startswith("<li") and 'name="email"' in page


def test_a_logged_in_person_books_with_one_click(client, visitor, occurrence):
    client.login(visitor)
    page = client.get(book_url(occurrence)).get_data(as_text=True)
    assert 'name="email"' not in page
    response = client.form(book_url(occurrence), {"seats": "1"})
    assert response.status_code == 303
    booking = only_booking()
    assert (booking.user_id, booking.email, booking.name) == (
        visitor.id, visitor.email, visitor.name)


def test_the_account_page_lists_my_bookings(client, visitor, occurrence):
    client.login(visitor)
    client.form(book_url(occurrence), {"seats": "1"})
    page = client.get("/account").get_data(as_text=True)
    assert "Mijn reserveringen" in page
    assert "Rondleiding door de hub" in page
    assert f"/bookings/{only_booking().token}" in page


@pytest.mark.parametrize(("field", "value", "message"), [
    ("email", "niet-een-adres", "Dit is geen geldig e-mailadres"),
    ("email", "", "Vul je e-mailadres in."),
    ("name", "", "Vul je naam in."),
    ("seats", "-1", "Kies minstens 1 plaats."),
    ("seats", "0", "Kies minstens 1 plaats."),
    ("seats", "6", "hoogstens 5 plaatsen"),
    ("seats", "veel", "Vul een heel getal in."),
])
def test_bad_input_gets_a_message_next_to_the_field_and_422(client, occurrence, field, value,
                                                            message):
    response = post_guest(client, occurrence, **{field: value})
    assert response.status_code == 422
    assert message in field_error(response.get_data(as_text=True), field)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0


def test_the_same_email_twice_gets_a_clear_message(client, occurrence):
    post_guest(client, occurrence)
    response = post_guest(client, occurrence, email="SANNE@example.nl")
    assert response.status_code == 422
    assert "al gereserveerd" in field_error(response.get_data(as_text=True), "email")


def test_a_closed_window_gets_a_clear_message(client, occurrence):
    occurrence.bookings_closed_at = occurrence.starts_at
    db.session.commit()
    response = post_guest(client, occurrence)
    assert response.status_code == 422
    assert "Reserveren voor deze datum is gesloten." in response.get_data(as_text=True)


def test_a_full_date_without_waiting_list_gets_a_clear_message(client, bookable, occurrence,
                                                               book):
    bookable.booking_waitlist = False
    db.session.commit()
    for _ in range(10):
        book()
    response = post_guest(client, occurrence)
    assert response.status_code == 422
    assert "vol" in response.get_data(as_text=True)


def test_a_full_date_offers_the_waiting_list(client, occurrence, book):
    for _ in range(10):
        book()
    page = client.get(book_url(occurrence)).get_data(as_text=True)
    assert "Op de wachtlijst" in page
    response = post_guest(client, occurrence)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Je staat op de wachtlijst (plaats 1)" in page


def test_a_wrong_token_is_a_clear_404(client):
    response = client.get("/bookings/niet-bestaand-token")
    assert response.status_code == 404
    assert "Deze reservering bestaat niet (meer)" in response.get_data(as_text=True)


def test_cancelling_with_a_wrong_token_is_a_404(client):
    assert client.form("/bookings/fout/annuleren").status_code == 404


def test_an_unknown_date_is_a_404(client):
    assert client.get("/datums/999999/reserveren").status_code == 404


def test_booking_without_csrf_token_is_refused(client, occurrence):
    response = client.post(book_url(occurrence), data=guest())
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0


def test_the_filled_honeypot_is_refused(client, occurrence):
    response = post_guest(client, occurrence, website="http://spam.example")
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0


def test_a_form_sent_too_fast_is_refused_then_accepted(app, client, occurrence, monkeypatch):
    app.config["BOOKING_MIN_FORM_SECONDS"] = 60
    response = post_guest(client, occurrence)
    assert response.status_code == 422
    assert "erg snel" in response.get_data(as_text=True)
    app.config["BOOKING_MIN_FORM_SECONDS"] = 0
    assert post_guest(client, occurrence).status_code == 303


def test_a_missing_or_forged_time_stamp_is_refused(client, occurrence):
    assert post_guest(client, occurrence, started="").status_code == 422
    assert post_guest(client, occurrence, started="abc.def.ghi").status_code == 422


def test_cancel_through_the_personal_link_frees_the_seat(client, occurrence, book):
    for _ in range(9):
        book()
    response = post_guest(client, occurrence)
    token = only_booking_of("sanne@example.nl").token
    waiting = book(name="Wachter")
    assert waiting.status == "waitlisted"
    response = client.form(f"/bookings/{token}/annuleren", {"confirmed": "1"})
    assert response.status_code == 303
    page = client.get(f"/bookings/{token}").get_data(as_text=True)
    assert "Je reservering is geannuleerd." in page
    db.session.refresh(waiting)
    assert waiting.status == "confirmed"


def only_booking_of(email: str) -> Booking:
    return db.session.scalars(sa.select(Booking).where(Booking.email == email)).one()


def test_cancel_with_htmx_swaps_the_booking_panel(hx, occurrence, book):
    booking = book()
    response = hx.form(f"/bookings/{booking.token}/annuleren", {"confirmed": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<article id="booking-manage"')
    assert "Je reservering is geannuleerd." in page


def test_cancelling_after_the_start_is_refused_with_409(client, book, occurrence):
    booking = book()
    occurrence.starts_at = occurrence.ends_at.replace(year=2000)
    occurrence.ends_at = occurrence.starts_at
    db.session.commit()
    response = client.form(f"/bookings/{booking.token}/annuleren")
    assert response.status_code == 409


def test_the_personal_page_is_not_cached_or_leaked(client, book):
    response = client.get(f"/bookings/{book().token}")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response.headers["Cache-Control"]


def test_the_personal_page_offers_the_date_as_ics(client, book):
    booking = book()
    response = client.get(f"/bookings/{booking.token}/agenda.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.data)
    assert calendar.walk("VEVENT")[0]["SUMMARY"] == "Rondleiding door de hub"


def test_a_draft_activity_cannot_be_booked(client, make_event, hub):
    draft = make_event(hub, starts_at=days_ahead(5), status="draft", booking_required=True,
                       capacity=5)
    assert client.get(book_url(draft.occurrences[0])).status_code == 404


def test_user_text_is_escaped(client, occurrence):
    response = post_guest(client, occurrence, name="<script>alert(1)</script>")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_the_confirmation_mail_is_in_the_bookers_language(client, occurrence):
    client.set_cookie("taal", "en")
    post_guest(client, occurrence)
    [message] = mail_messages(client.application)
    assert message["Subject"].startswith("Confirmation: Rondleiding door de hub on ")
    assert "Your booking is confirmed." in mail_text(message)
    assert only_booking().locale == "en"
    assert f"/bookings/{only_booking().token}" in mail_text(message)


@pytest.mark.parametrize(("seats", "message"), [("6", "hoogstens 5 plaatsen"),
                                                ("-3", "Kies minstens 1 plaats.")])
def test_a_logged_in_group_that_is_too_big_or_negative_gets_a_message(client, visitor,
                                                                      occurrence, seats,
                                                                      message):
    client.login(visitor)
    response = client.form(book_url(occurrence), {"seats": seats})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0
