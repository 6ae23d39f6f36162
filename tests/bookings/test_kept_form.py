"""The booking form for visitors who are not logged in is rendered once and kept, with
holes for what belongs to one answer: the session's CSRF token and the moment the form
was shown. It is kept by what it shows of bookings (the date's seats), so a booking of
another date leaves it as it is."""

from __future__ import annotations

import re
import time

import sqlalchemy as sa

from hubsite import antibot
from hubsite.bookings.antibot import FORM_STAMP_SALT, STAMP_HOLE
from hubsite.bookings.models import Booking
from hubsite.extensions import db
from hubsite.page_cache import CSRF_HOLE
from tests.bookings.conftest import days_ahead
from tests.conftest import counted_queries, rendered_templates


def _url(occurrence) -> str:
    return f"/datums/{occurrence.id}/reserveren"


def _hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


def _guest(page: str, email: str) -> dict:
    return {"csrf_token": _hidden(page, "csrf_token"), "started": _hidden(page, "started"),
            "name": "Gast", "email": email, "seats": "1", "website": ""}



def _bookings() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Booking))


def test_a_second_visitor_gets_the_kept_form_with_a_token_of_their_own(app, occurrence):
    first, second = app.test_client(), app.test_client()
    one = first.get(_url(occurrence))
    with rendered_templates(app) as seen, counted_queries() as queries:
        two = second.get(_url(occurrence))
    assert seen == []  # not rendered again
    assert len(queries) <= 3  # the date with its activity, its seats, the data's version
    pages = [one.get_data(as_text=True), two.get_data(as_text=True)]
    for page, response in zip(pages, (one, two), strict=True):
        assert "Nog 10 plaatsen vrij" in page
        assert CSRF_HOLE not in page and STAMP_HOLE not in page
        assert response.headers["Cache-Control"] == "private, no-cache"
        assert response.headers.get("Set-Cookie")  # the session the token belongs to
    assert _hidden(pages[0], "csrf_token") != _hidden(pages[1], "csrf_token")

    # Each visitor's token works for them, and not for the other.
    crossed = _guest(pages[1], "kruis@example.nl")
    assert first.post(_url(occurrence), data=crossed).status_code == 400
    for client, page, email in ((first, pages[0], "een@example.nl"),
                                (second, pages[1], "twee@example.nl")):
        assert client.post(_url(occurrence), data=_guest(page, email)).status_code == 303
    assert _bookings() == 2


def test_the_stamp_is_the_moment_of_the_answer_and_a_quick_form_is_a_bot(app, occurrence,
                                                                      monkeypatch):
    app.test_client().get(_url(occurrence))  # kept at this moment
    later = 1_000  # seconds after it was kept; the copy is still the same one
    clock = time.time
    monkeypatch.setattr("itsdangerous.timed.time", type("Clock", (), {
        "time": staticmethod(lambda: clock() + later)}))
    client = app.test_client()
    page = client.get(_url(occurrence)).get_data(as_text=True)
    _, shown = antibot._serializer(FORM_STAMP_SALT).loads(_hidden(page, "started"),
                                                           return_timestamp=True)
    assert shown.timestamp() >= clock() + later - 2

    app.config["BOOKING_MIN_FORM_SECONDS"] = 5
    response = client.post(_url(occurrence), data=_guest(page, "snel@example.nl"))
    assert response.status_code == 422
    assert "erg snel" in response.get_data(as_text=True)
    assert _bookings() == 0


def test_the_kept_form_shows_the_seats_left_as_they_are_now(app, occurrence, book):
    client = app.test_client()
    assert "Nog 10 plaatsen vrij" in client.get(_url(occurrence)).get_data(as_text=True)
    book(seats=3)
    assert "Nog 7 plaatsen vrij" in client.get(_url(occurrence)).get_data(as_text=True)


def test_a_booking_of_another_date_leaves_the_kept_form_as_it_is(app, make_event, hub,
                                                                  occurrence, book):
    other = make_event(hub, starts_at=days_ahead(12), title="Werkplaats",
                       booking_required=True, capacity=5).occurrences[0]
    app.test_client().get(_url(occurrence))
    book(target=other)
    with rendered_templates(app) as seen:
        page = app.test_client().get(_url(occurrence)).get_data(as_text=True)
    assert seen == []
    assert "Nog 10 plaatsen vrij" in page


def test_a_logged_in_person_never_gets_the_kept_form(app, client, visitor, occurrence):
    app.test_client().get(_url(occurrence))  # kept for visitors
    client.login(visitor)
    page = client.get(_url(occurrence)).get_data(as_text=True)
    assert "Je reserveert als Fatima Bezoeker" in page
    assert 'name="email"' not in page  # one click, not the guest form
    # And what the logged-in person saw never reaches a visitor.
    stranger = app.test_client().get(_url(occurrence)).get_data(as_text=True)
    assert "Fatima" not in stranger and 'name="email"' in stranger


def test_a_guests_booking_never_shows_on_the_kept_form(app, occurrence):
    guest = app.test_client()
    page = guest.get(_url(occurrence)).get_data(as_text=True)
    response = guest.post(_url(occurrence), data=_guest(page, "sanne@example.nl"),
                          follow_redirects=True)
    assert "sanne@example.nl" in response.get_data(as_text=True)
    again = guest.get(_url(occurrence)).get_data(as_text=True)
    stranger = app.test_client().get(_url(occurrence)).get_data(as_text=True)
    for page in (again, stranger):
        assert "sanne@example.nl" not in page and "Nog 9 plaatsen vrij" in page
