"""The htmx error contract (hubsite/rendering.py): a refused htmx request shows its message.

An htmx request that swaps a region and fails answers its status with a small message
and `HX-Retarget: #messages` + `HX-Reswap: innerHTML`, so the message lands in the
page's message region and the element the request aimed at stays as it was. A form
with mistakes (422) re-renders itself in place instead. A boosted page load still gets
the whole error page, and a page request without JavaScript the error page too.
"""

from __future__ import annotations

import re

import pytest

from hubsite.bookings import seating
from hubsite.bookings.views import form_stamp
from hubsite.extensions import db
from tests.bookings.conftest import days_ahead

HX = {"HX-Request": "true", "HX-Current-URL": "http://localhost/events/1"}


@pytest.fixture
def occurrence(make_event, hub):
    event = make_event(hub, starts_at=days_ahead(10), title="Rondleiding door de hub",
                       booking_required=True, capacity=10, booking_max_group=5)
    return event.occurrences[0]


@pytest.fixture
def booking(occurrence):
    made = seating.book(db.session, occurrence.id, name="Sanne", email="sanne@example.nl")
    db.session.commit()
    return made


def guest_form(occurrence, **fields) -> dict:
    data = {"name": "Sanne", "email": "sanne@example.nl", "seats": "1", "website": "",
            "started": form_stamp(occurrence.id)}
    data.update(fields)
    return data


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).strip()


def assert_sent_to_the_message_region(response, status: int, message: str) -> None:
    assert response.status_code == status
    assert response.headers["HX-Retarget"] == "#messages"
    assert response.headers["HX-Reswap"] == "innerHTML"
    assert response.headers["HX-Push-Url"] == "false"
    assert message in text_of(response)
    body = response.get_data(as_text=True)
    assert "<html" not in body and "Naar de startpagina" not in body, "a message, not a page"


def test_an_expired_form_on_an_hx_post_says_so_in_the_message_region(app, client, occurrence):
    app.config["BOOKING_MIN_FORM_SECONDS"] = 0
    response = client.post(f"/datums/{occurrence.id}/reserveren", data=guest_form(occurrence),
                           headers=HX)

    assert_sent_to_the_message_region(response, 400, "Het formulier is verlopen")


def test_someone_else_s_check_in_is_refused_in_the_message_region(client, other_host, booking):
    client.login(other_host)

    response = client.form(f"/deelnemers/{booking.id}/aanwezig", {"status": "attended"},
                           headers=HX)

    assert_sent_to_the_message_region(response, 403, "Je hebt geen toegang")
    assert booking.status == "confirmed"


def test_a_check_in_of_a_booking_that_is_gone_says_so(client, host, hub):
    client.login(host)

    response = client.form("/deelnemers/999/aanwezig", {"status": "attended"}, headers=HX)

    assert_sent_to_the_message_region(response, 404, "bestaat niet")


def test_a_refused_cancel_through_the_personal_link_shows_why(client, booking, occurrence):
    occurrence.starts_at = occurrence.starts_at.replace(year=2000)
    occurrence.ends_at = occurrence.starts_at
    db.session.commit()

    response = client.form(f"/bookings/{booking.token}/annuleren", headers=HX)

    assert_sent_to_the_message_region(response, 409, "annuleren kan niet meer")


def test_a_refused_cancel_without_javascript_shows_the_booking_page_with_why(
        client, booking, occurrence):
    occurrence.starts_at = occurrence.starts_at.replace(year=2000)
    occurrence.ends_at = occurrence.starts_at
    db.session.commit()

    response = client.form(f"/bookings/{booking.token}/annuleren")

    assert response.status_code == 409
    assert "HX-Retarget" not in response.headers
    assert "annuleren kan niet meer" in text_of(response)
    assert "Je reservering" in text_of(response)


def test_a_refused_check_in_leaves_the_row_and_shows_why(client, host, booking):
    booking.status = "cancelled"
    db.session.commit()
    client.login(host)

    response = client.form(f"/deelnemers/{booking.id}/aanwezig", {"status": "attended"},
                           headers=HX)

    assert_sent_to_the_message_region(response, 422, "Alleen bevestigde reserveringen")


def test_a_refused_host_cancel_shows_why(client, host, booking):
    booking.status = "attended"
    db.session.commit()
    client.login(host)

    response = client.form(f"/deelnemers/{booking.id}/annuleren", headers=HX)

    assert_sent_to_the_message_region(response, 422, "al afgevinkt")


def test_a_small_form_with_a_mistake_is_rendered_again_in_place(app, client, occurrence):
    app.config["BOOKING_MIN_FORM_SECONDS"] = 0

    response = client.form(f"/datums/{occurrence.id}/reserveren",
                           guest_form(occurrence, seats="0"), headers=HX)

    assert response.status_code == 422
    assert "HX-Retarget" not in response.headers
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith(f'<li id="booking-date-{occurrence.id}"')
    assert "Kies minstens 1 plaats." in body


def test_too_many_tries_on_an_hx_post_say_so_in_the_message_region(make_app, occurrence):
    app = make_app(RATELIMIT_ENABLED=True, BOOKING_MIN_FORM_SECONDS=0,
                   BOOKING_RATE_LIMIT="1 per minute")
    client = app.test_client()
    url = f"/datums/{occurrence.id}/reserveren"
    client.form(url, guest_form(occurrence), headers=HX)

    response = client.form(url, guest_form(occurrence, email="ander@example.nl"), headers=HX)

    assert_sent_to_the_message_region(response, 429, "Te veel pogingen")


def test_a_boosted_page_load_still_gets_the_whole_error_page(client):
    response = client.get("/hubs/nergens", headers={**HX, "HX-Boosted": "true"})

    assert response.status_code == 404
    assert "HX-Retarget" not in response.headers
    body = response.get_data(as_text=True)
    assert "<html" in body and "Niet gevonden" in body


def test_a_page_request_gets_the_error_page_with_the_refusal(client, host, booking):
    booking.status = "cancelled"
    db.session.commit()
    client.login(host)

    response = client.form(f"/deelnemers/{booking.id}/aanwezig", {"status": "attended"})

    assert response.status_code == 422
    assert "Alleen bevestigde reserveringen" in text_of(response)
    assert "<html" in response.get_data(as_text=True)


def test_a_logged_out_htmx_request_is_sent_to_the_log_in_page_whole(client, booking):
    response = client.form(f"/deelnemers/{booking.id}/aanwezig", {"status": "attended"},
                           headers=HX)

    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/inloggen?next=/events/1"
    assert response.get_data() == b""


@pytest.mark.parametrize("query", ["from=banana", "hub=atlantis"])
def test_a_filter_answers_the_same_status_with_or_without_htmx(client, hub, query):
    page = client.get(f"/agenda?{query}")
    fragment = client.get(f"/agenda?{query}", headers=HX)

    assert page.status_code == fragment.status_code == 422
    assert "HX-Retarget" not in fragment.headers, "the filter form shows its own messages"
